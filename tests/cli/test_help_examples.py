"""Every command's --help ends with an example, every argument is described, and the examples
are real command lines: each parses against its command, and most run on a test station."""

from __future__ import annotations

import shlex
from typing import Any

import click
import pytest
import typer
from tests.cli.example_station import run_examples
from tests.conftest import Invoke

from wbz_cli.cli.app import app
from wbz_cli.cli.completion import enum_of
from wbz_cli.cli.help_examples import EXAMPLES, describe, walk

ROOT = typer.main.get_command(app)
assert isinstance(ROOT, click.Group)
describe(ROOT)  # as --help does; the tests below also read --help itself
COMMANDS = walk(ROOT)
ALL_EXAMPLES = [(path, line) for path, lines in EXAMPLES.items() for line in lines]


def test_the_tree_is_walked() -> None:
    paths = [path for path, _ in COMMANDS]
    assert len(paths) > 80 and "visit add" in paths and "subsidy rate set" in paths


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_has_an_example_and_every_argument_help(
    path: str, command: click.Command, wbz: Invoke
) -> None:
    assert EXAMPLES.get(path), f"wbz {path} has no example in help_examples.EXAMPLES"
    undescribed = [p.name for p in command.params if isinstance(p, click.Argument) and not p.help]
    assert not undescribed, f"wbz {path}: arguments without help: {undescribed}"
    shown = wbz(*path.split(), "--help").stdout
    assert "示例：" in shown and EXAMPLES[path][0] in shown.replace("\n    ", " ")
    for param in command.params:
        if isinstance(param, click.Argument):
            assert shown.count(param.make_metavar(click.Context(command))) >= 2  # usage, list
    assert "Positional arguments" not in shown  # one list of arguments, not two


def test_no_example_for_a_command_that_does_not_exist() -> None:
    paths = {path for path, _ in COMMANDS}
    assert set(EXAMPLES) <= paths, set(EXAMPLES) - paths


def _parse(line: str) -> tuple[str, click.Context]:
    """The command path and the context ``line`` makes, parsed as click would run it
    (types, choices, required options and arguments checked; nothing run)."""
    words = shlex.split(line)
    assert words[0] == "wbz"
    ctx = ROOT.make_context("wbz", words[1:])
    command: Any = ROOT
    path: list[str] = []
    while isinstance(command, click.Group):
        args = [*ctx._protected_args, *ctx.args]
        name, command, rest = command.resolve_command(ctx, args)
        assert name is not None and command is not None
        path.append(name)
        ctx = command.make_context(name, rest, parent=ctx)
    return " ".join(path), ctx


@pytest.mark.parametrize(("path", "line"), ALL_EXAMPLES, ids=[line for _, line in ALL_EXAMPLES])
def test_every_example_parses_against_its_command(path: str, line: str) -> None:
    parsed_path, ctx = _parse(line)
    assert parsed_path == path
    for param in ctx.command.params:
        cls = enum_of(param)
        value = ctx.params.get(param.name or "")
        if cls is None or value is None:
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            cls.parse(item)  # an enum value the command accepts (key or Chinese label)


def test_examples_run_on_a_station(station: Invoke) -> None:
    failed = run_examples(station)
    assert not failed, "\n".join(failed)
