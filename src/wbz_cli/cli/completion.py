"""Shell completion (bash, zsh, fish) beyond commands and option names, which click completes
itself: enum values by English key and Chinese label, and children's codes.

``attach`` runs over the command tree when the shell asks for completions (``run_completion``),
not on every command. An option takes an enum when its
help was written by ``options.enum_help`` (it ends with the enum's ``choices_text``), so the
command modules need no change. Codes come from the database named by ``--db``/``WBZ_DB``,
read by ``store.peek`` without creating, migrating or changing the file; only codes are
offered, never names.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, MutableMapping
from functools import cache
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from wbz_cli.domain.enums import LabeledEnum

#: Arguments and options that take a child (code or ID number).
CHILD_PARAMS = frozenset({"child", "child_a", "child_b"})
SHELLS = ("bash", "zsh", "fish")
#: typer's own options that install or print the completion script, in Chinese.
COMPLETION_HELP = {
    "install_completion": "为当前 shell（bash、zsh 或 fish）安装命令补全，重新打开终端后生效",
    "show_completion": "打印当前 shell 的补全脚本，可复制或自行安装",
}


def _all_enums(cls: type[LabeledEnum] = LabeledEnum) -> list[type[LabeledEnum]]:
    found = []
    for sub in cls.__subclasses__():
        if len(sub):
            found.append(sub)
        found.extend(_all_enums(sub))
    return found


@cache
def _choice_texts() -> tuple[tuple[str, type[LabeledEnum]], ...]:
    """Each enum's ``choices_text``, longest first (the enums are all imported by then)."""
    texts = [(cls.choices_text(), cls) for cls in _all_enums()]
    return tuple(sorted(texts, key=lambda pair: -len(pair[0])))


def enum_of(param: click.Parameter) -> type[LabeledEnum] | None:
    """The enum whose values ``param`` takes, when its help lists them (``enum_help``)."""
    text = getattr(param, "help", None) or ""
    if "（" not in text:
        return None
    return next((cls for choices, cls in _choice_texts() if choices in text), None)


def enum_values(cls: type[LabeledEnum], incomplete: str) -> list[CompletionItem]:
    """Keys first, then Chinese labels, that start with what is typed; each with its pair
    as help (zsh and fish show it)."""
    keys = [CompletionItem(m.value, help=m.label) for m in cls if m.value.startswith(incomplete)]
    labels = [CompletionItem(m.label, help=m.value) for m in cls if m.label.startswith(incomplete)]
    return keys + labels


def child_codes(ctx: click.Context, incomplete: str) -> list[CompletionItem]:
    from wbz_cli.store.peek import child_codes as codes

    db = ctx.find_root().params.get("db") or os.environ.get("WBZ_DB") or "wbz.db"
    return [CompletionItem(code) for code in codes(Path(db), incomplete)]


def attach(group: click.Group) -> None:
    """Give every enum option and every child parameter below ``group`` its completion."""
    from wbz_cli.cli.help_examples import walk

    for _path, command in walk(group):
        for param in command.params:
            completer = _completer(param)
            if completer is not None:
                param._custom_shell_complete = completer  # click's hook for this


def completion_options_in_chinese(params: list[click.Parameter]) -> list[click.Parameter]:
    """typer adds ``--install-completion`` and ``--show-completion`` to the root group after
    building it, with English help: this puts it in Chinese."""
    for param in params:
        if param.name in COMPLETION_HELP:
            param.help = COMPLETION_HELP[param.name]
    return params


def _completer(
    param: click.Parameter,
) -> Callable[[click.Context, click.Parameter, str], list[CompletionItem]] | None:
    if param.name in CHILD_PARAMS:
        return lambda ctx, _param, incomplete: child_codes(ctx, incomplete)
    cls = enum_of(param)
    if cls is not None:
        return lambda _ctx, _param, incomplete: enum_values(cls, incomplete)
    return None


def run_completion(
    command: click.Command, ctx_args: MutableMapping[str, Any], prog_name: str, var: str
) -> None:
    """Answer the shell's completion request in ``var``, if any, and exit. Both typer's
    wording (``complete_bash``, what ``--install-completion`` installs) and click's
    (``bash_complete``) are understood."""
    instruction = os.environ.get(var)
    if not instruction:
        return
    first, _, second = instruction.partition("_")
    if first in SHELLS:
        instruction = f"{second}_{first}"
    from typer.completion import shell_complete

    if isinstance(command, click.Group):
        attach(command)
    sys.exit(shell_complete(command, ctx_args, prog_name, var, instruction))
