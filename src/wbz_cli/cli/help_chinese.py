"""``--help`` in Chinese: click and typer write the frame of every help page in English
("Usage:", "Options", "Arguments", "Commands", "Show this message and exit.", "[default: …]",
"[required]", "[env var: …]"). ``in_chinese_help`` gives every command of the tree a context
whose formatter writes those words in Chinese (用法、选项、参数、命令、显示帮助并退出、默认、必填、
环境变量); the help texts of the commands themselves are Chinese already."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import click

USAGE = "用法："
SECTIONS = {"Options": "选项", "Arguments": "参数", "Commands": "命令"}
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."
#: Whole help texts click and typer give options of their own.
TEXTS = {"Show this message and exit.": "显示帮助并退出"}
#: The notes click and typer put in brackets after an option's help, by their start.
NOTES = (("default: ", "默认："), ("env var: ", "环境变量："), ("required", "必填"))
_BRACKETS = re.compile(r"(?P<help>.*?)(?P<space>\s*)\[(?P<notes>[^\[\]]*)\]$", re.DOTALL)


class ChineseHelpFormatter(click.HelpFormatter):
    """click's help formatter with the words of the frame in Chinese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, USAGE if prefix is None else prefix)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(SECTIONS.get(name, name)):
            yield

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl([(term, help_text(text)) for term, text in rows], col_max, col_spacing)


class ChineseHelpContext(click.Context):
    formatter_class = ChineseHelpFormatter


def help_text(text: str) -> str:
    """An option's help with click's own words in Chinese: its whole text when click wrote
    it, and the notes in brackets at its end (``[env var: WBZ_DB; default: wbz.db]``)."""
    text = TEXTS.get(text, text)
    found = _BRACKETS.fullmatch(text)
    if found is None:
        return text
    notes = found["notes"].split("; ")
    shown = [_note(note) for note in notes]
    if shown == notes:  # brackets of the help text itself
        return text
    return f"{found['help']}{found['space']}[{'；'.join(shown)}]"


def _note(note: str) -> str:
    for english, chinese in NOTES:
        if note.startswith(english):
            return chinese + note[len(english) :]
    return note


def in_chinese_help(commands: Iterable[click.Command]) -> None:
    """Every command (groups too) writes its help through ``ChineseHelpFormatter``."""
    for command in commands:
        command.context_class = ChineseHelpContext
        if command.options_metavar == "[OPTIONS]":
            command.options_metavar = OPTIONS_METAVAR
        if isinstance(command, click.Group) and command.subcommand_metavar.startswith("COMMAND"):
            command.subcommand_metavar = SUBCOMMAND_METAVAR


def tree(group: click.Group) -> Iterator[click.Command]:
    """``group`` and every group and command below it."""
    yield group
    for command in group.commands.values():
        if isinstance(command, click.Group):
            yield from tree(command)
        else:
            yield command
