"""Report figures at the edges of the month (issue 26: mutants of store/figures.py).

A wrong figure in the monthly report reaches the bureau: each test here sets up the few rows
that decide one figure and reads it from ``wbz report monthly``."""

from __future__ import annotations

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
