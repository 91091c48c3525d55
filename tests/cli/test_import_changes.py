"""wbz import roster says every change to a child on file before making it (issue 19): each
field changed (old -> new, phones masked) in the table and the report, a dry run listing the
same and writing nothing, a different name refused as a probable wrong ID number unless
--accept-renames, moves to another community counted and listed apart; both write paths
(roster.FAST on and off) give the same changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from tests.conftest import Invoke, make_id

from wbz_cli.services import roster

BOY = make_id("2015-06-01", 11)
HEAD = ["姓名", "身份证号码", "类别", "所在社区", "监护人", "监护人电话"]


def xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(HEAD)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def registered(station: Invoke, tmp: Path, number: str = BOY) -> str:
    """王小虎 of 红星村, guardian 王父 with a phone: the child's code."""
    first = xlsx(tmp / "a.xlsx", [["王小虎", number, "孤儿", "红星村", "王父", "13812345678"]])
    assert station("import", "roster", str(first), "--on", "2026-01-05").exit_code == 0
    return str(station("show", number, "-f", "json").json()["child"])


def shown(station: Invoke) -> dict[str, Any]:
    return dict(station("show", BOY, "-f", "json").json())


def audit_rows(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    finally:
        conn.close()


def test_a_different_name_is_refused_then_accepted_with_accept_renames(
    station: Invoke, tmp_path: Path
) -> None:
    code = registered(station, tmp_path)
    other = xlsx(tmp_path / "b.xlsx", [["王小明", BOY, "孤儿", "东风村", "王父", ""]])
    refused = station("import", "roster", str(other), "-f", "report")
    assert refused.exit_code == 3
    report = refused.json()
    [row] = report["rejected"]
    assert row["row"] == 2 and row["field"] == "name"
    assert row["reason"] == (
        f"姓名与已登记的 {code} 王小虎 不同，可能身份证号填错；确认是改名请加 --accept-renames"
    )
    assert report["counts"]["updated"] == 0 and report["changes"] == []
    child = shown(station)
    assert (child["name"], child["community"]) == ("王小虎", "红星村")

    accepted = station("import", "roster", str(other), "--accept-renames", "-f", "report")
    assert accepted.exit_code == 0, accepted.stderr
    report = accepted.json()
    assert report["counts"]["updated"] == 1 and report["counts"]["moved"] == 1
    assert report["changes"] == [
        {"child": code, "row": 2, "field": "name", "label": "姓名", "old": "王小虎",
         "new": "王小明"},
        {"child": code, "row": 2, "field": "community", "label": "所在居民区",
         "old": "红星村", "new": "东风村"},
    ]  # fmt: skip
    child = shown(station)
    assert (child["name"], child["community"]) == ("王小明", "东风村")


def test_a_name_differing_only_in_spaces_width_or_case_is_not_refused(
    station: Invoke, tmp_path: Path
) -> None:
    registered(station, tmp_path)
    spaced = xlsx(tmp_path / "b.xlsx", [["王　小虎", BOY, "孤儿", "红星村", "王父", ""]])
    result = station("import", "roster", str(spaced), "-f", "report")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.json()["rejected"] == []
    assert station("show", BOY, "-f", "json").json()["community"] == "红星村"


def test_a_move_is_applied_and_listed_apart_in_the_table(station: Invoke, tmp_path: Path) -> None:
    code = registered(station, tmp_path)
    moved = xlsx(tmp_path / "b.xlsx", [["王小虎", BOY, "孤儿、残疾儿童", "东风村", "王父", ""]])
    result = station("import", "roster", str(moved))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "迁移（更新中）" in out
    assert f"迁移：\n  {code} 第2行 红星村 → 东风村" in out
    assert f"变更：\n  {code} 第2行 儿童类别 孤儿 → 残疾儿童、孤儿" in out
    assert "所在居民区" not in out.split("变更：")[1]  # the move is listed apart, not again
    assert shown(station)["community"] == "东风村"


def test_a_dry_run_lists_the_same_changes_and_writes_nothing(
    station: Invoke, tmp_path: Path, db_path: Path
) -> None:
    registered(station, tmp_path)
    other = xlsx(tmp_path / "b.xlsx", [["王小明", BOY, "孤儿", "东风村", "王母", "13900001111"]])
    before, rows = shown(station), audit_rows(db_path)
    dry = station("import", "roster", str(other), "--accept-renames", "--dry-run", "-f", "report")
    assert dry.exit_code == 0, dry.stderr
    assert dry.json()["dry_run"] is True
    assert shown(station) == before and audit_rows(db_path) == rows
    table = station("import", "roster", str(other), "--accept-renames", "--dry-run")
    assert "试运行" in table.stdout and "姓名 王小虎 → 王小明" in table.stdout
    assert "红星村 → 东风村" in table.stdout
    assert shown(station) == before and audit_rows(db_path) == rows
    real = station("import", "roster", str(other), "--accept-renames", "-f", "report")
    assert real.json()["changes"] == dry.json()["changes"]
    assert real.json()["counts"] == dry.json()["counts"]
    assert shown(station)["name"] == "王小明"


def test_a_changed_phone_is_masked_in_the_report_and_the_table(
    station: Invoke, tmp_path: Path
) -> None:
    code = registered(station, tmp_path)
    phone = xlsx(tmp_path / "b.xlsx", [["王小虎", BOY, "孤儿", "红星村", "王父", "13900001111"]])
    result = station("import", "roster", str(phone), "--dry-run", "-f", "report")
    assert result.json()["changes"] == [
        {"child": code, "row": 2, "field": "guardian_phone", "label": "监护人电话",
         "old": "138****5678", "new": "139****1111"},
    ]  # fmt: skip
    assert "13812345678" not in result.stdout and "13900001111" not in result.stdout
    table = station("import", "roster", str(phone))
    assert "监护人电话 138****5678 → 139****1111" in table.stdout
    assert "13900001111" not in table.stdout


def test_both_write_paths_give_the_same_changes(
    station: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = {}
    for fast, number in ((False, BOY), (True, make_id("2016-07-02", 33))):
        monkeypatch.setattr(roster, "FAST", fast)
        code = registered(station, tmp_path, number)
        row = ["王小明", number, "孤儿", "东风村", "王母", "13900001111"]
        other = xlsx(tmp_path / "b.xlsx", [row])
        refused = station("import", "roster", str(other), "-f", "report").json()
        accepted = station("import", "roster", str(other), "--accept-renames", "-f", "report")
        changes = [{**c, "child": c["child"] == code} for c in accepted.json()["changes"]]
        reasons = [r["reason"].replace(code, "C") for r in refused["rejected"]]
        reports[fast] = reasons, changes, accepted.json()["counts"]
    assert reports[True] == reports[False]
    assert [c["field"] for c in reports[False][1]] == [
        "name", "community", "guardian", "guardian_phone"
    ]  # fmt: skip
    assert reports[False][2]["moved"] == 1
