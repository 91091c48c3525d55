"""Dates, months and numbers at their limits get the usual one-line answer, never a crash.

Every command of the click tree is run (from its --help example, on a station the examples
filled) with each date, month and number option, and each date or number argument, set to
0000/0001/9999 dates and months and 20-digit numbers; and the commands that use today's date
are run with WBZ_TODAY at 0001-01-01, 9999-12-31 and the first and last days accepted. Each
must end with exit 0, 1, 2 or 3, with no traceback and no "程序内部错误"."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import click
import pytest
import typer
from tests.cli.example_station import run_examples
from tests.conftest import TODAY, Invoke, make_id
from typer.testing import CliRunner

from wbz_cli.cli.app import app
from wbz_cli.cli.help_examples import EXAMPLES, walk

ROOT = typer.main.get_command(app)
assert isinstance(ROOT, click.Group)
COMMANDS = walk(ROOT)

DATES = ("0000-01-01", "0001-01-01", "9999-12-31", "0000-01", "9999-12", "")
NUMBERS = ("99999999999999999999", "-99999999999999999999", "0")
#: Options and arguments that hold a date or a month, found by name (``--to`` of ``refer add``
#: is an agency: its help does not speak of a date).
DATE_NAMES = re.compile(r"^(on|as_of|from|to|month|date_from|date_to|start|end|from_month"
                        r"|.*_on|.*_before|valid_until|next_review|case_start)$")  # fmt: skip
NUMBER_NAMES = re.compile(r"^(within|limit|participants|hours|amount|days|value)$")
#: Parameters written KEY=VALUE: a category and its start date, an assessment item and its score.
KEYED = {"category_start": ("left_behind=", "date"), "period": ("left_behind=", "date"),
         "item": ("guardian_absent=", "number")}  # fmt: skip


def _kind(param: click.Parameter) -> str | None:
    name = param.name or ""
    if name in KEYED:
        return KEYED[name][1]
    if isinstance(param.type, click.types.IntParamType | click.types.FloatParamType):
        return "number"
    if getattr(param, "is_flag", False) or not isinstance(param.type, click.types.StringParamType):
        return None
    if NUMBER_NAMES.match(name):
        return "number"
    helptext = getattr(param, "help", None) or ""
    if DATE_NAMES.match(name) and (name != "to" or "日期" in helptext):
        return "date"
    return None


def _is_option(path: str, name: str) -> bool:
    """Positional dates (case void's OPENED_ON) are required, so never taken as a default."""
    return any(p.name == name for p in dict(COMMANDS)[path].params if isinstance(p, click.Option))


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for path, command in COMMANDS:
        for param in command.params:
            kind = _kind(param)
            prefix = KEYED.get(param.name or "", ("", ""))[0]
            for value in DATES if kind == "date" else NUMBERS if kind == "number" else ():
                cases.append((path, param.name or "", prefix + value))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A station the --help examples filled, shared by every case (each case may change it)."""
    folder = tmp_path_factory.mktemp("limits")
    db = folder / "wbz.db"
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(app, ["--db", str(db), *args], env=_env(TODAY), catch_exceptions=False)

    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)  # the examples' output files
        assert run("init", "--station", "华阳路街道未保站").exit_code == 0
        assert not run_examples(run)
    return db


def _env(today: str) -> dict[str, str]:
    return {"WBZ_TODAY": today, "WBZ_OPERATOR": "tester", "COLUMNS": "80", "NO_COLOR": "1"}


def _with_value(path: str, name: str, value: str) -> list[str]:
    """The first example of ``wbz PATH`` with the parameter ``name`` set to ``value``."""
    words = shlex.split(EXAMPLES[path][0])[1 + len(path.split()) :]
    command = dict(COMMANDS)[path]
    param = next(p for p in command.params if p.name == name)
    if isinstance(param, click.Option):
        opt = max(param.opts, key=len)
        if opt in words:
            i = words.index(opt)
            del words[i : i + 2]
        return [*path.split(), *words, opt, value]
    ctx = command.make_context(path, list(words), resilient_parsing=True)
    given = ctx.params.get(name)
    if given is not None and str(given) in words:
        words[words.index(str(given))] = value
    else:  # an optional argument the example leaves out: give it in its place
        arguments = [p for p in command.params if isinstance(p, click.Argument)]
        words.insert(arguments.index(param), value)
    return [*path.split(), *words]


def _check(db: Path, args: list[str], today: str = TODAY) -> None:
    result = CliRunner().invoke(app, ["--db", str(db), *args], env=_env(today), input="")
    shown = f"wbz {shlex.join(args)} (WBZ_TODAY={today}) -> {result.exit_code}\n{result.output}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(shown) from result.exception
    assert result.exit_code in (0, 1, 2, 3), shown
    assert "Traceback" not in result.output and "程序内部错误" not in result.output, shown
    if result.exit_code in (1, 2):
        assert result.stderr.startswith("错误："), shown


EMPTY = [
    (path, name)
    for path, name, value in CASES
    if value == "" and name not in ("valid_until", *KEYED) and _is_option(path, name)
]


@pytest.mark.parametrize(("path", "name"), EMPTY, ids=[" ".join(c) for c in EMPTY])
def test_an_empty_date_is_refused_not_taken_as_the_default(
    filled: Path, path: str, name: str
) -> None:
    args = _with_value(path, name, "")
    result = CliRunner().invoke(app, ["--db", str(filled), *args], env=_env(TODAY))
    assert result.exit_code == 1, result.output
    assert re.match(r"^错误：--[a-z-]+ 的值为空：请按 YYYY-MM(-DD)? 填写", result.stderr)


def test_an_empty_on_records_nothing(station: Invoke) -> None:
    station("register", "--name", "王小明", "--id-number", make_id("2015-06-01"))
    result = station("visit", "add", "C000001", "--mode", "入户", "--on", "")
    assert result.exit_code == 1
    assert result.stderr == "错误：--on 的值为空：请按 YYYY-MM-DD 填写；不写 --on 则用默认值\n"
    assert station("visit", "list", "--format", "json").json() == []


def test_the_fuzz_finds_the_options() -> None:
    found = {(path, name) for path, name, _ in CASES}
    assert ("visit add", "on") in found and ("report monthly", "month") in found
    assert ("activity add", "participants") in found and ("due", "within") in found
    assert ("plan void-review", "reviewed_on") in found and ("subsidy add", "amount") in found
    assert ("refer add", "to") not in found  # an agency, not a date


@pytest.mark.parametrize(("path", "name", "value"), CASES, ids=[" ".join(c) for c in CASES])
def test_limits(filled: Path, path: str, name: str, value: str) -> None:
    _check(filled, _with_value(path, name, value))


#: Commands that work from today's date when none is given (due dates, ages, defaults of --on,
#: the months a report may cover). Every command reads WBZ_TODAY the same way at start.
USE_TODAY = ("due", "children", "show", "visit add", "refer list", "plan list",
             "report monthly", "subsidy run", "care-agreement rate", "doctor", "policy show",
             "refer add")  # fmt: skip


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31", "2999-12-31", "1900-01-01"])
@pytest.mark.parametrize("path", USE_TODAY)
def test_today_at_the_limits(filled: Path, path: str, today: str) -> None:
    _check(filled, shlex.split(EXAMPLES[path][0])[1:], today)
