"""wbz merge keeps both files' history by date (the kept child's later red risk is not lost to
the merged child's unassessed registration), and wbz merge --undo puts both children back
exactly, while neither has been written since."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

A_ID = make_id("2015-06-01", 11)
B_ID = make_id("2015-06-01", 13, "320506")  # same birth date and gender


def _ok(wbz: Invoke, *args: str) -> str:
    done = wbz(*args)
    assert done.exit_code == 0, done.stderr
    return done.stdout


@pytest.fixture
def reproduction(station: Invoke) -> Invoke:
    """The issue's reproduction, up to the merge."""
    _ok(station, "register", "--name", "孙悟空", "--id-number", A_ID, "--category", "孤儿",
        "--on", "2026-11-01", "--risk", "橙")  # fmt: skip
    _ok(station, "update", "C000001", "--risk", "红", "--on", "2026-11-10")
    _ok(station, "register", "--name", "孙悟空", "--id-number", B_ID, "--category", "孤儿",
        "--on", "2026-11-20")  # fmt: skip
    return station


def _report(wbz: Invoke, *extra: str) -> dict:
    return wbz("report", "monthly", "--month", "2026-11", "--format", "json", *extra).json()


def test_the_kept_childs_red_risk_survives_the_merge(reproduction: Invoke) -> None:
    assert _report(reproduction)["children"]["by_risk"]["red"] == 1

    _ok(reproduction, "merge", "C000001", "C000002", "--yes")

    child = reproduction("show", "C000001", "--format", "json").json()
    assert child["risk"] == "red"
    assert [(r["risk"], r["effective_on"]) for r in child["risk_history"]][-1] == (
        "red", "2026-11-10",
    )  # fmt: skip
    report = _report(reproduction)
    assert report["children"]["by_risk"]["red"] == 1
    assert report["children"]["by_risk"]["unassessed"] == 0
    assert _report(reproduction, "--recompute")["children"] == report["children"]
    listed = reproduction("children", "--risk", "red", "--format", "json").json()
    assert [c.get("child", c.get("code")) for c in listed] == ["C000001"]


def test_a_later_assessment_of_the_merged_child_is_in_force_and_ties_go_to_the_kept(
    reproduction: Invoke,
) -> None:
    _ok(reproduction, "update", "C000002", "--registered-on", "2026-11-05")
    _ok(reproduction, "update", "C000002", "--risk", "绿", "--on", "2026-11-10")
    _ok(reproduction, "update", "C000002", "--risk", "黄", "--on", "2026-11-22")
    _ok(reproduction, "merge", "C000001", "C000002", "--yes")
    history = reproduction("show", "C000001", "--format", "json").json()["risk_history"]
    assert reproduction("show", "C000001", "--format", "json").json()["risk"] == "yellow"
    on_the_tenth = [r["risk"] for r in history if r["effective_on"] == "2026-11-10"]
    assert on_the_tenth[-1] == "red"  # the kept child's entry is the one in force that day
    ten = reproduction("children", "--risk", "red", "--format", "json", env={
        "WBZ_TODAY": "2026-11-15"}).json()  # fmt: skip
    assert [c.get("child", c.get("code")) for c in ten] == ["C000001"]


def _dump(db: Path) -> dict[str, list[tuple]]:
    skip = {"audit_log", "child_merges", "report_parts", "report_changes", "data_stamp",
            "sqlite_sequence", "schema_migrations"}  # fmt: skip
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]  # fmt: skip
        return {
            t: conn.execute(f"SELECT rowid, * FROM {t} ORDER BY rowid").fetchall()
            for t in tables
            if t not in skip
        }
    finally:
        conn.close()


@pytest.fixture
def two_files(reproduction: Invoke, db_path: Path) -> Invoke:
    """The reproduction with care records on both children, a third child merged into B
    earlier, and an activity both children attended."""
    wbz = reproduction
    _ok(wbz, "visit", "add", "C000001", "--mode", "home", "--on", "2026-11-03")
    _ok(wbz, "visit", "add", "C000002", "--mode", "phone", "--on", "2026-11-21")
    _ok(wbz, "subsidy", "add", "C000002", "--type", "orphan", "--month", "2026-11",
        "--amount", "1200")  # fmt: skip
    _ok(wbz, "refer", "add", "C000002", "--type", "schooling", "--source", "school",
        "--on", "2026-11-21")  # fmt: skip
    _ok(wbz, "activity", "add", "--title", "读书会", "--kind", "group", "--participants", "9",
        "--on", "2026-11-22", "--child", "C000001", "--child", "C000002")  # fmt: skip
    _ok(wbz, "update", "C000002", "--end-category", "orphan", "--add-category", "difficult",
        "--on", "2026-11-23")  # fmt: skip
    third = make_id("2015-06-01", 15, "320506")
    _ok(wbz, "register", "--name", "孙悟空", "--id-number", third, "--category", "其他",
        "--on", "2026-11-21")  # fmt: skip
    _ok(wbz, "merge", "C000002", "C000003", "--yes")
    return wbz


def test_undoing_a_merge_puts_both_children_back_exactly(two_files: Invoke, db_path: Path) -> None:
    before = _dump(db_path)
    report_before = _report(two_files)
    _ok(two_files, "merge", "C000001", "C000002", "--yes")
    assert _dump(db_path) != before

    undone = two_files("merge", "C000001", "C000002", "--undo")

    assert undone.exit_code == 0, undone.stderr
    assert "已撤销" in undone.stdout
    after = _dump(db_path)
    for table in before:
        assert after[table] == before[table], table
    assert two_files("show", "C000003", "--format", "json").json()["child"] == "C000002"
    assert _report(two_files) == report_before
    assert _report(two_files, "--recompute") == report_before
    actions = [r["action"] for r in two_files("audit", "--format", "json").json()]
    assert actions[-2:] == ["unmerge", "unmerged"]
    # undone once: a second undo has nothing to undo, a new merge works again
    again = two_files("merge", "C000001", "C000002", "--undo")
    assert again.exit_code == 1 and "无可撤销的合并" in again.stderr
    _ok(two_files, "merge", "C000001", "C000002", "--yes")


def test_a_merge_is_not_undone_once_either_child_was_written(
    two_files: Invoke, db_path: Path
) -> None:
    _ok(two_files, "merge", "C000001", "C000002", "--yes")
    _ok(two_files, "visit", "add", "C000001", "--mode", "home", "--on", "2026-11-24")
    written = _dump(db_path)

    refused = two_files("merge", "C000001", "C000002", "--undo")

    assert refused.exit_code == 1
    assert "以后又有新的记录或修改，不能撤销合并" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _dump(db_path) == written
    wrong_way = two_files("merge", "C000002", "C000001", "--undo")
    assert wrong_way.exit_code == 1 and "没有合并到" in wrong_way.stderr


def test_purging_the_children_also_purges_what_was_kept_to_undo_their_merge(
    station: Invoke, db_path: Path
) -> None:
    _ok(station, "register", "--name", "猪八戒", "--id-number", A_ID, "-c", "other",
        "--on", "2025-01-10")  # fmt: skip
    _ok(station, "register", "--name", "猪八戒", "--id-number", B_ID, "-c", "other",
        "--on", "2025-02-10")  # fmt: skip
    merged = station("merge", "C000001", "C000002", "--yes", env={"WBZ_TODAY": "2025-03-01"})
    assert merged.exit_code == 0, merged.stderr
    _ok(station, "close", "C000001", "--reason", "moved", "--on", "2025-09-15")
    _ok(station, "purge", "--closed-before", "2026-01-01", "--yes")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert conn.execute("SELECT count(*) FROM child_merges").fetchone()[0] == 0
    conn.close()
    raw = db_path.read_bytes()
    wal = Path(f"{db_path}-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    for secret in ("猪八戒", A_ID, B_ID):
        assert secret.encode() not in raw, secret
