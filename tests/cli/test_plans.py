"""wbz plan: goals, planned services, reviews on schedule, overdue reviews for wbz due."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.services.plans import plan_reviews_due
from wbz_cli.store.session import Store


@pytest.fixture
def child(station: Invoke) -> Invoke:
    for seq, name in ((11, "王小明"), (13, "李小红")):
        result = station(
            "register", "--name", name, "--id-number", make_id("2015-06-01", seq),
            "-c", "留守", "--on", "2026-01-10",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    return station


def add(station: Invoke, who: str, review: str, *extra: str):  # type: ignore[no-untyped-def]
    return station(
        "plan", "add", who, "--goal", "稳定学业，改善情绪", "--review-on", review, *extra
    )


def test_add_review_close(child: Invoke) -> None:
    made = add(child, "C000001", "2026-08-01", "--service", "助学", "--service", "psychological",
               "--on", "2026-05-01")  # fmt: skip
    assert made.exit_code == 0, made.stderr
    assert made.stdout.strip() == "P000001"
    [plan] = child("plan", "list", "--format", "json").json()
    assert plan["services"] == ["education", "psychological"]
    assert (plan["review_on"], plan["overdue"], plan["days_overdue"]) == ("2026-08-01", True, 115)

    reviewed = child("plan", "review", "P000001", "--on", "2026-08-03", "--note", "成绩提高")
    assert reviewed.exit_code == 0, reviewed.stderr
    assert "下次复核 2026-11-03" in reviewed.stdout  # three months by default
    again = child("plan", "review", "P1", "--on", "2026-11-20", "--next-review", "2027-02-20")
    assert again.exit_code == 0, again.stderr
    [plan] = child("plan", "list", "--format", "json").json()
    assert (plan["review_on"], plan["overdue"]) == ("2027-02-20", False)
    record = child("show", "C000001", "--format", "json").json()
    assert [r["reviewed_on"] for r in record["plans"][0]["reviews"]] == ["2026-08-03", "2026-11-20"]

    closed = child("plan", "close", "P000001", "--on", "2026-11-24", "--note", "目标达成")
    assert closed.exit_code == 0, closed.stderr
    assert child("plan", "list", "--status", "已结束", "--format", "json").json()[0]["status"] == (
        "closed"
    )
    for args in (("review", "P000001"), ("close", "P000001")):
        refused = child("plan", *args)
        assert refused.exit_code == 1 and "已于 2026-11-24 结束" in refused.stderr


def test_services_link_to_the_open_plan_that_lists_them(child: Invoke) -> None:
    add(child, "C000001", "2026-12-31", "--service", "心理关爱", "--on", "2026-03-01")
    add(child, "C000002", "2026-12-31", "--service", "心理关爱", "--on", "2026-03-01")
    linked = child("service", "add", "C000001", "--type", "心理", "--on", "2026-04-01")
    assert "关联计划 P000001" in linked.stdout
    unlisted = child("service", "add", "C000001", "--type", "助洁", "--on", "2026-04-01")
    assert "关联计划" not in unlisted.stdout
    before = child("service", "add", "C000001", "--type", "心理", "--on", "2026-02-01")
    assert "关联计划" not in before.stdout
    explicit = child("service", "add", "C000001", "--type", "助洁", "--plan", "P000001",
                     "--on", "2026-04-02")  # fmt: skip
    assert explicit.exit_code == 0 and "关联计划 P000001" in explicit.stdout
    other = child("service", "add", "C000001", "--type", "助洁", "--plan", "P000002")
    assert other.exit_code == 1 and "属于 C000002" in other.stderr
    rows = child("service", "list", "C000001", "--format", "json").json()
    assert [(r["served_on"], r["plan"]) for r in rows] == [
        ("2026-02-01", None),
        ("2026-04-01", "P000001"),
        ("2026-04-01", None),
        ("2026-04-02", "P000001"),
    ]


def test_refusals(child: Invoke) -> None:
    cases = [
        (("C000001", "--goal", " ", "--review-on", "2026-12-01"), "计划目标为空"),
        (("C000001", "--goal", "x", "--review-on", "2026-11-24"), "应晚于计划开始日期"),
        (("C000001", "--goal", "x", "--review-on", "2027-01-01", "--on", "2026-12-01"), "晚于今天"),
        (("C000001", "--goal", "x", "--review-on", "2027-01-01", "--service", "吃饭"), "无效"),
        (("C000009", "--goal", "x", "--review-on", "2027-01-01"), "找不到儿童"),
    ]
    for args, message in cases:
        result = child("plan", "add", *args)
        assert result.exit_code == 1, args
        assert message in result.stderr, result.stderr
    add(child, "C000001", "2026-12-01", "--on", "2026-06-01")
    early = child("plan", "review", "P000001", "--on", "2026-05-01")
    assert early.exit_code == 1 and "早于计划开始日期" in early.stderr
    child("plan", "review", "P000001", "--on", "2026-09-01")
    backwards = child("plan", "review", "P000001", "--on", "2026-08-01")
    assert backwards.exit_code == 1 and "早于上次复核" in backwards.stderr
    bad_next = child("plan", "review", "P000001", "--next-review", "2026-11-01")
    assert bad_next.exit_code == 1 and "应晚于本次复核日期" in bad_next.stderr
    missing = child("plan", "review", "P000007")
    assert missing.exit_code == 1 and "找不到服务计划" in missing.stderr


def test_overdue_reviews_and_the_due_list(child: Invoke, db_path: Path) -> None:
    add(child, "C000001", "2026-11-01", "--on", "2026-05-01")  # P1 overdue 23 days
    add(child, "C000002", "2026-11-24", "--on", "2026-05-01")  # P2 due today
    add(child, "C000001", "2026-12-10", "--on", "2026-05-01")  # P3 due in 16 days
    add(child, "C000002", "2026-10-01", "--on", "2026-05-01")  # P4 closed
    child("plan", "close", "P000004")
    overdue = child("plan", "list", "--overdue", "--format", "json").json()
    assert [p["code"] for p in overdue] == ["P000001"]
    store = Store.open(db_path, "t")
    try:
        due = plan_reviews_due(store.conn, date(2026, 11, 24))
        assert [(d["plan"], d["child"], d["next_due"], d["days_overdue"]) for d in due] == [
            ("P000001", "C000001", "2026-11-01", 23),
            ("P000002", "C000002", "2026-11-24", 0),
        ]
        assert "P000001" in due[0]["reason"]
        within = plan_reviews_due(store.conn, date(2026, 11, 24), within_days=16)
        assert [d["plan"] for d in within] == ["P000001", "P000002", "P000003"]
    finally:
        store.close()
    child("close", "C000001", "--reason", "moved")
    assert child("plan", "list", "--overdue", "--format", "json").json() == []
    assert "P000002" in child("plan", "list").stdout


def test_care_reviews_due_merges_plans_and_guardianship(child: Invoke, db_path: Path) -> None:
    from wbz_cli.services.care_due import care_reviews_due

    add(child, "C000001", "2026-11-01", "--on", "2026-05-01")
    child("assess", "guardianship", "C000002", "--result", "监护正常", "--on", "2026-01-10")
    store = Store.open(db_path, "t")
    try:
        due = care_reviews_due(store.conn, date(2028, 1, 20))
        assert [(d["child"], d["next_due"]) for d in due] == [
            ("C000001", "2026-11-01"),
            ("C000002", "2028-01-10"),
        ]
    finally:
        store.close()
