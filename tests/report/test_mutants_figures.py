"""Report figures at the edges of the month (issue 26: mutants of store/figures.py).

A wrong figure in the monthly report reaches the bureau: each test here sets up the few rows
that decide one figure and reads it from ``wbz report monthly``."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import Invoke
from tests.report.test_monthly_figures import monthly, ok, register


def test_the_risk_at_month_end_is_the_latest_one_held_that_day(station: Invoke) -> None:
    child = register(station, "甲一", "2014-03-01", 1, "2026-09-01", "left_behind", risk="green")
    ok(station("update", child, "--risk", "orange", "--on", "2026-10-05"))
    ok(station("update", child, "--risk", "red", "--on", "2026-10-31"))
    ok(station("update", child, "--risk", "yellow", "--on", "2026-11-01"))
    risks = {k: v for k, v in monthly(station)["children"]["by_risk"].items() if v}
    assert risks == {"red": 1}
    september = monthly(station, "2026-09")["children"]["by_risk"]
    assert {k: v for k, v in september.items() if v} == {"green": 1}


def test_a_case_opened_the_day_its_lead_was_found_came_by_referral(station: Invoke) -> None:
    same_day = register(station, "甲一", "2014-03-01", 1, "2026-10-12", "left_behind")
    ok(station("refer", "add", same_day, "--type", "schooling", "--source", "school", "--on",
               "2026-10-12"))  # fmt: skip
    later = register(station, "乙二", "2013-03-01", 3, "2026-10-12", "left_behind")
    ok(station("refer", "add", later, "--type", "schooling", "--source", "school", "--on",
               "2026-10-13"))  # fmt: skip
    sources = monthly(station)["children"]["new_by_source"]
    assert {k: v for k, v in sources.items() if v} == {"referral": 1, "register": 1}


def _households_at(db_path: Path, *ids: int) -> None:
    """Households numbered ``ids`` (a big station's numbers: 4096 households to a bucket)."""
    conn = sqlite3.connect(db_path)
    with conn:
        conn.executemany(
            "INSERT INTO households (id, code, created_on) VALUES (?, ?, '2026-01-01')",
            [(n, f"H{n:06d}") for n in ids],
        )
    conn.close()


def test_a_report_kept_in_buckets_counts_each_household_once_after_visits(
    station: Invoke, db_path: Path
) -> None:
    """Households at both edges of a bucket (4095, 4096) and in buckets 2 and 4: after visits
    in some buckets only those are counted again, and the figures are still the station's."""
    first = register(station, "甲一", "2014-03-01", 1, "2026-09-01", "left_behind")  # bucket 0
    _households_at(db_path, 4095, 4096, 8192, 16384)
    children = [first] + [
        register(station, name, "2013-03-01", seq, "2026-09-01", "orphan", household=f"H{n:06d}")
        for name, seq, n in (("乙二", 3, 4095), ("丙三", 5, 4096), ("丁四", 7, 8192),
                             ("戊五", 9, 16384))
    ]  # fmt: skip
    assert monthly(station)["visits"]["total"] == 0  # every part computed and kept

    def visit(*who: int, on: str) -> dict[str, Any]:
        for n in who:
            ok(station("visit", "add", children[n], "--mode", "home", "--on", on))
        return monthly(station)

    # buckets 0 and 2 (not 1), then 0 and 1, then 4 alone: each time the rest is kept
    for who, on, total in (((1, 3), "2026-10-05", 2), ((0, 2), "2026-10-06", 4),
                           ((4,), "2026-10-07", 5)):  # fmt: skip
        report = visit(*who, on=on)
        assert report["visits"]["total"] == total
        assert report["visits"]["children_reached"] == total
        assert report["children"]["active"] == 5
        assert report["households"] == {"active": 5, "served": total}
        recomputed = station("report", "monthly", "--month", "2026-10", "--format", "json",
                             "--recompute")  # fmt: skip
        assert report == recomputed.json()


def test_two_risk_changes_on_one_day_the_one_entered_last_holds(station: Invoke) -> None:
    child = register(station, "甲一", "2014-03-01", 1, "2026-09-01", "left_behind")
    ok(station("update", child, "--risk", "orange", "--on", "2026-10-05"))
    ok(station("update", child, "--risk", "red", "--on", "2026-10-05"))  # a correction
    risks = {k: v for k, v in monthly(station)["children"]["by_risk"].items() if v}
    assert risks == {"red": 1}


def test_a_plans_review_due_at_month_end_is_the_one_set_by_its_latest_review(
    station: Invoke,
) -> None:
    """Reviewed on the month's last day; reviewed twice on one day (the second a correction):
    the date set last is the one due, so neither plan's review is overdue on the 31st."""
    first = register(station, "甲一", "2014-03-01", 1, "2026-09-01", "left_behind")
    second = register(station, "乙二", "2013-03-01", 3, "2026-09-01", "orphan")
    for child in (first, second):
        ok(station("plan", "add", child, "--goal", "按时上学", "--on", "2026-09-01",
                   "--review-on", "2026-10-10"))  # fmt: skip
    for plan, on, nxt in (("P000001", "2026-10-10", "2026-10-25"),
                          ("P000001", "2026-10-31", "2027-04-30"),
                          ("P000002", "2026-10-10", "2026-10-20"),
                          ("P000002", "2026-10-10", "2027-04-10")):  # fmt: skip
        ok(station("plan", "review", plan, "--on", on, "--next-review", nxt))
    assert monthly(station)["plans"] == {"active": 2, "reviews": 4, "reviews_overdue": 0}


def test_a_visit_on_the_day_a_category_ends_or_expires_is_not_counted_in_it(
    station: Invoke,
) -> None:
    ended = register(station, "甲一", "2014-03-01", 1, "2026-09-01", "left_behind", "other")
    ok(station("update", ended, "--end-category", "left_behind", "--on", "2026-10-15"))
    ok(station("visit", "add", ended, "--mode", "home", "--on", "2026-10-15"))
    # left-behind until the 16th birthday, 2026-10-20
    expired = register(station, "乙二", "2010-10-20", 3, "2026-09-01", "left_behind", "difficult")
    ok(station("visit", "add", expired, "--mode", "home", "--on", "2026-10-20"))
    reached = monthly(station)["visits"]["children_reached_by_category"]
    assert {k: v for k, v in reached.items() if v} == {"other": 1, "difficult": 1}


def test_an_agreement_valid_until_the_months_last_day_is_in_force_then(station: Invoke) -> None:
    child = register(station, "甲一", "2014-03-01", 1, "2026-09-01", "left_behind")
    ok(station("care-agreement", "add", child, "--carer", "王秀英", "--relation", "祖母",
               "--phone", "13800138000", "--signed-on", "2026-09-01",
               "--valid-until", "2026-10-31"))  # fmt: skip
    assert monthly(station)["care"]["agreements_in_force"] == 1
    assert monthly(station, "2026-11")["care"]["agreements_in_force"] == 0
