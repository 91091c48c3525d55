"""The visit cadence at its edges: working days, the shortest rule, modes by risk, policy."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wbz_cli.domain import cadence
from wbz_cli.domain.cadence import ChildState, Policy, add_workdays, birthday_alerts, next_due
from wbz_cli.domain.errors import InvalidInput

DEFAULT = Policy.from_settings({})
FRI, SAT, SUN, MON = date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 22), date(2026, 11, 23)


def state(
    opened: date = MON,
    risk: str = "green",
    risk_since: date | None = None,
    last: date | None = None,
    strong: date | None = None,
    left_behind: date | None = None,
) -> ChildState:
    return ChildState(opened, risk, risk_since or opened, last, strong, left_behind)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (FRI, 5, date(2026, 11, 27)),  # Friday -> next Friday
        (SAT, 5, date(2026, 11, 27)),  # Saturday: Monday is the first working day
        (SUN, 5, date(2026, 11, 27)),
        (MON, 5, date(2026, 11, 30)),
        (date(2026, 11, 26), 1, date(2026, 11, 27)),  # Thursday -> Friday
        (FRI, 1, date(2026, 11, 23)),  # Friday -> Monday
        (FRI, 10, date(2026, 12, 4)),
    ],
)
def test_working_days_skip_weekends(start: date, days: int, expected: date) -> None:
    assert add_workdays(start, days) == expected


def test_a_new_child_registered_on_friday_is_due_the_next_friday() -> None:
    due = next_due(DEFAULT, state(opened=FRI, risk="green"))
    assert (due.next_due, due.rule, due.reason) == (
        date(2026, 11, 27),
        "first_visit",
        "新登记5个工作日内首访",
    )


def test_on_a_tie_the_first_visit_rule_names_the_reason() -> None:
    # Red, registered Monday: 5 working days and 7 days both land on the next Monday.
    due = next_due(DEFAULT, state(opened=MON, risk="red"))
    assert (due.next_due, due.rule) == (date(2026, 11, 30), "first_visit")


def test_the_shortest_rule_wins() -> None:
    visited = date(2026, 10, 1)
    green = state(opened=date(2026, 1, 5), risk="green", last=visited, strong=visited)
    assert next_due(DEFAULT, green) == (date(2026, 12, 30), "risk", "绿色风险每90天")
    left_behind = green._replace(left_behind_since=date(2026, 1, 5))
    assert next_due(DEFAULT, left_behind) == (date(2026, 10, 31), "left_behind", "留守儿童每30天")
    red = left_behind._replace(risk="red")
    assert next_due(DEFAULT, red).next_due == date(2026, 10, 8)
    assert next_due(DEFAULT, red).reason.startswith("红色风险每7天")


def test_phone_and_wechat_do_not_count_for_red_and_orange() -> None:
    home, phone = date(2026, 11, 2), date(2026, 11, 20)
    for risk, days in (("red", 7), ("orange", 14)):
        due = next_due(DEFAULT, state(opened=date(2026, 6, 1), risk=risk, last=phone, strong=home))
        assert due.next_due == home + timedelta(days=days)
        assert "电话/微信不计" in due.reason
    for risk, days in (("yellow", 30), ("green", 90), ("unassessed", 30)):
        due = next_due(DEFAULT, state(opened=date(2026, 6, 1), risk=risk, last=phone, strong=home))
        assert due.next_due == phone + timedelta(days=days)


def test_a_red_child_followed_up_only_by_phone_counts_from_registration() -> None:
    opened = date(2026, 11, 2)
    due = next_due(DEFAULT, state(opened=opened, risk="red", last=date(2026, 11, 5)))
    assert (due.next_due, due.rule) == (date(2026, 11, 9), "risk")


def test_raising_the_risk_counts_from_the_day_it_took_effect() -> None:
    visited = date(2026, 9, 1)
    raised = state(
        opened=date(2026, 1, 5), risk="red", risk_since=date(2026, 11, 20), last=visited,
        strong=visited,
    )  # fmt: skip
    assert next_due(DEFAULT, raised).next_due == date(2026, 11, 27)


def test_a_reopened_case_needs_a_first_visit_again() -> None:
    reopened = state(opened=FRI, risk="yellow", last=date(2026, 3, 1), strong=date(2026, 3, 1))
    assert next_due(DEFAULT, reopened)[:2] == (date(2026, 11, 27), "first_visit")


def test_joining_left_behind_counts_from_the_category_start() -> None:
    visited = date(2026, 8, 1)
    child = state(
        opened=date(2026, 1, 5), risk="green", last=visited, strong=visited,
        left_behind=date(2026, 11, 10),
    )  # fmt: skip
    assert next_due(DEFAULT, child)[:2] == (date(2026, 10, 30), "risk")
    later = child._replace(last_visit=date(2026, 11, 1), last_strong_visit=date(2026, 11, 1))
    assert next_due(DEFAULT, later)[:2] == (date(2026, 12, 10), "left_behind")


def test_policy_changes_the_dates_and_the_reasons() -> None:
    policy = Policy.from_settings(
        {"risk.red": "5", "first_visit_workdays": "3", "strong_modes": "home", "left_behind": "21"}
    )
    assert next_due(policy, state(opened=FRI, risk="green")) == (
        date(2026, 11, 25),
        "first_visit",
        "新登记3个工作日内首访",
    )
    video = date(2026, 11, 18)
    red = state(opened=date(2026, 6, 1), risk="red", last=video, strong=date(2026, 11, 10))
    assert next_due(policy, red).next_due == date(2026, 11, 15)
    lb = state(opened=date(2026, 6, 1), last=video, strong=video, left_behind=date(2026, 6, 1))
    assert next_due(policy, lb) == (date(2026, 12, 9), "left_behind", "留守儿童每21天")
    everyone = Policy.from_settings({"strong_risks": "red,orange,yellow"})
    yellow = state(opened=date(2026, 6, 1), risk="yellow", last=video, strong=date(2026, 10, 1))
    assert next_due(everyone, yellow).next_due == date(2026, 10, 31)


@given(
    opened=st.dates(date(2024, 1, 1), date(2026, 6, 1)),
    gap=st.integers(0, 200),
    risk=st.sampled_from(cadence.RISK_KEYS),
    left_behind=st.booleans(),
    strong=st.booleans(),
)
def test_after_a_visit_the_next_is_due_one_period_later(
    opened: date, gap: int, risk: str, left_behind: bool, strong: bool
) -> None:
    visit = opened + timedelta(days=gap)
    child = ChildState(
        opened, risk, opened, visit, visit if strong else None, opened if left_behind else None
    )
    # The risk rule counts from this visit if its mode counts for the risk, else from the
    # case's opening (a red child only phoned); left_behind counts from any visit.
    counts = strong or risk not in DEFAULT.strong_risks
    expected = [(visit if counts else opened) + timedelta(days=DEFAULT.risk_days[risk])]
    if left_behind:
        expected.append(visit + timedelta(days=DEFAULT.left_behind_days))
    due = next_due(DEFAULT, child).next_due
    assert due == min(expected)
    assert due > visit or not counts


def test_birthdays_in_the_window() -> None:
    today = date(2026, 11, 24)
    sixteen = birthday_alerts(DEFAULT, date(2010, 12, 4), today, under16_category="农村留守儿童")
    assert [(b.day, b.kind) for b in sixteen] == [(date(2026, 12, 4), "birthday16")]
    assert "农村留守儿童身份结束" in sixteen[0].reason
    assert birthday_alerts(DEFAULT, date(2010, 12, 4), today, under16_category=None) == []
    eighteen = birthday_alerts(DEFAULT, date(2008, 12, 24), today, under16_category=None)
    assert [b.kind for b in eighteen] == ["birthday18"]
    assert birthday_alerts(DEFAULT, date(2008, 12, 25), today, under16_category=None) == []
    assert birthday_alerts(DEFAULT, date(2008, 11, 23), today, under16_category=None) == []


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("risk.red", " 5 ", "5"),
        ("红", "5", "5"),
        ("留守儿童", "21", "21"),
        ("first_visit_workdays", "3", "3"),
        ("strong_modes", "视频、入户", "home,video"),
        ("strong_modes", "home,video,home", "home,video"),
        ("strong_risks", "红,orange,黄", "red,orange,yellow"),
    ],
)
def test_policy_values_by_key_or_label(key: str, value: str, stored: str) -> None:
    assert cadence.normalise_value(cadence.policy_key(key), value) == stored


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("risk.red", "0", "1 到 366 之间的整数"),
        ("risk.red", "7.5", "整数"),
        ("strong_modes", "", "至少给出一种"),
        ("strong_modes", "飞鸽", "走访方式“飞鸽”无效"),
    ],
)
def test_bad_policy_values_are_refused(key: str, value: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        cadence.normalise_value(cadence.policy_key(key), value)


def test_unknown_policy_key_lists_the_keys() -> None:
    with pytest.raises(InvalidInput, match=r"risk\.red"):
        cadence.policy_key("risk.purple")
