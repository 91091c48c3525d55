"""Generate docs/cli-reference.md from the commands' own ``--help`` (``make docs``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import typer
from typer.testing import CliRunner

from wbz_cli.cli.app import app

HEADER = (
    "# 命令参考（CLI reference）\n\n"
    "本页由 `make docs` 根据各命令的 `--help` 自动生成，请勿手工修改。\n"
)


def command_paths(command: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    subcommands = getattr(command, "commands", None) or {}
    for name in sorted(subcommands, key=lambda n: list(subcommands).index(n)):
        yield from command_paths(subcommands[name], (*prefix, name))


def reference() -> str:
    root = typer.main.get_command(app)
    runner = CliRunner()
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    parts = [HEADER]
    for path in command_paths(root):
        result = runner.invoke(app, [*path, "--help"], env=env, prog_name="wbz")
        title = " ".join(("wbz", *path))
        parts.append(f"\n## `{title}`\n\n```text\n{result.stdout.rstrip()}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    print(reference(), end="")
