"""The visit cadence's texts, limits and edges as a station reads them (issue 26: mutants of
domain/cadence.py): the rule named beside a due date, what ``wbz policy show`` prints, the
limits ``wbz policy set`` states when it refuses, the names it takes for a key, the tie between
the risk and left_behind rules, and birthdays on the first and last day of the window.

Each policy is built inside its test (not at import), so that the run of a mutant traces it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from wbz_cli.domain.cadence import (
    ChildState,
    Policy,
    birthday_alerts,
    next_due,
    normalise_value,
    policy_key,
    value_text,
)
from wbz_cli.domain.errors import InvalidInput

OPENED = date(2026, 1, 5)
VISITED = date(2026, 11, 2)


def _visited(risk: str) -> ChildState:
    """A child long on the register, visited at home on VISITED: the risk rule sets the date."""
    return ChildState(OPENED, risk, OPENED, VISITED, VISITED, None)


@pytest.mark.parametrize(
    ("risk", "days", "reason"),
    [
        ("red", 7, "红色风险每7天（电话/微信不计）"),
        ("orange", 14, "橙色风险每14天（电话/微信不计）"),
        ("yellow", 30, "黄色风险每30天"),
        ("green", 90, "绿色风险每90天"),
        ("unassessed", 30, "未评估风险每30天"),
    ],
)
def test_the_rule_named_beside_the_due_date(risk: str, days: int, reason: str) -> None:
    due = next_due(Policy.from_settings({}), _visited(risk))
    assert due == (VISITED + timedelta(days=days), "risk", reason)


def test_the_modes_that_do_not_count_follow_the_policy() -> None:
    only_home = Policy.from_settings({"strong_modes": "home"})
    weak = "电话/微信/视频/到校/到站"
    assert next_due(only_home, _visited("red")).reason == f"红色风险每7天（{weak}不计）"
    every_mode = Policy.from_settings({"strong_modes": "home,phone,wechat,video,school,station"})
    assert next_due(every_mode, _visited("red")).reason == "红色风险每7天"
    no_strong_risk = Policy.from_settings({"strong_risks": ""})
    assert next_due(no_strong_risk, _visited("orange")).reason == "橙色风险每14天"


@pytest.mark.parametrize(
    ("key", "stored", "shown"),
    [
        ("strong_modes", "home,video,school,station", "入户、视频、到校、到站"),
        ("strong_modes", "home", "入户"),
        ("strong_risks", "red,orange", "红、橙"),
        ("strong_risks", "", "无"),
        ("risk.red", "7", "7"),
        ("left_behind", "30", "30"),
        ("birthday_days", "0", "0"),
    ],
)
def test_what_policy_show_prints_for_a_value(key: str, stored: str, shown: str) -> None:
    assert value_text(key, stored) == shown


@pytest.mark.parametrize(
    ("key", "label", "low", "high"),
    [
        ("risk.red", "红色风险走访间隔（天）", 1, 366),
        ("risk.orange", "橙色风险走访间隔（天）", 1, 366),
        ("risk.unassessed", "未评估走访间隔（天）", 1, 366),
        ("left_behind", "留守儿童走访间隔（天）", 1, 366),
        ("first_visit_workdays", "新登记首访时限（工作日）", 1, 60),
        ("birthday_days", "生日提醒提前天数", 0, 366),
        ("placement_days", "临时安置复核天数", 1, 366),
    ],
)
def test_each_number_is_taken_up_to_its_limits_and_refused_beyond(
    key: str, label: str, low: int, high: int
) -> None:
    assert normalise_value(key, f" {low} ") == str(low)
    assert normalise_value(key, str(high)) == str(high)
    for wrong in (low - 1, high + 1):
        with pytest.raises(InvalidInput) as refused:
            normalise_value(key, str(wrong))
        assert str(refused.value) == f"{label}应为 {low} 到 {high} 之间的整数，收到“{wrong}”"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("红色", "risk.red"),
        ("橙色", "risk.orange"),
        ("黄色", "risk.yellow"),
        ("绿色", "risk.green"),
        ("未评估", "risk.unassessed"),
        ("RED", "risk.red"),
        ("Green", "risk.green"),
        (" 留守 ", "left_behind"),
    ],
)
def test_a_key_may_be_named_by_its_colour_or_in_capitals(typed: str, key: str) -> None:
    assert policy_key(typed) == key


def test_on_a_tie_the_risk_rule_names_the_reason_before_left_behind() -> None:
    # Yellow every 30 days and left_behind every 30 days, both from the same home visit.
    child = _visited("yellow")._replace(left_behind_since=OPENED)
    due = next_due(Policy.from_settings({}), child)
    assert due == (date(2026, 12, 2), "risk", "黄色风险每30天")


TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("birth", "day", "kind"),
    [
        (date(2010, 11, 24), TODAY, "birthday16"),  # 16 today
        (date(2010, 12, 24), date(2026, 12, 24), "birthday16"),  # 16 on the window's last day
        (date(2008, 11, 24), TODAY, "birthday18"),  # 18 today
    ],
)
def test_a_birthday_on_the_windows_first_or_last_day_is_shown(
    birth: date, day: date, kind: str
) -> None:
    policy = Policy.from_settings({})
    alerts = birthday_alerts(policy, birth, TODAY, under16_category="农村留守儿童")
    assert [(a.day, a.kind) for a in alerts] == [(day, kind)]
