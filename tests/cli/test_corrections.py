"""改错: a visit, service, subsidy payment or activity entered wrongly is edited with the checks
it had when written, voided with a reason (it stays on file, leaves lists and figures, and
shows in ``wbz show`` and in lists with ``--all``) and restored by ``unvoid``; the same record
typed a second time is refused, naming the one on file; every change is in the audit log and
in ``wbz history``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Invoke, Result, due_rows, make_id


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.stderr
    return result


def refused(result: Result, *texts: str) -> None:
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr
    for text in texts:
        assert text in result.stderr, result.stderr


def monthly(wbz: Invoke, month: str = "2026-11") -> dict[str, Any]:
    return dict(ok(wbz("report", "monthly", "--month", month, "-f", "json")).json())


def dump(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def audit_rows(db_path: Path, action: str) -> list[tuple[str, str, Any, Any]]:
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT record_type, record_key, before, after FROM audit_log WHERE action = ?"
            " ORDER BY id",
            (action,),
        ).fetchall()
    finally:
        conn.close()

    def loaded(text: str | None) -> Any:
        return json.loads(text) if text else None

    return [(t, k, loaded(b), loaded(a)) for t, k, b, a in rows]


@pytest.fixture
def wbz(station: Invoke) -> Invoke:
    """C000001 and C000002, orphans registered on 2026-10-01; today is 2026-11-24."""
    for seq, name in ((11, "王小明"), (13, "张小军")):
        ok(station("register", "--name", name, "--id-number", make_id("2015-06-01", seq),
                   "-c", "orphan", "--on", "2026-10-01"))  # fmt: skip
    return station


# --- visits -----------------------------------------------------------------------------------


def test_a_visit_typed_twice_is_refused_naming_the_first_and_again_records_it(
    wbz: Invoke, db_path: Path
) -> None:
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-20"))
    before = dump(db_path)
    refused(
        wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-20"),
        "已有记录（走访记录号 1）",
        "--again",
    )
    assert dump(db_path) == before
    assert monthly(wbz)["visits"]["total"] == 1
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-20", "--again"))
    assert monthly(wbz)["visits"]["total"] == 2
    # another mode or another day is another visit
    ok(wbz("visit", "add", "C000001", "--mode", "电话", "--on", "2026-11-20"))
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-21"))


def test_a_voided_visit_leaves_the_list_and_the_report_and_unvoid_brings_it_back(
    wbz: Invoke, db_path: Path
) -> None:
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-20"))
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-20", "--again"))
    report = monthly(wbz)
    assert (report["visits"]["total"], report["visits"]["by_mode"]["home"]) == (2, 2)

    ok(wbz("visit", "void", "2", "--reason", "重复录入"))
    report = monthly(wbz)
    assert (report["visits"]["total"], report["visits"]["by_mode"]["home"]) == (1, 1)
    assert report["visits"]["children_reached"] == 1
    assert [v["id"] for v in ok(wbz("visit", "list", "-f", "json")).json()] == [1]
    listed = ok(wbz("visit", "list", "--all", "-f", "json")).json()
    assert [(v["id"], v["voided"], v["void_reason"]) for v in listed] == [
        (1, False, None),
        (2, True, "重复录入"),
    ]
    table = ok(wbz("visit", "list", "--all")).stdout
    assert "已作废" in table and "重复录入" in table
    assert "已作废" not in ok(wbz("visit", "list")).stdout
    shown = ok(wbz("show", "C000001", "-f", "json")).json()
    assert shown["visit_count"] == 1
    [voided] = shown["voided_records"]
    assert (voided["kind"], voided["id"], voided["voided_by"], voided["void_reason"]) == (
        "visit",
        2,
        "tester",
        "重复录入",
    )
    assert "已作废的记录" in ok(wbz("show", "C000001")).stdout
    [(kind, key, old, new)] = audit_rows(db_path, "void")
    assert (kind, key, old["voided_at"], new["void_reason"], new["voided_by"]) == (
        "visit",
        "C000001/2",
        None,
        "重复录入",
        "tester",
    )

    # it is the same as visit 1: back only with --again, as when it was first typed
    refused(wbz("visit", "unvoid", "2"), "走访记录号 1")
    ok(wbz("visit", "unvoid", "2", "--again"))
    assert monthly(wbz)["visits"]["total"] == 2
    assert [v["id"] for v in ok(wbz("visit", "list", "-f", "json")).json()] == [1, 2]
    [(kind, key, old, new)] = audit_rows(db_path, "unvoid")
    assert (key, old["void_reason"], new["voided_at"]) == ("C000001/2", "重复录入", None)


def test_a_void_needs_a_reason_and_each_state_change_happens_once(
    wbz: Invoke, db_path: Path
) -> None:
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-20"))
    assert wbz("visit", "void", "1").exit_code == 2  # --reason is required
    refused(wbz("visit", "void", "1", "--reason", "  "), "必须写明原因")
    refused(wbz("visit", "unvoid", "1"), "没有作废")
    refused(wbz("visit", "void", "9", "--reason", "x"), "找不到走访记录 9")
    ok(wbz("visit", "void", "1", "--reason", "录错了儿童"))
    before = dump(db_path)
    refused(wbz("visit", "void", "1", "--reason", "x"), "已于", "录错了儿童")
    refused(wbz("visit", "edit", "1", "--mode", "电话"), "已作废", "wbz visit unvoid 1")
    assert dump(db_path) == before


def test_a_voided_visit_is_not_the_last_visit_for_what_is_due(wbz: Invoke) -> None:
    def next_due() -> str:
        rows = due_rows(wbz("due", "--within", "365", "-f", "json"))
        return str(next(r["next_due"] for r in rows if r["child"] == "C000001"))

    unvisited = next_due()
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-20"))
    assert next_due() == "2026-12-20"
    ok(wbz("visit", "void", "1", "--reason", "没有去"))
    assert next_due() == unvisited


def test_editing_a_visits_date_moves_it_between_the_months_of_the_kept_report(
    wbz: Invoke, db_path: Path
) -> None:
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-10-15"))
    assert monthly(wbz, "2026-10")["visits"]["total"] == 1
    assert monthly(wbz, "2026-11")["visits"]["total"] == 0

    result = ok(wbz("visit", "edit", "1", "--on", "2026-11-10", "--mode", "电话"))
    assert "走访日期 2026-10-15 → 2026-11-10" in result.stdout
    october, november = monthly(wbz, "2026-10"), monthly(wbz, "2026-11")
    assert october["visits"]["total"] == 0
    assert (november["visits"]["total"], november["visits"]["by_mode"]["phone"]) == (1, 1)
    for month, report in (("2026-10", october), ("2026-11", november)):
        fresh = wbz("report", "monthly", "--month", month, "-f", "json", "--recompute")
        assert ok(fresh).json() == report
    [(kind, key, old, new)] = audit_rows(db_path, "edit")
    assert (kind, key) == ("visit", "C000001/1")
    assert old == {"visited_on": "2026-10-15", "mode": "home"}
    assert new == {"visited_on": "2026-11-10", "mode": "phone"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--on", "2026-12-30"), "晚于今天"),
        (("--on", "2026-09-01"), "早于"),
        (("--mode", "飞鸽传书"), "飞鸽传书"),
        (("--child", "C000009"), "找不到儿童"),
        (("--on", "2026-11-21"), "走访记录号 2"),  # the same as visit 2
        ((), "没有要修改的内容"),
        (("--mode", "入户"), "没有修改"),
    ],
)
def test_a_refused_visit_edit_changes_nothing(
    wbz: Invoke, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-20"))
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-21"))
    before = dump(db_path)
    refused(wbz("visit", "edit", "1", *args), message)
    assert dump(db_path) == before


def test_unvoid_of_a_visit_entered_again_meanwhile_names_it(wbz: Invoke) -> None:
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-20"))
    ok(wbz("visit", "void", "1", "--reason", "以为录错了"))
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-20"))
    refused(wbz("visit", "unvoid", "1"), "走访记录号 2")
    ok(wbz("visit", "unvoid", "1", "--again"))
    assert monthly(wbz)["visits"]["total"] == 2


# --- services ---------------------------------------------------------------------------------


def test_a_service_on_the_wrong_child_is_moved_and_a_void_leaves_the_report(
    wbz: Invoke, db_path: Path
) -> None:
    ok(wbz("service", "add", "C000001", "--type", "助学", "--on", "2026-11-05", "--hours", "2"))
    ok(wbz("service", "add", "C000001", "--type", "助医", "--on", "2026-11-06"))
    assert [s["id"] for s in ok(wbz("service", "list", "-f", "json")).json()] == [1, 2]
    report = monthly(wbz)
    assert (report["services"]["total"], report["services"]["children_served"]) == (2, 1)

    ok(wbz("service", "edit", "1", "--child", "C000002"))
    assert [s["id"] for s in ok(wbz("service", "list", "C000002", "-f", "json")).json()] == [1]
    assert [s["id"] for s in ok(wbz("service", "list", "C000001", "-f", "json")).json()] == [2]
    assert monthly(wbz)["services"]["children_served"] == 2
    [(kind, key, old, new)] = audit_rows(db_path, "edit")
    assert (kind, key, old, new) == (
        "service",
        "C000002/1",
        {"child": "C000001"},
        {"child": "C000002"},
    )

    ok(wbz("service", "void", "2", "--reason", "没有提供"))
    report = monthly(wbz)
    assert (report["services"]["total"], report["services"]["by_type"]["medical"]) == (1, 0)
    assert report["services"]["children_served"] == 1
    listed = ok(wbz("service", "list", "--all", "-f", "json")).json()
    assert [(s["id"], s["voided"]) for s in listed] == [(1, False), (2, True)]
    ok(wbz("service", "unvoid", "2"))
    assert monthly(wbz)["services"]["by_type"]["medical"] == 1
    assert len(audit_rows(db_path, "void")) == len(audit_rows(db_path, "unvoid")) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--hours", "30"), "不超过 24 小时"),
        (("--type", "按摩"), "按摩"),
        (("--on", "2026-12-01"), "晚于今天"),
        (("--plan", "P000009"), "找不到服务计划"),
    ],
)
def test_a_refused_service_edit_changes_nothing(
    wbz: Invoke, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    ok(wbz("service", "add", "C000001", "--type", "助学", "--on", "2026-11-05"))
    before = dump(db_path)
    refused(wbz("service", "edit", "1", *args), message)
    assert dump(db_path) == before


# --- subsidy payments -------------------------------------------------------------------------


def test_a_payment_typed_as_19000_instead_of_1900_is_corrected(wbz: Invoke, db_path: Path) -> None:
    ok(wbz("subsidy", "add", "C000001", "--type", "orphan", "--month", "2026-11",
           "--amount", "19000"))  # fmt: skip
    assert monthly(wbz)["subsidies"]["amount_yuan"] == "19000.00"
    [payment] = ok(wbz("subsidy", "list", "-f", "json")).json()
    assert (payment["id"], payment["amount_yuan"]) == (1, "19000.00")

    ok(wbz("subsidy", "edit", "1", "--amount", "1900"))
    report = monthly(wbz)
    assert (report["subsidies"]["payments"], report["subsidies"]["amount_yuan"]) == (1, "1900.00")
    [(kind, key, old, new)] = audit_rows(db_path, "edit")
    assert (kind, key, old, new) == (
        "subsidy",
        "C000001/1",
        {"amount_fen": 1900000},
        {"amount_fen": 190000},
    )
    before = dump(db_path)
    refused(wbz("subsidy", "edit", "1", "--amount", "-5"), "金额")
    refused(wbz("subsidy", "edit", "1", "--month", "2026-12"), "还没有到")
    assert dump(db_path) == before
    history = ok(wbz("history", "subsidy", "1", "-f", "json")).json()
    assert [h["action"] for h in history] == ["insert", "edit"]


def test_a_second_payment_is_refused_naming_the_first_and_again_records_it(
    wbz: Invoke, db_path: Path
) -> None:
    args = ("subsidy", "add", "C000001", "--type", "orphan", "--month", "2026-11", "--amount")
    ok(wbz(*args, "1900"))
    before = dump(db_path)
    refused(wbz(*args, "1900"), "补贴记录号 1", "--again")
    assert dump(db_path) == before
    ok(wbz(*args, "300", "--again"))
    report = monthly(wbz)
    assert (report["subsidies"]["payments"], report["subsidies"]["amount_yuan"]) == (2, "2200.00")

    ok(wbz("subsidy", "void", "2", "--reason", "补发未成"))
    report = monthly(wbz)
    assert (report["subsidies"]["payments"], report["subsidies"]["amount_yuan"]) == (1, "1900.00")
    totals = ok(wbz("subsidy", "list", "--all", "--totals", "-f", "json")).json()
    assert (totals["payments"], totals["amount_yuan"]) == (1, "1900.00")
    listed = ok(wbz("subsidy", "list", "--all", "-f", "json")).json()
    assert [(p["id"], p["voided"]) for p in listed] == [(1, False), (2, True)]
    # a voided payment does not stand in the way of the right one
    ok(wbz("subsidy", "void", "1", "--reason", "金额录错"))
    ok(wbz(*args, "1900"))
    assert monthly(wbz)["subsidies"]["payments"] == 1
    refused(wbz("subsidy", "unvoid", "1"), "补贴记录号 3")


# --- activities -------------------------------------------------------------------------------


def test_activities_twice_edits_and_voids_move_the_station_figures(
    wbz: Invoke, db_path: Path
) -> None:
    add = ("activity", "add", "--title", "防溺水安全教育", "--kind", "主题服务",
           "--on", "2026-11-05", "--participants")  # fmt: skip
    ok(wbz(*add, "30"))
    before = dump(db_path)
    refused(wbz(*add, "30"), "活动记录号 1", "--again")
    assert dump(db_path) == before
    ok(wbz(*add, "20", "--again"))
    report = monthly(wbz)
    assert (report["activities"]["count"], report["activities"]["participants"]) == (2, 50)

    ok(wbz("activity", "edit", "2", "--participants", "25"))
    assert monthly(wbz)["activities"]["participants"] == 55
    ok(wbz("activity", "void", "1", "--reason", "重复录入"))
    report = monthly(wbz)
    assert (report["activities"]["count"], report["activities"]["participants"]) == (1, 25)
    assert [a["id"] for a in ok(wbz("activity", "list", "-f", "json")).json()] == [2]
    listed = ok(wbz("activity", "list", "--all", "-f", "json")).json()
    assert [(a["id"], a["voided"]) for a in listed] == [(1, True), (2, False)]
    ok(wbz("activity", "unvoid", "1", "--again"))
    assert monthly(wbz)["activities"]["count"] == 2

    before = dump(db_path)
    refused(wbz("activity", "edit", "2", "--on", "2026-12-24"), "晚于今天")
    refused(wbz("activity", "edit", "2", "--title", " "), "活动名称为空")
    assert dump(db_path) == before
    [(kind, key, old, new)] = audit_rows(db_path, "edit")
    assert (kind, key, old, new) == ("activity", "2", {"participants": 20}, {"participants": 25})


# --- history ----------------------------------------------------------------------------------


def test_history_shows_every_version_of_a_record_and_of_a_child_in_order(wbz: Invoke) -> None:
    ok(wbz("visit", "add", "C000001", "--mode", "入户", "--on", "2026-11-20"))
    ok(wbz("visit", "edit", "1", "--on", "2026-11-19"))
    ok(wbz("visit", "void", "1", "--reason", "没有去"))
    ok(wbz("visit", "unvoid", "1"))
    rows = ok(wbz("history", "visit", "1", "-f", "json")).json()
    assert [r["action"] for r in rows] == ["insert", "edit", "void", "unvoid"]
    assert rows[1]["changes"] == [
        {"field": "visited_on", "before": "2026-11-20", "after": "2026-11-19"}
    ]
    assert all(r["operator"] == "tester" for r in rows)
    table = ok(wbz("history", "走访", "1")).stdout
    for text in ("改错", "走访日期: 2026-11-20 → 2026-11-19", "作废", "没有去", "恢复作废"):
        assert text in table, text
    audit = ok(wbz("audit", "--record", "C000001")).stdout
    assert "改错" in audit and "恢复作废" in audit

    child = ok(wbz("history", "C000001", "-f", "json")).json()
    assert [r["action"] for r in child] == ["register", "insert", "edit", "void", "unvoid"]
    [registered] = [c for c in child[0]["changes"] if c["field"] == "id_number"]
    assert "*" in registered["after"]  # masked, as on every screen
    refused(wbz("history", "C000099"), "找不到")
    refused(wbz("history", "parcel", "1"), "没有“parcel”这类记录")


# --- the docs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", ["README.md", "docs/quickstart.md"])
def test_the_docs_section_shows_commands_and_options_that_exist(wbz: Invoke, doc: str) -> None:
    import shlex

    text = (Path(__file__).resolve().parents[2] / doc).read_text(encoding="utf-8")
    section = text.split("\n## 改错\n", 1)[1].split("\n## ", 1)[0]
    lines = [line.split("#", 1)[0] for line in section.splitlines() if line.startswith("wbz ")]
    assert {"void", "unvoid", "edit", "--again", "--all", "history"} <= {
        word for line in lines for word in line.split()
    }
    for line in lines:
        words = shlex.split(line)[1:]
        path = [w for w in words[:2] if not w.startswith("-") and w.isascii() and w.islower()]
        if path[:1] == ["history"]:
            path = ["history"]
        shown = ok(wbz(*path, "--help")).stdout
        for option in (w for w in words if w.startswith("--")):
            assert option in shown, (line, option)


def test_history_of_a_household_and_by_id_number(wbz: Invoke) -> None:
    household = ok(wbz("history", "H000001", "-f", "json")).json()
    assert [r["record_key"] for r in household][:1] == ["H000001"]
    assert household[0]["action"] == "insert"
    by_number = ok(wbz("history", make_id("2015-06-01", 11), "-f", "json")).json()
    assert by_number == ok(wbz("history", "C000001", "-f", "json")).json()
    csv = ok(wbz("history", "C000001", "-f", "csv")).stdout.splitlines()
    assert csv[0].startswith("at,operator,action,record_key,changes")
