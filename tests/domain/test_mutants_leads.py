"""Leads' moves and deadlines as DOMAIN.md states them (issue 26: mutants of domain/leads.py).

The existing tests read the allowed moves from ``TRANSITIONS`` itself; here the table is written
out again, so a move added or lost in the code (a transferred lead marked done without being
accepted) is a refusal a user would miss or meet."""

from __future__ import annotations

from datetime import date

import pytest

from wbz_cli.domain.errors import InvalidInput, RuleViolation
from wbz_cli.domain.leads import (
    DEFAULT_POLICY,
    AgencyType,
    Deadline,
    Event,
    Rule,
    add_working_days,
    check_move,
    deadline_on,
    due_date,
    guess_agency_type,
    initial_status,
    is_mandatory,
    is_open,
    policy_key,
    state_on,
)

ALLOWED = {
    ("new", "verified"),
    ("new", "transferred"),
    ("new", "unfounded"),
    ("new", "withdrawn"),
    ("verified", "transferred"),
    ("verified", "unfounded"),
    ("verified", "withdrawn"),
    ("transferred", "accepted"),
    ("transferred", "rejected"),
    ("transferred", "withdrawn"),
    ("accepted", "done"),
    ("accepted", "rejected"),
    ("rejected", "transferred"),
    ("rejected", "unfounded"),
    ("rejected", "withdrawn"),
}
STATES = [
    "new",
    "verified",
    "transferred",
    "accepted",
    "done",
    "unfounded",
    "rejected",
    "withdrawn",
]
D = date


@pytest.mark.parametrize("current", STATES)
@pytest.mark.parametrize("target", STATES)
def test_each_move_is_allowed_exactly_as_domain_md_says(current: str, target: str) -> None:
    if (current, target) in ALLOWED:
        check_move("L000007", current, target)
        return
    with pytest.raises(RuleViolation) as err:
        check_move("L000007", current, target)
    assert "L000007" in err.value.message


def test_a_transferred_lead_cannot_be_marked_done_and_is_told_what_it_can_become() -> None:
    with pytest.raises(RuleViolation) as err:
        check_move("L000007", "transferred", "done")
    assert err.value.message == (
        "线索 L000007 当前为“已移送”，不能改为“已办结”；"
        "可改为：accepted（已受理）、rejected（退回）、withdrawn（撤回）"
    )


def test_a_final_lead_is_refused_as_final() -> None:
    with pytest.raises(RuleViolation) as err:
        check_move("L000007", "done", "rejected")
    assert err.value.message == "线索 L000007 已是“已办结”（最终状态），不能再变更"


def test_open_and_final_statuses() -> None:
    assert [s for s in STATES if is_open(s)] == [
        "new",
        "verified",
        "transferred",
        "accepted",
        "rejected",
    ]


def test_leads_from_the_police_procuratorate_or_a_court_start_verified() -> None:
    assert initial_status("court") == "verified"
    assert initial_status("school") == "new"
    assert initial_status("hotline") == "new"


def test_a_lead_is_mandatory_by_type_or_when_flagged() -> None:
    assert is_mandatory("self_harm")
    assert is_mandatory("schooling", flagged=True)
    assert not is_mandatory("schooling", flagged=False)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        (None, AgencyType.OTHER),
        ("", AgencyType.OTHER),
        ("police", AgencyType.POLICE),  # a key typed as the name
        ("法院", AgencyType.COURT),
        ("某某小学", AgencyType.EDUCATION),
        ("区救助站", AgencyType.CIVIL_AFFAIRS),
        ("人力资源和社会保障局", AgencyType.LABOUR),
        ("疾控中心", AgencyType.HEALTH),
    ],
)
def test_the_agency_type_guessed_from_a_name(name: str | None, kind: AgencyType) -> None:
    assert guess_agency_type(name) is kind


def test_policy_keys_typed_with_a_colon_or_spaces() -> None:
    assert policy_key(" transfer_mandatory ") == "transfer_mandatory"
    assert policy_key("done:公安") == "done.police"
    assert policy_key("done.教育") == "done.education"


def test_the_default_deadlines_and_their_wording() -> None:
    assert DEFAULT_POLICY["transfer_mandatory"] == Rule(0)
    assert DEFAULT_POLICY["accept"] == Rule(3)
    assert DEFAULT_POLICY["done.police"] == Rule(3)
    assert DEFAULT_POLICY["done.court"] == Rule(15, working=True)
    assert Rule(15, working=True).text() == "15 个工作日"
    assert Rule(3).text() == "3 天"


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 11, 20), -1, D(2026, 11, 20)),  # Friday, no days: the same day
        (D(2026, 11, 21), 0, D(2026, 11, 21)),  # Saturday, no days: the same day
        (D(2026, 11, 16), 4, D(2026, 11, 20)),  # Monday + 4: Friday
        (D(2026, 11, 16), 5, D(2026, 11, 23)),  # Monday + 5: next Monday
        (D(2026, 11, 19), 1, D(2026, 11, 20)),  # Thursday + 1: Friday
        (D(2026, 11, 19), 2, D(2026, 11, 23)),  # Thursday + 2: Monday
        (D(2026, 11, 22), 1, D(2026, 11, 23)),  # from a Sunday: Monday
        (D(2026, 11, 22), 5, D(2026, 11, 27)),  # from a Sunday: the Friday after
    ],
)
def test_working_day_due_dates(start: date, days: int, due: date) -> None:
    assert add_working_days(start, days) == due
    assert due_date(start, Rule(days, working=True)) == due


def test_calendar_day_due_dates_count_weekends() -> None:
    assert due_date(D(2026, 11, 20), Rule(3)) == D(2026, 11, 23)


def test_a_deadline_is_overdue_only_after_its_due_day() -> None:
    running = Deadline("accept", D(2026, 11, 10), D(2026, 11, 13), "accept")
    assert running.days_overdue(D(2026, 11, 12)) == 0
    assert running.days_overdue(D(2026, 11, 13)) == 0
    assert running.days_overdue(D(2026, 11, 14)) == 1
    assert running.reason == "移送后未受理"


def test_the_state_on_a_day_counts_that_days_event() -> None:
    events = [Event("new", D(2026, 11, 2)), Event("transferred", D(2026, 11, 5))]
    assert state_on(events, D(2026, 11, 1)) is None
    assert state_on(events, D(2026, 11, 4)) == events[0]
    assert state_on(events, D(2026, 11, 5)) == events[1]


def _deadline(events: list[Event], day: date, **kw: object) -> Deadline | None:
    args: dict = {"mandatory": False, "source": "school", "policy": DEFAULT_POLICY, **kw}
    return deadline_on(found_on=events[0].on, events=events, day=day, **args)


def test_a_verified_mandatory_lead_is_still_due_to_the_police() -> None:
    events = [Event("verified", D(2026, 11, 10))]
    got = _deadline(events, D(2026, 11, 12), mandatory=True)
    assert got is not None and (got.kind, got.due, got.rule) == (
        "transfer",
        D(2026, 11, 10),
        "transfer_mandatory",
    )
    assert got.reason == "强制报告未移送公安"


def test_the_feedback_deadline_uses_the_agency_of_the_transfer_before_the_day() -> None:
    events = [
        Event("new", D(2026, 11, 2)),
        Event("transferred", D(2026, 11, 2), "police"),
        Event("accepted", D(2026, 11, 3)),
        Event("rejected", D(2026, 11, 20)),
        Event("transferred", D(2026, 11, 20), "education"),
    ]
    got = _deadline(events, D(2026, 11, 4))
    assert got is not None and (got.kind, got.due, got.rule) == (
        "done",
        D(2026, 11, 6),
        "done.police",
    )
    assert got.reason == "受理后未反馈办结"


def test_a_transfer_without_an_agency_type_takes_the_others_deadline() -> None:
    events = [
        Event("new", D(2026, 11, 2)),
        Event("transferred", D(2026, 11, 2)),
        Event("accepted", D(2026, 11, 2)),
    ]
    got = _deadline(events, D(2026, 11, 3))
    assert got is not None and (got.due, got.rule) == (D(2026, 11, 23), "done.other")


def test_a_policy_without_the_rule_falls_back_to_the_default() -> None:
    events = [Event("new", D(2026, 11, 2)), Event("transferred", D(2026, 11, 2), "court")]
    got = _deadline(events, D(2026, 11, 3), policy={})
    assert got is not None and got.due == D(2026, 11, 5)
    accepted = [*events, Event("accepted", D(2026, 11, 3))]
    got = _deadline(accepted, D(2026, 11, 4), policy={"done.police": Rule(1)})
    assert got is not None and got.due == D(2026, 11, 24)  # court: 15 working days


def test_a_transfer_to_an_unknown_agency_type_takes_the_others_deadline() -> None:
    events = [
        Event("new", D(2026, 11, 2)),
        Event("transferred", D(2026, 11, 2), "army"),
        Event("accepted", D(2026, 11, 2)),
    ]
    got = _deadline(events, D(2026, 11, 3), policy={})
    assert got is not None and (got.due, got.rule) == (D(2026, 11, 23), "done.army")


def test_an_empty_policy_key_is_refused_naming_what_was_typed() -> None:
    with pytest.raises(InvalidInput) as err:
        policy_key("")
    assert err.value.message.startswith(
        "期限规则“”无效，可选：transfer_mandatory（强制报告线索发现后移送公安）、"
        "accept（移送后单位受理）、done.police（受理后反馈办结（公安））"
    )


def test_no_deadline_runs_before_the_lead_was_found() -> None:
    events = [Event("new", D(2026, 11, 10))]
    assert _deadline(events, D(2026, 11, 9), mandatory=True) is None


def test_a_transfer_and_acceptance_on_the_day_asked_use_that_agency() -> None:
    events = [
        Event("new", D(2026, 11, 2)),
        Event("transferred", D(2026, 11, 2), "police"),
        Event("accepted", D(2026, 11, 2)),
    ]
    got = _deadline(events, D(2026, 11, 2))
    assert got is not None and (got.kind, got.due, got.rule) == (
        "done",
        D(2026, 11, 5),
        "done.police",
    )


def test_the_accept_deadline_names_its_rule() -> None:
    events = [Event("new", D(2026, 11, 2)), Event("transferred", D(2026, 11, 2), "court")]
    got = _deadline(events, D(2026, 11, 3))
    assert got is not None and (got.kind, got.rule, got.reason) == (
        "accept",
        "accept",
        "移送后未受理",
    )
