"""The output contract (CLI.md): every command that prints data, run with --format json and
--format csv on the demo station (data/demo/build.py, as ``make demo`` builds it), matches its
schema in wbz_cli.cli.output_schemas; and every command with a --format option has one."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import typer.main
from tests.conftest import TODAY
from typer.testing import CliRunner

from wbz_cli.cli.app import app
from wbz_cli.cli.output_schemas import SCHEMAS, covered

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo" / "build.py"
ENV = {"WBZ_TODAY": TODAY, "WBZ_OPERATOR": "demo", "COLUMNS": "200", "NO_COLOR": "1"}

#: The arguments each command needs on the demo station.
ARGS: dict[str, tuple[str, ...]] = {
    "assess risk": ("C000003", "--item", "poverty=1"),
    "consent": ("C000001",),
    "history": ("C000001",),
    "household show": ("H000001",),
    "refer show": ("L000001",),
    "show": ("C000001",),
    "project show": ("X000001",),
    "subsidy run": ("--month", "2026-11", "--dry-run"),
    "report monthly": ("--month", "2026-10"),
    "report range": ("--from", "2026-10-01", "--to", "2026-11-24"),
    "purge": ("--closed-before", "2026-11-24", "--dry-run"),
    "report explain": ("subsidies.amount_yuan", "--month", "2026-10"),
}

PATTERNS = {
    "date": r"\d{4}-\d\d-\d\d",
    "datetime": r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*",
    "month": r"\d{4}-\d\d",
    "money": r"-?\d+\.\d\d",
    "enum": r"[A-Za-z0-9_.]+",
    "child": r"C\d{6}",
}


def run(db: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["--db", str(db), *args], env=ENV, catch_exceptions=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo station of ``make demo``, built in this process (every step a wbz command)."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.db"
    spec = importlib.util.spec_from_file_location("demo_build", DEMO)
    assert spec is not None and spec.loader is not None
    build: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)

    def wbz(*args: str, show: bool = False) -> str:
        result = run(db, *args)
        assert result.exit_code in (0, 3), (args, result.stderr)
        return str(result.stdout)

    build.wbz = wbz
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WBZ_DB", str(db))
        for key, value in ENV.items():
            mp.setenv(key, value)
        wbz("init", "--station", "华阳路街道未成年人保护工作站", "--district", "上海市长宁区")
        build.import_roster()
        build.record_the_months_work("2026-10")
        wbz("close", "C000046", "--reason", "moved", "--on", "2026-11-02")
    return db


def type_errors(where: str, value: Any, kind: str) -> Iterator[str]:
    if value is None:
        if not kind.endswith("?"):
            yield f"{where}: null, schema says {kind}"
        return
    base = kind.rstrip("?")
    expected: dict[str, type | tuple[type, ...]] = {
        "int": int,
        "bool": bool,
        "list": list,
        "object": dict,
    }
    if base in expected:
        ok = isinstance(value, expected[base]) and (base == "bool" or type(value) is not bool)
        if not ok:
            yield f"{where}: {value!r} is not {base}"
    elif not isinstance(value, str):
        yield f"{where}: {value!r} is not a string ({base})"
    elif base in PATTERNS and not re.fullmatch(PATTERNS[base], value):
        yield f"{where}: {value!r} is not {base}"


def json_errors(command: str, data: Any) -> Iterator[str]:
    spec = SCHEMAS[command].json
    if isinstance(spec, list):
        if not isinstance(data, list):
            yield f"{command}: JSON is not an array"
            return
        shape, rows = spec[0], data
    else:
        if not isinstance(data, dict):
            yield f"{command}: JSON is not an object"
            return
        shape, rows = spec, [data]
    for n, row in enumerate(rows):
        missing = [k for k, kind in shape.items() if k not in row and not kind.endswith("?")]
        if missing:
            yield f"{command} row {n}: missing keys {missing}"
        for key, value in row.items():
            if key not in shape:
                yield f"{command} row {n}: key {key!r} not in the schema"
            else:
                yield from type_errors(f"{command} row {n} {key}", value, shape[key])


def csv_errors(command: str, text: str, data: Any) -> Iterator[str]:
    columns = SCHEMAS[command].csv
    rows = list(csv.reader(io.StringIO(text)))
    if columns is None:
        return
    if not rows or tuple(rows[0]) != columns:
        yield f"{command}: CSV header {rows[:1]} is not {list(columns)}"
        return
    spec = SCHEMAS[command].json
    shape = spec[0] if isinstance(spec, list) else spec
    for n, cells in enumerate(rows[1:], start=1):
        for column, cell in zip(columns, cells, strict=False):
            kind = shape.get(column, "str").rstrip("?")
            if "、" in cell and kind == "list":
                yield f"{command} CSV row {n} {column}: list joined with 、: {cell!r}"
            if kind == "bool" and cell not in ("0", "1"):
                yield f"{command} CSV row {n} {column}: boolean {cell!r} is not 0/1"
            if cell and kind in PATTERNS and not re.fullmatch(PATTERNS[kind], cell):
                yield f"{command} CSV row {n} {column}: {cell!r} is not {kind}"


def test_every_command_that_prints_data_keeps_the_contract(demo: Path) -> None:
    errors: list[str] = []
    for command in SCHEMAS:
        args = (*command.split(), *ARGS.get(command, ()))
        result = run(demo, *args, "--format", "json")
        if result.exit_code not in (0, 3):
            errors.append(f"{command} json: exit {result.exit_code} {result.stderr[:200]}")
            continue
        data = json.loads(result.stdout)
        errors += json_errors(command, data)
        if SCHEMAS[command].csv is not None:
            result = run(demo, *args, "--format", "csv")
            errors += csv_errors(command, result.stdout, data)
    assert errors == [], "\n".join(errors)


def test_the_demo_lists_are_not_empty(demo: Path) -> None:
    """The contract is checked on rows, not only on headers: the lists that matter have some."""
    for command in ("children", "due", "visit list", "refer list", "subsidy list", "audit"):
        rows = json.loads(run(demo, *command.split(), "--format", "json").stdout)
        assert rows, command


def commands_with_format() -> Iterator[str]:
    def walk(cmd: click.Command, path: list[str]) -> Iterator[str]:
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from walk(sub, [*path, name])
        elif any("--format" in getattr(p, "opts", ()) for p in cmd.params):
            yield " ".join(path)

    yield from walk(typer.main.get_command(app), [])


def test_every_command_with_a_format_option_is_in_the_contract() -> None:
    assert sorted(c for c in commands_with_format() if not covered(c)) == []


def test_a_csv_list_is_joined_with_semicolons_and_a_boolean_is_1_or_0(demo: Path) -> None:
    children = run(demo, "children", "--format", "csv").stdout
    assert "orphan;other" in children and "、" not in children
    leads = list(csv.DictReader(io.StringIO(run(demo, "refer", "list", "-f", "csv").stdout)))
    assert {r["mandatory"] for r in leads} == {"0", "1"}


def test_tables_show_chinese_labels_not_keys(demo: Path, tmp_path: Path) -> None:
    """show: the risk source 导入 (was ``import``); assess risk: the emergency's label; merge:
    the kinds of records moved (was table names)."""
    shown = run(demo, "show", "C000001").stdout
    assert "导入" in shown and "import" not in shown
    copy = tmp_path / "copy.db"
    copy.write_bytes(demo.read_bytes())
    assessed = run(copy, "assess", "risk", "C000002", "--item", "active_violence=1")
    assert assessed.exit_code == 0, assessed.stderr
    assert "紧急情形：正在遭受" in assessed.stdout and "active_violence" not in assessed.stdout
    merged = run(copy, "merge", "C000001", "C000002", "--yes", "--force")
    assert merged.exit_code == 0, merged.stderr
    assert "转移记录：" in merged.stdout and "visits" not in merged.stdout
    assert "走访" in merged.stdout


def test_merge_offers_only_the_formats_its_help_names(demo: Path) -> None:
    result = run(demo, "merge", "C000001", "C000002", "--format", "csv")
    assert result.exit_code == 2


def test_audit_action_takes_a_key_or_a_label_and_refuses_an_unknown_one(demo: Path) -> None:
    by_key = json.loads(run(demo, "audit", "--action", "register", "-f", "json").stdout)
    by_label = json.loads(run(demo, "audit", "--action", "登记", "-f", "json").stdout)
    assert by_key and by_key == by_label
    unknown = run(demo, "audit", "--action", "登陆")
    assert unknown.exit_code == 1
    assert "登陆" in unknown.stderr and "register（登记）" in unknown.stderr


def test_refer_move_service_add_and_subsidy_add_print_the_record_as_json(
    demo: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(demo.read_bytes())
    moved = run(copy, "refer", "move", "L000002", "--status", "accepted", "-f", "json")
    assert moved.exit_code == 0, moved.stderr
    assert json.loads(moved.stdout)["status"] == "accepted"
    served = run(copy, "service", "add", "C000003", "--type", "legal", "-f", "json")
    assert served.exit_code == 0, served.stderr
    assert (json.loads(served.stdout)["child"], json.loads(served.stdout)["type"]) == (
        "C000003",
        "legal",
    )
    paid = run(copy, "subsidy", "add", "C000003", "--type", "orphan", "--month", "2026-11",
               "--amount", "100.5", "-f", "json")  # fmt: skip
    assert paid.exit_code == 0, paid.stderr
    assert json.loads(paid.stdout)["amount_yuan"] == "100.50"
