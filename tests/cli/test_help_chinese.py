"""``--help`` in Chinese throughout (issue 22): click's and typer's frame words ("Usage:",
"Options", "Arguments", "Commands", "Show this message and exit.", "[default: …]",
"[required]", "[env var: …]") are 用法、选项、参数、命令、显示帮助并退出、默认、必填、环境变量 on
every help page, at an 80-column terminal: the root, every group, every command."""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest
import typer.main
from typer.testing import CliRunner

from wbz_cli.cli.app import app

ENGLISH = re.compile(
    r"Usage|Options|Arguments|Commands|OPTIONS|COMMAND|ARGS|Show this message|default:|"
    r"\[required|required\]|env var|dynamic"
)


def help_pages() -> Iterator[str]:
    def walk(cmd: click.Command, path: list[str]) -> Iterator[str]:
        yield " ".join(path)
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])

    yield from walk(typer.main.get_command(app), [])


PAGES = list(help_pages())


def shown_help(*path: str) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_the_walk_finds_every_page() -> None:
    assert "" in PAGES and "visit" in PAGES and "visit add" in PAGES and "report monthly" in PAGES
    assert len(PAGES) > 80


@pytest.mark.parametrize("path", PAGES)
def test_help_page_has_no_english_frame(path: str) -> None:
    text = shown_help(*path.split())
    assert ENGLISH.findall(text) == [], text
    assert text.startswith(f"用法：wbz {path}".replace("  ", " ").rstrip() + " ")
    assert "选项：" in text and "显示帮助并退出" in text


def test_notes_in_brackets_are_chinese() -> None:
    root = shown_help()
    assert "[环境变量：WBZ_DB；默认：wbz.db]" in root
    assert "命令：" in root and "用法：wbz [选项] 命令 [参数]..." in root
    visit_add = shown_help("visit", "add")
    assert "参数：" in visit_add
    assert re.search(r"CHILD\s+儿童编号、身份证号或姓名\s+\[必填\]", visit_add)
    assert "[默认：table]" in shown_help("children")


def test_a_group_without_a_command_shows_its_help_in_chinese() -> None:
    result = CliRunner().invoke(app, ["visit"], env={"COLUMNS": "80"})
    assert "用法：wbz visit [选项] 命令 [参数]..." in result.output
    assert ENGLISH.findall(result.output) == []
