"""Gaps of issue 24: arguments that are not UTF-8 and dates out of range get the usual one-line
refusal; every reveal and every file of full numbers is one audited disclosure."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from tests.conftest import TODAY, Invoke, make_id

BOY = make_id("2015-06-01", 11)
WBZ = Path(sys.executable).with_name("wbz")


def seed(station: Invoke) -> None:
    result = station(
        "register", "--name", "王小明", "--id-number", BOY, "-c", "orphan", "-c", "left_behind",
        "--guardian", "王大山", "--guardian-phone", "13812345678", "--on", "2025-01-10",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def audit_count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    finally:
        conn.close()


def assert_one_clean_line(stderr: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("错误：") and "程序内部错误" not in stderr, stderr


# --- arguments that are not UTF-8 ----------------------------------------------------------

NOT_UTF8 = [
    ["register", "--name", b"\xe7\x8e\x8b\xff", "--id-number", make_id("2016-01-01", 12),
     "-c", "other"],
    ["visit", "add", "C000001", "-m", "home", "--notes", b"abc\xff"],
    ["visit", "add", "C000001", "-m", "home", b"--action=\xc0\xaf"],
    ["refer", "add", "C000001", "--type", "medical", "--source", "school", "--summary", b"\xff"],
    ["service", "add", "C000001", "--type", "medical", "--notes", b"abc\xff"],
    ["assess", "guardianship", "C000001", "--result", "normal", "--notes", b"abc\xff"],
    ["show", b"C00000\xff"],
]  # fmt: skip


@pytest.mark.parametrize("args", NOT_UTF8, ids=[f"{a[0]}-{i}" for i, a in enumerate(NOT_UTF8)])
def test_bytes_that_are_not_utf8_are_refused_in_one_line(
    station: Invoke, db_path: Path, args: list[str | bytes]
) -> None:
    """The real console script: Linux hands the bytes over as lone surrogates."""
    seed(station)
    before = db_path.read_bytes(), audit_count(db_path)
    argv = [os.fsencode(str(WBZ)), b"--db", os.fsencode(db_path)]
    argv += [a if isinstance(a, bytes) else a.encode() for a in args]
    env = {**os.environ, "WBZ_TODAY": TODAY, "WBZ_OPERATOR": "tester", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(argv, capture_output=True, env=env, timeout=60)
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 1, stderr
    assert_one_clean_line(stderr)
    assert "不是有效的 UTF-8" in stderr
    option = next((a for a in args if isinstance(a, str) and a.startswith("--")), None)
    if isinstance(args[-1], bytes) and option == args[-2]:
        assert f"参数 {option} " in stderr, stderr
    assert (db_path.read_bytes(), audit_count(db_path)) == before


def test_a_surrogate_string_from_the_runner_is_refused(station: Invoke, db_path: Path) -> None:
    seed(station)
    before = audit_count(db_path)
    result = station("plan", "add", "C000001", "--goal", "abc\udcff", "--review-on", "2027-01-01")
    assert result.exit_code == 1
    assert_one_clean_line(result.stderr)
    assert "参数 --goal 含有无法识别的字符" in result.stderr
    assert audit_count(db_path) == before


def test_an_operator_that_is_not_utf8_is_refused(station: Invoke, db_path: Path) -> None:
    seed(station)
    before = audit_count(db_path)
    result = station("update", "C000001", "--risk", "red", env={"WBZ_OPERATOR": "张\udcff"})
    assert result.exit_code == 1
    assert_one_clean_line(result.stderr)
    assert "WBZ_OPERATOR" in result.stderr
    assert audit_count(db_path) == before


# --- months and dates out of range -----------------------------------------------------------

MONTHS = [
    (["report", "monthly", "--month", "9999-12"], "--month"),
    (["report", "monthly", "--month", "9999-12", "--format", "json"], "--month"),
    (["subsidy", "run", "--month", "9999-12"], "--month"),
    (["subsidy", "run", "--month", "9999-12", "--dry-run"], "--month"),
    (["subsidy", "add", "C000001", "--type", "orphan", "--month", "9999-12", "--amount", "1"],
     "--month"),
    (["subsidy", "rate", "set", "orphan", "100", "--from", "9999-12"], "--from"),
    (["subsidy", "list", "--month", "9999-12"], "--month"),
    (["subsidy", "run", "--month", "0001-01"], "--month"),
]  # fmt: skip
DATES = [
    ["report", "range", "--from", "2026-01-01", "--to", "9999-12-31"],
    ["children", "--as-of", "9999-12-31"],
    ["care-agreement", "rate", "--on", "9999-12-31"],
    ["plan", "add", "C000001", "--goal", "上学", "--review-on", "9999-12-31"],
    ["care-agreement", "add", "C000001", "--carer", "李四", "--relation", "祖母",
     "--phone", "13900001111", "--signed-on", "2026-01-01", "--valid-until", "9999-12-31"],
    ["visit", "list", "--from", "0001-01-01"],
]  # fmt: skip
OUT_OF_RANGE = [(args, f"1900-01 至 2999-12，请检查 {option}") for args, option in MONTHS] + [
    (args, "1900-01-01 至 2999-12-31") for args in DATES
]


@pytest.mark.parametrize(
    ("args", "says"), OUT_OF_RANGE, ids=[" ".join(a[:3]) for a, _ in OUT_OF_RANGE]
)
def test_a_month_or_date_out_of_range_is_refused_in_one_line(
    station: Invoke, db_path: Path, args: list[str], says: str
) -> None:
    seed(station)
    before = audit_count(db_path)
    result = station(*args)
    assert result.exit_code == 1
    assert_one_clean_line(result.stderr)
    assert all(part in result.stderr for part in says.split("，"))
    assert audit_count(db_path) == before


@pytest.mark.parametrize("cell", [datetime(1850, 1, 1), date(9999, 12, 31), 2958465.0])
def test_a_spreadsheet_date_cell_out_of_range_is_refused_too(cell: object) -> None:
    from wbz_cli.domain.errors import InvalidInput
    from wbz_cli.domain.roster import roster_date

    with pytest.raises(InvalidInput, match="1900-01-01 至 2999-12-31"):
        roster_date(cell, "出生日期")


# --- every --reveal is one audited disclosure ------------------------------------------------

#: How to run each command that has --reveal so that it shows something. A command that gains
#: --reveal must be added here (the walk below fails until it is).
REVEALS: dict[str, list[str]] = {
    "children": ["children"],
    "show": ["show", "C000001"],
    "update": ["update", "C000001", "--worker", "张老师"],
    "audit": ["audit"],
    "match": ["match", "list.csv", "-k", "lowincome"],
    "duplicates": ["duplicates"],
    "household list": ["household", "list"],
    "household show": ["household", "show", "H000001"],
    # a report's --reveal only fills a template's lists; the file written is the disclosure
    "report monthly": ["report", "monthly", "--month", "2026-10", "-f", "json", "--out", "m.json"],
    "report range": ["report", "range", "--from", "2026-01-01", "--to", "2026-10-31",
                     "-f", "json", "--out", "r.json"],
    "resource list": ["resource", "list"],
    "report explain": ["report", "explain", "children.active", "--month", "2026-11"],
    "screen list": ["screen", "list"],
    "care-agreement list": ["care-agreement", "list"],
    "export children": ["export", "children", "roster.xlsx"],
}  # fmt: skip


def commands_with(option: str) -> set[str]:
    import click
    import typer

    from wbz_cli.cli.app import app

    def walk(cmd: click.Command, path: tuple[str, ...]) -> set[str]:
        if isinstance(cmd, click.Group):
            return {p for name, sub in cmd.commands.items() for p in walk(sub, (*path, name))}
        has = any(option in getattr(p, "opts", ()) for p in cmd.params)
        return {" ".join(path)} if has else set()

    return walk(typer.main.get_command(app), ())


def disclosures(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT action, record_type FROM audit_log WHERE action IN ('reveal', 'export')"
            " ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def seed_everything(station: Invoke) -> None:
    seed(station)
    twin = make_id("2015-06-01", 13)
    for args in (
        ["register", "--name", "王小明", "--id-number", twin, "-c", "other"],
        ["care-agreement", "add", "C000001", "--carer", "王奶奶", "--relation", "祖母",
         "--phone", "13912345678", "--signed-on", "2026-02-01"],
        ["resource", "add", "--kind", "lawyer", "--name", "李律师", "--phone", "13700001111"],
        ["screen", "add", "--name", "赵小芳", "--id-number", make_id("2016-03-03", 22),
         "--source", "school", "--outcome", "follow_up", "--follow-up-by", "2026-12-10",
         "--on", "2026-11-20"],
    ):  # fmt: skip
        result = station(*args)
        assert result.exit_code == 0, (args, result.stderr)
    Path("list.csv").write_text(f"姓名,身份证号码\n王小明,{BOY}\n", encoding="utf-8")


def test_every_command_with_reveal_is_listed() -> None:
    assert commands_with("--reveal") == set(REVEALS)


@pytest.mark.parametrize("command", sorted(REVEALS))
def test_every_reveal_writes_one_disclosure_row(
    station: Invoke, db_path: Path, command: str
) -> None:
    seed_everything(station)
    before = disclosures(db_path)
    result = station(*REVEALS[command], "--reveal")
    assert result.exit_code == 0, result.stderr
    added = disclosures(db_path)[len(before) :]
    assert len(added) == 1, added
    assert added[0][0] in ("reveal", "export")


def test_revealed_phones_of_carers_and_resources_are_on_record(
    station: Invoke, db_path: Path
) -> None:
    seed_everything(station)
    shown = station("care-agreement", "list", "--reveal").stdout
    assert "13912345678" in shown
    assert "13700001111" in station("resource", "list", "--reveal").stdout
    logged = station("audit", "--action", "reveal", "--format", "json").json()
    assert [(r["record_type"], r["after"]["codes"]) for r in logged] == [
        ("care_agreements", ["C000001"]),
        ("resources", ["R000001"]),
    ]
    who_saw = station("audit", "--record", "C000001", "--action", "reveal", "-f", "json").json()
    assert [r["record_type"] for r in who_saw] == ["care_agreements"]


# --- a file of refused rows holds full numbers: one audited export ---------------------------

STRANGER = make_id("2014-04-04", 15)
IMPORTS = {
    "import roster": (
        "姓名,身份证号码,儿童类别,监护人姓名,监护人联系电话\n"
        f"陈某,{STRANGER[:-1]}0,孤儿,陈父,13612345678\n",
        [],
    ),
    "visit import": (
        f"姓名,身份证号码,走访日期,走访方式\n陈某,{STRANGER},2026-11-03,入户\n",
        [],
    ),
    "subsidy import": (
        f"姓名,身份证号码,补贴类型,金额\n陈某,{STRANGER},孤儿基本生活费,100\n",
        ["--month", "2026-11"],
    ),
    "screen import": (
        f"姓名,身份证号,摸排日期,来源,结果\n陈某,{STRANGER},2026-11-03,学校,不符合\n",
        [],
    ),
}


def test_every_importer_with_errors_is_listed() -> None:
    # match's --errors file (rows that cannot be matched): tests/cli/test_import_framework.py
    assert commands_with("--errors") == {*IMPORTS, "match"}


@pytest.mark.parametrize("command", sorted(IMPORTS))
@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry-run"])
def test_the_refused_rows_file_is_an_audited_export(
    station: Invoke, db_path: Path, command: str, dry_run: bool
) -> None:
    seed(station)
    text, extra = IMPORTS[command]
    Path("in.csv").write_text(text, encoding="utf-8")
    before = disclosures(db_path)
    args = [*command.split(), "in.csv", "--errors", "refused.csv", *extra]
    result = station(*args, *(["--dry-run"] if dry_run else []))
    assert result.exit_code == 3, result.stderr
    assert STRANGER[:12] in Path("refused.csv").read_text(encoding="utf-8-sig")
    assert disclosures(db_path)[len(before) :] == [("export", "rejected_rows")]
    [row] = station("audit", "--action", "export", "-f", "json").json()
    assert row["record_key"] == "refused.csv"
    assert row["after"] == {"file": "refused.csv", "rows": 1, "command": command}
