"""click's usage errors (exit code 2) as one Chinese line plus one suggestion.

click and typer word their errors in English and print the usage line, a help hint and, for a
mistyped command, the suggestions twice. ``WbzGroup`` turns every ``click.UsageError`` into a
``ChineseUsageError`` here, built from what the exception carries (the option, the parameter,
its type, the close matches), so the wording does not depend on click's English text:

    错误：wbz children 没有选项 --bogus
    提示：是不是 --community？（wbz children --help 列出全部选项）
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import IO, Any

import click

from wbz_cli.domain.printable import printable

#: Where the root group keeps the command line it was given (``ctx.meta``), for the hint that
#: moves a global option in front of the command.
ARGV_KEY = "wbz.argv"


class ChineseUsageError(click.UsageError):
    """A usage error already put in Chinese: ``show`` prints the line and the suggestion."""

    def __init__(self, message: str, hint: str, ctx: click.Context | None = None) -> None:
        super().__init__(message, ctx)
        self.hint = hint

    def show(self, file: IO[Any] | None = None) -> None:
        out = file if file is not None else sys.stderr
        out.write(f"错误：{printable(self.message)}\n")
        if self.hint:
            out.write(f"提示：{printable(self.hint)}\n")


def in_chinese(exc: click.UsageError, argv: Sequence[str] = ()) -> click.UsageError:
    """``exc`` as a ``ChineseUsageError``; the help shown for a bare group stays as it is.
    ``argv`` is the whole command line after ``wbz`` (for the global-option hint)."""
    if isinstance(exc, ChineseUsageError | click.exceptions.NoArgsIsHelpError):
        return exc
    ctx = exc.ctx
    if ctx is not None:
        from wbz_cli.cli.help_examples import describe

        root = ctx.find_root().command
        if isinstance(root, click.Group):
            describe(root)  # the argument's description, the command's example
    path = ctx.command_path if ctx is not None else "wbz"
    help_hint = f"运行 {path} --help 查看用法"
    if isinstance(exc, click.exceptions.NoSuchCommand):
        message, hint = _no_such_command(exc, path)
    elif isinstance(exc, click.NoSuchOption):
        message, hint = _no_such_option(exc, path, argv)
    elif isinstance(exc, click.MissingParameter):
        message, hint = _missing(exc, path), _example_hint(path) or help_hint
    elif isinstance(exc, click.BadParameter):
        message, hint = _bad_value(exc), help_hint
    elif isinstance(exc, click.BadOptionUsage):
        message, hint = _bad_option_usage(exc), help_hint
    else:
        message, hint = _other(exc.message), help_hint
    return ChineseUsageError(message, hint, ctx)


def _no_such_command(exc: click.exceptions.NoSuchCommand, path: str) -> tuple[str, str]:
    what = "命令" if " " not in path else "子命令"
    message = f"{path} 没有{what}“{exc.command_name}”"
    if exc.possibilities:
        return message, f"是不是 {path} {exc.possibilities[0]}？（{path} --help 列出全部{what}）"
    return message, f"运行 {path} --help 列出全部{what}"


def _no_such_option(exc: click.NoSuchOption, path: str, argv: Sequence[str]) -> tuple[str, str]:
    name = exc.option_name
    message = f"{path} 没有选项 {name}"
    ctx = exc.ctx
    root = ctx.find_root() if ctx is not None else None
    if root is not None and ctx is not root and name in _option_names(root.command):
        return message, _move_global_option(name, root, argv)
    if exc.possibilities:
        return message, f"是不是 {exc.possibilities[0]}？（{path} --help 列出全部选项）"
    return message, f"运行 {path} --help 列出全部选项"


def _option_names(command: click.Command) -> set[str]:
    return {
        opt
        for param in command.params
        if isinstance(param, click.Option)
        for opt in (*param.opts, *param.secondary_opts)
    }


def _move_global_option(name: str, root: click.Context, argv: Sequence[str]) -> str:
    """``--db x`` written after the command: the same command line with it moved in front."""
    args = list(argv)
    moved: list[str] = []
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            moved = [arg, args[i + 1]]
            del args[i : i + 2]
            break
        if arg.startswith(name + "="):
            moved = [arg]
            del args[i]
            break
    prog = root.info_name or "wbz"
    fixed = " ".join([prog, *moved, *args]) if moved else f"{prog} {name} … 命令 …"
    return f"{name} 是 {prog} 的全局选项，要写在命令之前：{fixed}"


def _param_name(param: click.Parameter | None, ctx: click.Context | None) -> str:
    if param is None:
        return "参数"
    if isinstance(param, click.Option) and param.opts:
        return max(param.opts, key=len)
    return param.make_metavar(ctx) if ctx is not None else (param.name or "").upper()


def _missing(exc: click.MissingParameter, path: str) -> str:
    param = exc.param
    name = _param_name(param, exc.ctx)
    kind = "选项" if isinstance(param, click.Option) else "参数"
    about = f"（{param.help}）" if param is not None and getattr(param, "help", None) else ""
    return f"{path} 缺少{kind} {name}{about}"


def _example_hint(path: str) -> str:
    from wbz_cli.cli.help_examples import examples_for

    found = examples_for(path.split(" ", 1)[1] if " " in path else "")
    return f"例如：{found[0]}" if found else ""


#: ``'八' is not a valid integer.`` and the like: the value as click quoted it.
_QUOTED = re.compile(r"^(?P<q>['\"])(?P<value>.*)(?P=q) is not ")
_OUT_OF_RANGE = re.compile(r"^(?P<value>\S+) is not in the range ")


def _bad_value(exc: click.BadParameter) -> str:
    param = exc.param
    name = _param_name(param, exc.ctx)
    kind = param.type if param is not None else None
    quoted = _QUOTED.match(exc.message)
    out_of_range = _OUT_OF_RANGE.match(exc.message)
    if isinstance(kind, click.Choice):
        value = quoted["value"] if quoted else ""
        choices = "、".join(str(getattr(c, "value", c)) for c in kind.choices)
        return f"{name} 的值“{value}”无效，可选：{choices}"
    if isinstance(kind, click.IntRange | click.FloatRange) and out_of_range:
        return f"{name} 的值 {out_of_range['value']} 超出范围：{_range_text(kind)}"
    if quoted and isinstance(kind, click.types.IntParamType | click.types.FloatParamType):
        number = "整数" if isinstance(kind, click.types.IntParamType) else "数字"
        return f"{name} 的值“{quoted['value']}”不是{number}，请填写阿拉伯数字（如 30）"
    if quoted:
        return f"{name} 的值“{quoted['value']}”无效"
    return f"{name} 的值无效：{exc.message}"


def _range_text(kind: Any) -> str:
    low = "" if kind.min is None else f"{kind.min}{'（不含）' if kind.min_open else ''}"
    high = "" if kind.max is None else f"{kind.max}{'（不含）' if kind.max_open else ''}"
    if low and high:
        return f"只能填 {low} 到 {high} 之间的数"
    return f"不能小于 {low}" if low else f"不能大于 {high}"


def _bad_option_usage(exc: click.BadOptionUsage) -> str:
    name = exc.option_name
    if "requires" in exc.message:
        return f"选项 {name} 后面缺少要填的值"
    if "does not take a value" in exc.message:
        return f"选项 {name} 是开关，不带值"
    return f"选项 {name} 用法有误：{exc.message}"


_EXTRA = re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)$")


def _other(message: str) -> str:
    extra = _EXTRA.match(message)
    if extra:
        return f"多余的参数：{extra['args']}（含空格的内容请加引号）"
    if message.startswith("Missing command"):
        return "缺少子命令"
    return f"命令行用法有误：{message}"
