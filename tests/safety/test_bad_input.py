"""Bad input everywhere: random option values never give a traceback; formulas stay text."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import click
import click.testing
import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import Invoke, make_id
from tests.safety.fuzz import COMMANDS, FORMULA, invocation
from typer.testing import CliRunner

from wbz_cli.cli.app import app

SEEDED: dict[str, Path] = {}
CLICK_RUNNER = click.testing.CliRunner()
_COMMAND: list[click.Command] = []


def click_command() -> click.Command:
    """The click command built once (typer's runner rebuilds it on every call: 0.1 s)."""
    if not _COMMAND:
        _COMMAND.append(typer.main.get_command(app))
    return _COMMAND[0]


def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One station with two children, a closed case and a guardian, shared by the examples."""
    if "db" not in SEEDED:
        folder = tmp_path_factory.mktemp("fuzz")
        db = folder / "wbz.db"
        runner = CliRunner()
        env = {"WBZ_TODAY": "2026-11-24", "WBZ_OPERATOR": "fuzz"}
        for args in (
            ["init", "--station", "模糊测试站"],
            ["register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11),
             "-c", "left_behind", "--guardian", "王大山", "--guardian-phone", "13812345678"],
            ["register", "--name", "李小红", "--id-number", make_id("2012-02-03", 22),
             "-c", "orphan", "--on", "2025-01-01"],
            ["close", "C000002", "--reason", "moved", "--on", "2025-06-01"],
        ):  # fmt: skip
            result = runner.invoke(app, ["--db", str(db), *args], env=env)
            assert result.exit_code == 0, result.output
        SEEDED["db"] = db
    return SEEDED["db"]


@pytest.mark.parametrize("command", sorted(COMMANDS))
@settings(
    max_examples=int(os.environ.get("WBZ_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_command_gives_a_traceback(
    command: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = seeded_db(tmp_path_factory)
    argv = data.draw(invocation(command), label="argv")
    result = CLICK_RUNNER.invoke(
        click_command(),
        ["--db", str(db), *argv],
        env={"WBZ_BACKUP_PASSPHRASE": "fuzz-passphrase"},
        input="",
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # shows the bug with its traceback
    assert result.exit_code in COMMANDS[command].exit_codes, (argv, result.output)
    assert "Traceback" not in result.stderr
    if result.exit_code == 1:
        last = result.stderr.splitlines()[-1]
        assert last.startswith("错误：") and "\x1b" not in last, (argv, result.stderr)


def test_every_command_is_in_the_fuzz_table() -> None:
    root = click_command()

    def paths(command: object, prefix: str = "") -> list[str]:
        subs = getattr(command, "commands", None)
        if not subs:
            return [prefix.strip()]
        return [p for name, sub in subs.items() for p in paths(sub, f"{prefix} {name}")]

    assert sorted(paths(root)) == sorted(COMMANDS), "add the new command to tests/safety/fuzz.py"


def test_a_formula_name_is_exported_as_text(station: Invoke) -> None:
    result = station(
        "register", "--name", FORMULA, "--id-number", make_id("2015-06-01", 11), "-c", "other",
        "--guardian", "=1+1", "--address", "@SUM(A1)", "--community", "-2+3",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(station("children", "--format", "csv").stdout)))
    assert rows[0]["name"] == "'" + FORMULA
    assert rows[0]["guardian"] == "'=1+1"
    assert rows[0]["address"] == "'@SUM(A1)"
    assert rows[0]["community"] == "'-2+3"
    assert rows[0]["age"] == "11"
    shown = station("show", "C000001", "--format", "csv").stdout
    assert "'" + FORMULA.replace('"', '""') in shown
    for args in (["household", "list"], ["audit"], ["doctor"]):
        out = station(*args, "--format", "csv").stdout
        for row in csv.reader(io.StringIO(out)):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), (args, row)


def test_the_xlsx_guard_writes_formulas_as_strings(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    from wbz_cli.sheets.guard import as_text_cell

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    as_text_cell(sheet["A1"], FORMULA)
    as_text_cell(sheet["A2"], "王小明")
    as_text_cell(sheet["A3"], 42)
    book.save(tmp_path / "out.xlsx")
    back = load_workbook(tmp_path / "out.xlsx").active
    assert back is not None
    assert back["A1"].value == FORMULA and back["A1"].data_type == "s"
    assert back["A2"].value == "王小明"
    assert back["A3"].value == 42
