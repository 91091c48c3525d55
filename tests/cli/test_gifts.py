"""wbz give: goods and wishes given to a child or a household, their checks, lists, edits and
voids, and what a purge leaves of them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import Invoke, make_id

CHILD = make_id("2015-06-01", 11)


def seeded(station: Invoke) -> Invoke:
    steps = [
        ["register", "--name", "王小明", "--id-number", CHILD, "-c", "留守儿童",
         "--on", "2026-10-01"],
        ["register", "--name", "李小红", "--id-number", make_id("2014-03-02", 12), "-c", "other",
         "--on", "2026-10-01"],
    ]  # fmt: skip
    for args in steps:
        result = station(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return station


def give(station: Invoke, *args: str) -> None:
    result = station("give", "add", *args)
    assert result.exit_code == 0, result.stderr


def test_goods_and_wishes_to_a_child_or_a_household(station: Invoke, db_path: Path) -> None:
    seeded(station)
    give(station, "C000001", "--what", "温暖包", "--kind", "goods", "--value", "200",
         "--on", "2026-11-02", "--donor", "区妇联")  # fmt: skip
    give(station, "H000002", "--what", "过冬棉被", "--kind", "物资", "--value", "150.5",
         "--on", "2026-11-03")  # fmt: skip
    give(station, "王小明", "--what", "自行车", "--kind", "心愿", "--value", "399",
         "--on", "2026-11-04")  # fmt: skip
    rows = station("give", "list", "--format", "json").json()
    assert [(r["child"], r["household"], r["kind"], r["value_yuan"]) for r in rows] == [
        ("C000001", "H000001", "goods", "200.00"),
        (None, "H000002", "goods", "150.50"),
        ("C000001", "H000001", "wish", "399.00"),
    ]
    conn = sqlite3.connect(db_path)
    assert [r[0] for r in conn.execute("SELECT value_fen FROM gifts ORDER BY id")] == [
        20000, 15050, 39900]  # fmt: skip
    conn.close()
    assert len(station("give", "list", "C000001", "--format", "json").json()) == 2
    assert len(station("give", "list", "H000002", "--format", "json").json()) == 1
    assert len(station("give", "list", "--kind", "wish", "--format", "json").json()) == 1
    table = station("give", "list").stdout
    assert "心愿" in table and "物资" in table and "区妇联" in table and "399.00" in table
    header = station("give", "list", "--format", "csv").stdout.splitlines()[0]
    assert header == "id,given_on,child,name,household,kind,what,value_yuan,donor"


def test_bad_gifts_are_refused_in_one_line(station: Invoke) -> None:
    seeded(station)
    station("close", "C000002", "--reason", "moved", "--on", "2026-11-10")
    cases = [
        (["C000001", "--what", "x", "--kind", "goods", "--value", "1", "--on", "2026-09-30"],
         "登记日期"),
        (["C000001", "--what", "x", "--kind", "goods", "--value", "1", "--on", "2026-12-01"],
         "晚于今天"),
        (["C000002", "--what", "x", "--kind", "goods", "--value", "1", "--on", "2026-11-20"],
         "已退出"),
        (["C000001", "--what", "x", "--kind", "goods", "--value", "-5"], "负数"),
        (["C000001", "--what", "x", "--kind", "goods", "--value", "200000"], "超过单件"),
        (["C000001", "--what", " ", "--kind", "goods", "--value", "1"], "--what"),
        (["H000042", "--what", "x", "--kind", "goods", "--value", "1"], "找不到家庭"),
        (["C000001", "--what", "x", "--kind", "cash", "--value", "1"], "类型"),
    ]  # fmt: skip
    for args, words in cases:
        result = station("give", "add", *args)
        assert result.exit_code in (1, 2) and words in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert station("give", "list", "--format", "json").json() == []


def test_a_gift_is_edited_voided_and_restored(station: Invoke, db_path: Path) -> None:
    seeded(station)
    give(station, "H000002", "--what", "棉被", "--kind", "goods", "--value", "150",
         "--on", "2026-11-03")  # fmt: skip
    moved = station("give", "edit", "1", "--to", "C000002", "--value", "120")
    assert moved.exit_code == 0, moved.stderr
    [row] = station("give", "list", "--format", "json").json()
    assert (row["child"], row["value_yuan"]) == ("C000002", "120.00")
    late = station("give", "edit", "1", "--on", "2026-09-01")
    assert late.exit_code == 1 and "登记日期" in late.stderr
    voided = station("give", "void", "1", "--reason", "重复录入")
    assert voided.exit_code == 0 and "wbz give unvoid" in voided.stdout
    assert station("give", "list", "--format", "json").json() == []
    [row] = station("give", "list", "--all", "--format", "json").json()
    assert row["voided"] is True and row["void_reason"] == "重复录入"
    assert station("give", "unvoid", "1").exit_code == 0
    conn = sqlite3.connect(db_path)
    actions = [r[0] for r in conn.execute(
        "SELECT action FROM audit_log WHERE record_type = 'gift' ORDER BY id")]  # fmt: skip
    conn.close()
    assert actions == ["insert", "edit", "void", "unvoid"]


def test_purge_anonymises_what_a_purged_child_was_given(station: Invoke, db_path: Path) -> None:
    seeded(station)
    give(station, "C000001", "--what", "王小明的心愿：一辆红色自行车", "--kind", "wish",
         "--value", "399", "--on", "2026-10-05", "--donor", "爱心企业")  # fmt: skip
    give(station, "C000002", "--what", "李小红的书包", "--kind", "wish", "--value", "99",
         "--on", "2026-10-05")  # fmt: skip
    station("close", "C000001", "--reason", "moved", "--on", "2026-10-20")
    assert station("purge", "--closed-before", "2026-11-01", "--yes").exit_code == 0
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = db_path.read_bytes()
    assert "红色自行车".encode() not in raw and "李小红的书包".encode() in raw
    rows = station("give", "list", "--format", "json").json()
    assert [(r["what"], r["value_yuan"]) for r in rows] == [
        ("已匿名", "399.00"), ("李小红的书包", "99.00")]  # fmt: skip
    report = station("report", "monthly", "--month", "2026-10", "--format", "json").json()
    assert report["gifts"] == {"count": 2, "value_yuan": "498.00"}
