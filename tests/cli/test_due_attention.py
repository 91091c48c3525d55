"""`wbz due` lists, besides the visits, the leads past a deadline (督办) and the plan reviews
and guardianship re-assessments that have fallen due, for the same worker or community."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import Invoke, due_rows, make_id


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def busy(station: Invoke) -> Invoke:
    for seq, name, worker, community in (
        (11, "王小明", "王主任", "甲社区"),
        (13, "李小红", "李主任", "乙社区"),
    ):
        ok(station("register", "--name", name, "--id-number", make_id("2015-06-01", seq),
                   "-c", "其他", "--risk", "green", "--worker", worker, "--community", community,
                   "--on", "2024-01-10"))  # fmt: skip
    for child in ("C000001", "C000002"):  # visited last week: no visit is due
        ok(station("visit", "add", child, "--mode", "home", "--on", "2026-11-20"))
    ok(station("plan", "add", "C000001", "--goal", "稳定学业", "--review-on", "2026-11-10",
               "--on", "2026-05-01"))  # fmt: skip
    ok(station("assess", "guardianship", "C000002", "--result", "normal", "--on", "2024-11-01"))
    for child in (["C000001"], ["--summary", "网吧里的一名男孩，约十岁"]):
        # a mandatory report not passed to the police in time
        ok(station("refer", "add", *child, "--type", "schooling", "--source", "school",
                   "--on", "2026-11-01", "--mandatory"))  # fmt: skip
    return station


def due_list(wbz: Invoke, *args: str) -> list[dict[str, Any]]:
    return list(due_rows(wbz("due", *args, "--format", "json")))


def test_leads_and_reviews_are_listed_with_the_visits(busy: Invoke) -> None:
    rows = due_list(busy)
    assert not [r for r in rows if r["kind"] == "visit"]
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_kind.setdefault(row["kind"], []).append(row)
    [plan] = by_kind["plan_review"]
    assert (plan["child"], plan["next_due"], plan["days_overdue"]) == ("C000001", "2026-11-10", 14)
    assert plan["worker"] == "王主任"
    [review] = by_kind["guardianship_review"]
    assert (review["child"], review["next_due"], review["days_overdue"]) == (
        "C000002", "2026-11-01", 23,
    )  # fmt: skip
    assert review["community"] == "乙社区"
    leads = sorted(by_kind["lead"], key=lambda r: r["child"] or "")
    assert [r["child"] for r in leads] == [None, "C000001"]
    assert all(r["days_overdue"] > 0 and r["lead"] in r["reason"] for r in leads)
    assert [r["next_due"] for r in rows] == sorted(r["next_due"] for r in rows)


def test_a_worker_sees_only_their_own_children(busy: Invoke) -> None:
    rows = due_list(busy, "--worker", "王主任")
    assert {r["child"] for r in rows} == {"C000001"}
    assert {r["kind"] for r in rows} == {"plan_review", "lead"}


def test_an_overdue_lead_alone_sets_the_alert_exit_code(busy: Invoke) -> None:
    result = busy("due", "--overdue", "--fail-on-overdue", "--community", "甲社区")
    assert result.exit_code == 3
    assert "线索督办" in result.stdout and "计划复核" in result.stdout
    assert "超期线索 1 条，到期复核 1 项" in result.stderr + result.stdout
