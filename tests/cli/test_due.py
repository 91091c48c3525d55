"""wbz due and wbz policy, with WBZ_TODAY fixed on Tuesday 2026-11-24; and the monthly
report's overdue count as of a past day."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from tests.conftest import Invoke, due_rows, make_id

from wbz_cli.services.due import overdue_children_on
from wbz_cli.store.db import connect

_SEQ = iter(range(11, 999, 2))


def register(
    wbz: Invoke,
    on: str,
    *extra: str,
    category: str = "困境",
    birth: str = "2015-06-01",
    name: str = "王小明",
) -> str:
    result = wbz(
        "register", "--name", name, "--id-number", make_id(birth, next(_SEQ)), "-c", category,
        "--on", on, *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def visit(wbz: Invoke, child: str, mode: str, on: str) -> None:
    result = wbz("visit", "add", child, "-m", mode, "--on", on)
    assert result.exit_code == 0, result.stderr


def due(wbz: Invoke, *args: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = due_rows(wbz("due", *args, "--format", "json"))
    return rows


def dates(rows: list[dict[str, Any]]) -> dict[str, tuple[str, int]]:
    return {r["child"]: (r["next_due"], r["days_overdue"]) for r in rows if r["kind"] == "visit"}


def test_first_visit_within_five_working_days_across_weekends(station: Invoke) -> None:
    friday = register(station, "2026-11-20")
    saturday = register(station, "2026-11-21")
    sunday = register(station, "2026-11-22")
    monday = register(station, "2026-11-23")
    rows = due(station)
    assert dates(rows) == {
        friday: ("2026-11-27", -3),
        saturday: ("2026-11-27", -3),
        sunday: ("2026-11-27", -3),
        monday: ("2026-11-30", -6),
    }
    assert {r["reason"] for r in rows} == {"新登记5个工作日内首访"}
    assert set(dates(due(station, "--within", "3"))) == {friday, saturday, sunday}
    # A phone call is a first visit for an unassessed child: next due 30 days after it.
    visit(station, friday, "phone", "2026-11-23")
    assert friday not in dates(due(station))


def test_overdue_children_come_first_with_days_overdue(station: Invoke) -> None:
    upcoming = register(station, "2026-11-20")
    late = register(station, "2026-11-13")  # Friday: due Friday 2026-11-20
    later = register(station, "2026-11-02")  # Monday: due Monday 2026-11-09
    rows = due(station)
    assert [(r["child"], r["next_due"], r["days_overdue"]) for r in rows] == [
        (later, "2026-11-09", 15),
        (late, "2026-11-20", 4),
        (upcoming, "2026-11-27", -3),
    ]
    assert [r["child"] for r in due(station, "--overdue")] == [later, late]


def test_phone_does_not_count_for_red_and_orange(station: Invoke) -> None:
    red = register(station, "2026-10-01", "--risk", "red")
    orange = register(station, "2026-10-01", "--risk", "orange")
    yellow = register(station, "2026-10-01", "--risk", "yellow")
    for child in (red, orange, yellow):
        visit(station, child, "home", "2026-11-10")
        visit(station, child, "phone", "2026-11-20")
    rows = {r["child"]: r for r in due(station)}
    assert (rows[red]["next_due"], rows[red]["days_overdue"]) == ("2026-11-17", 7)
    assert rows[red]["reason"] == "红色风险每7天（电话/微信不计）"
    assert rows[red]["last_visit"] == "2026-11-20"
    assert rows[orange]["next_due"] == "2026-11-24"
    assert yellow not in rows  # the phone call counts: due 2026-12-20
    visit(station, red, "video", "2026-11-24")
    assert dates(due(station))[red] == ("2026-12-01", -7)


def test_the_shortest_rule_sets_the_date_and_the_reason(station: Invoke) -> None:
    green = register(station, "2026-06-01", "--risk", "green")
    left_behind = register(station, "2026-06-01", "--risk", "green", category="留守儿童")
    visit(station, green, "home", "2026-10-20")
    visit(station, left_behind, "home", "2026-10-20")
    rows = due(station)
    assert [(r["child"], r["next_due"], r["days_overdue"], r["reason"]) for r in rows] == [
        (left_behind, "2026-11-19", 5, "留守儿童每30天"),
    ]
    # Raised to red today: due within 7 days of the change, not overdue since October.
    station("update", green, "--risk", "red")
    assert dates(due(station))[green] == ("2026-12-01", -7)


def test_policy_set_changes_what_due_computes(station: Invoke, db_path: Path) -> None:
    red = register(station, "2026-10-01", "--risk", "red")
    visit(station, red, "home", "2026-11-20")
    new = register(station, "2026-11-20")
    assert dates(due(station)) == {red: ("2026-11-27", -3), new: ("2026-11-27", -3)}
    changed = station("policy", "set", "risk.red", "3")
    assert changed.exit_code == 0, changed.stderr
    assert "红色风险走访间隔（天）：3" in changed.stdout
    assert station("policy", "set", "first_visit_workdays", "3").exit_code == 0
    rows = due(station)
    assert dates(rows) == {red: ("2026-11-23", 1), new: ("2026-11-25", -1)}
    assert {r["reason"] for r in rows} == {
        "红色风险每3天（电话/微信不计）",
        "新登记3个工作日内首访",
    }
    assert station("policy", "set", "strong_modes", "入户,视频,电话").exit_code == 0
    visit(station, red, "phone", "2026-11-24")
    assert dates(due(station))[red] == ("2026-11-27", -3)
    shown = {p["key"]: p for p in station("policy", "show", "-f", "json").json()}
    assert shown["risk.red"]["value"] == "3"
    assert shown["strong_modes"]["value"] == "home,phone,video"
    assert shown["left_behind"]["value"] == "30"
    conn = sqlite3.connect(db_path)
    audited = conn.execute(
        "SELECT record_key, before, after FROM audit_log WHERE record_type = 'visit_policy'"
        " ORDER BY id"
    ).fetchall()
    conn.close()
    assert audited[0] == (
        "risk.red",
        '{"effective_on": "0001-01-01", "value": "7"}',
        '{"effective_on": "2026-11-24", "value": "3"}',
    )
    assert station("policy", "set", "risk.red", "default").exit_code == 0
    assert dates(due(station))[red] == ("2026-12-01", -7)


def test_bad_policy_values_are_refused(station: Invoke) -> None:
    for args, message in (
        (("risk.red", "0"), "红色风险走访间隔（天）应为 1 到 366 之间的整数"),
        (("risk.purple", "5"), "走访规则项“risk.purple”不存在"),
        (("strong_modes", "飞鸽"), "走访方式“飞鸽”无效"),
    ):
        result = station("policy", "set", *args)
        assert result.exit_code == 1
        assert message in result.stderr
    assert "7" in station("policy", "show").stdout


def test_fail_on_overdue_exits_3_only_when_something_is_overdue(station: Invoke) -> None:
    register(station, "2026-11-20", "--worker", "李主任")
    assert station("due", "--fail-on-overdue").exit_code == 0
    register(station, "2026-11-13", "--worker", "李主任")
    result = station("due", "--fail-on-overdue", "--format", "json")
    assert result.exit_code == 3
    assert len(result.json()) == 2
    assert station("due").exit_code == 3  # stop 30: exit 3 on overdue items without the option
    assert station("due", "--fail-on-overdue", "--worker", "王主任").exit_code == 0


def test_json_rows_and_filters(station: Invoke) -> None:
    a = register(station, "2026-11-13", "--worker", "李主任", "--community", "华阳", name="甲")
    b = register(station, "2026-11-02", "--worker", "王主任", "--community", "新华", name="乙")
    rows = due(station)
    assert rows[0] == {
        "child": b,
        "name": "乙",
        "next_due": "2026-11-09",
        "days_overdue": 15,
        "reason": "新登记5个工作日内首访",
        "kind": "visit",
        "rule": "first_visit",
        "worker": "王主任",
        "community": "新华",
        "risk": "unassessed",
        "last_visit": None,
    }
    assert [r["child"] for r in due(station, "--worker", "李主任")] == [a]
    assert [r["child"] for r in due(station, "--community", "新华")] == [b]
    csv = station("due", "--format", "csv").stdout.splitlines()
    assert csv[0] == (
        "next_due,days_overdue,child,name,worker,community,risk,kind,reason,last_visit,rule"
    )
    assert csv[1].startswith("2026-11-09,15,C000002,乙,王主任,新华,unassessed,visit,")


def test_on_screen_grouped_by_worker_most_overdue_first(station: Invoke) -> None:
    register(station, "2026-11-13", "--worker", "李主任", name="甲")
    register(station, "2026-11-02", "--worker", "王主任", name="乙")
    register(station, "2026-11-20", name="丙")
    out = station("due").stdout
    assert out.index("儿童主任：王主任") < out.index("儿童主任：李主任")
    assert out.index("儿童主任：李主任") < out.index("儿童主任：（未指定儿童主任）")
    assert "逾期天数" in out and "新登记5个工作日内首访" in out
    assert "共 3 条，其中逾期未访 2 人" in out
    assert "没有需要走访或提醒的儿童" in station("due", "--worker", "赵主任").stdout


def test_birthday_alerts(station: Invoke) -> None:
    sixteen = register(station, "2026-06-01", category="留守儿童", birth="2010-12-04", name="甲")
    orphan16 = register(station, "2026-06-01", category="孤儿", birth="2010-12-05", name="乙")
    eighteen = register(station, "2026-06-01", category="孤儿", birth="2008-12-24", name="丙")
    too_far = register(station, "2026-06-01", category="孤儿", birth="2008-12-25", name="丁")
    for child in (sixteen, orphan16, eighteen, too_far):
        visit(station, child, "home", "2026-11-20")
    rows = due(station)
    assert [(r["child"], r["kind"], r["next_due"], r["days_overdue"]) for r in rows] == [
        (sixteen, "birthday16", "2026-12-04", -10),
        (eighteen, "birthday18", "2026-12-24", -30),
    ]
    assert rows[0]["reason"] == "年满16周岁，农村留守儿童身份结束"
    assert rows[1]["reason"] == "年满18周岁，需复核个案"
    assert due(station, "--overdue") == []
    assert station("due", "--fail-on-overdue").exit_code == 0
    assert station("policy", "set", "birthday_days", "10").exit_code == 0
    assert [r["kind"] for r in due(station)] == ["birthday16"]


def test_closed_children_are_not_due(station: Invoke) -> None:
    child = register(station, "2026-11-02")
    assert station("close", child, "--reason", "moved").exit_code == 0
    assert due(station) == []


def test_overdue_children_on_a_past_day(station: Invoke, db_path: Path) -> None:
    red = register(station, "2026-09-01", "--risk", "red")
    visit(station, red, "home", "2026-09-05")  # due 2026-09-12
    visit(station, red, "home", "2026-11-01")
    raised = register(station, "2026-09-01", "--risk", "green")
    visit(station, raised, "home", "2026-09-02")
    assert station("update", raised, "--risk", "red", "--on", "2026-11-01").exit_code == 0
    closed = register(station, "2026-09-01")  # first visit due 2026-09-08, never visited
    assert station("close", closed, "--reason", "moved", "--on", "2026-10-15").exit_code == 0
    register(station, "2026-11-10")
    exactly = register(station, "2026-10-19", "--risk", "green")  # first visit due 10-26
    visit(station, exactly, "phone", "2026-10-20")
    conn = connect(db_path)
    try:
        # 10-10: red (due 09-12) and the one closed later (due 09-08); `exactly` not yet on file.
        assert overdue_children_on(conn, date(2026, 10, 10)) == 2
        # 10-31: red is still overdue (the November visit is later); closed one is gone.
        assert overdue_children_on(conn, date(2026, 10, 31)) == 1
        # 11-05: red was visited on 11-01 (due 11-08); `raised` is red since 11-01 (due 11-08).
        assert overdue_children_on(conn, date(2026, 11, 5)) == 0
        # 11-08: both are due that very day and count; 11-10 adds nothing overdue yet.
        assert overdue_children_on(conn, date(2026, 11, 8)) == 2
    finally:
        conn.close()


def test_a_window_past_any_calendar_is_one_chinese_line(station: Invoke) -> None:
    result = station("due", "--within", "2912116")
    assert result.exit_code == 1
    assert "--within 最多 36500 天" in result.stderr
    assert station("due", "--within", "36500").exit_code == 0
