"""``--out FILE`` for every command that prints data: the CSV or JSON it would print, written
to a file instead (CSV with a UTF-8 byte-order mark, so that Excel opens it right).

A command takes the option through ``@with_out`` (below its ``@app.command``), or, when it
has an ``--out`` of its own (``due``), through ``list_file``. The file is claimed before any
work (``AppContext.output``: never the database or its journals; an existing file only after
a question or ``--force``; a missing folder is named), written whole (0600) when the command
ends (also with exit code 3, "done, something needs attention") and logged in the audit as an
export of the command (``export children``)."""

from __future__ import annotations

import functools
import inspect
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import click
import typer

from wbz_cli.cli.options import ForceOpt
from wbz_cli.domain.errors import InvalidInput

if TYPE_CHECKING:
    from wbz_cli.cli.context import AppContext
    from wbz_cli.sheets.output import Target

F = TypeVar("F", bound=Callable[..., Any])

OutFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="写入文件而不显示：.csv（带 BOM，Excel 可直接打开）或 .json；"
        "不给 --format 时按扩展名决定格式",
    ),
]

#: The formats a file may hold, and the extensions ``sheets.output`` allows for each.
FILE_FORMATS = ("csv", "json")


def with_out(func: F) -> F:
    """Give the command ``--out FILE`` and ``--force``: its ``--format csv|json`` output goes
    to the file (see ``list_file``). The command's own parameters stay as they are."""
    signature = inspect.signature(func, eval_str=True)
    taken = {"out", "force"} & set(signature.parameters)
    if taken:
        raise TypeError(f"{func.__name__} already has {taken}: call list_file itself")
    keyword = inspect.Parameter.KEYWORD_ONLY
    extra = [
        inspect.Parameter("out", keyword, default=None, annotation=OutFileOpt),
        inspect.Parameter("force", keyword, default=False, annotation=ForceOpt),
    ]

    @functools.wraps(func)
    def command(*args: Any, out: Path | None = None, force: bool = False, **kwargs: Any) -> Any:
        if out is None:
            return func(*args, **kwargs)
        with list_file(out, kwargs["fmt"], force, reveal=bool(kwargs.get("reveal"))) as fmt:
            return func(*args, **{**kwargs, "fmt": fmt})

    command.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *extra]
    )
    command.__annotations__ = {
        **{p.name: p.annotation for p in signature.parameters.values()},
        "out": OutFileOpt,
        "force": ForceOpt,
    }
    return command  # type: ignore[return-value]


E = TypeVar("E", bound=Enum)


@contextmanager
def list_file(out: Path, fmt: E, force: bool, *, reveal: bool = False) -> Iterator[E]:
    """Inside the block the command prints as usual, in the format yielded (``fmt``, or the
    one the file's extension names when ``--format`` was not given); what it prints goes to
    ``out``, written when the block ends without error or with exit code 3."""
    from wbz_cli.cli.context import app_context

    ctx = click.get_current_context()
    actx = app_context(ctx)  # type: ignore[arg-type]
    target = actx.output(out, _file_kinds(ctx, fmt), force=force)
    chosen = type(fmt)(target.kind)
    buffer = io.StringIO()
    try:
        with redirect_stdout(buffer):
            yield chosen
    except click.exceptions.Exit as done:
        if done.exit_code not in (0, 3):
            raise
        _write(actx, ctx, target, buffer.getvalue(), reveal)
        raise
    _write(actx, ctx, target, buffer.getvalue(), reveal)


def _file_kinds(ctx: click.Context, fmt: Enum) -> tuple[str, ...]:
    if fmt.value in FILE_FORMATS:
        return (fmt.value,)
    source = ctx.get_parameter_source("fmt")
    if fmt.value == "table" and source in (None, click.core.ParameterSource.DEFAULT):
        return FILE_FORMATS
    raise InvalidInput(
        f"--out 只能写 CSV 或 JSON 文件，不能与 --format {fmt.value} 同时使用："
        "请用 --format csv 或 --format json，或不给 --format（按扩展名决定）"
    )


def _write(actx: AppContext, ctx: click.Context, target: Target, text: str, reveal: bool) -> None:
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.audit import record_list_export
    from wbz_cli.sheets.output import write_text

    write_text(target, text, bom=target.kind == "csv")
    rows = _row_count(text, target.kind)
    record_list_export(
        actx.store(), command_name(ctx), target.path, target.kind, rows, reveal=reveal
    )
    info(f"已写入 {target.path}（{rows} 条）")


def command_name(ctx: click.Context) -> str:
    """The command as typed after ``wbz`` (``visit list``)."""
    names: list[str] = []
    current: click.Context | None = ctx
    while current is not None and current.parent is not None:
        names.append(current.info_name or "")
        current = current.parent
    return " ".join(reversed(names))


def _row_count(text: str, kind: str) -> int:
    if kind == "json":
        try:
            data = json.loads(text)
        except ValueError:
            return 0
        return len(data) if isinstance(data, list) else 1
    import csv

    return max(0, sum(1 for _ in csv.reader(io.StringIO(text))) - 1)
