"""The lead state machine and the deadline arithmetic, as pure functions."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wbz_cli.domain.errors import InvalidInput, RuleViolation
from wbz_cli.domain.leads import (
    DEFAULT_POLICY,
    TRANSITIONS,
    AgencyType,
    Event,
    Rule,
    add_working_days,
    check_move,
    deadline_on,
    guess_agency_type,
    initial_status,
    is_mandatory,
    policy_key,
)
from wbz_cli.domain.vocab import FINAL_LEAD_STATUSES, LeadStatus

STATES = [s.value for s in LeadStatus]


def test_the_state_machine_covers_every_state_and_only_finals_are_dead_ends() -> None:
    assert set(TRANSITIONS) == set(STATES)
    assert {s for s, moves in TRANSITIONS.items() if not moves} == FINAL_LEAD_STATUSES
    assert "rejected" not in FINAL_LEAD_STATUSES
    for moves in TRANSITIONS.values():
        assert set(moves) <= set(STATES)


def test_the_main_path_is_allowed() -> None:
    path = ["new", "verified", "transferred", "accepted", "done"]
    for a, b in pairwise(path):
        check_move("L000001", a, b)


@pytest.mark.parametrize("current", STATES)
@pytest.mark.parametrize("target", STATES)
def test_every_pair_is_allowed_or_refused_listing_the_allowed(current: str, target: str) -> None:
    if target in TRANSITIONS[current]:
        check_move("L000001", current, target)
        return
    with pytest.raises(RuleViolation) as err:
        check_move("L000001", current, target)
    if TRANSITIONS[current]:
        for allowed in TRANSITIONS[current]:
            assert LeadStatus(allowed).label in err.value.message
    else:
        assert "最终状态" in err.value.message


def test_incoming_sources_start_verified_and_mandatory_types_are_flagged() -> None:
    assert [initial_status(s) for s in ("police", "procuratorate", "court")] == ["verified"] * 3
    assert initial_status("home_visit") == "new"
    assert is_mandatory("missing") and is_mandatory("other", True)
    assert not is_mandatory("schooling")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("华阳路派出所", AgencyType.POLICE),
        ("长宁区公安分局", AgencyType.POLICE),
        ("长宁区人民检察院", AgencyType.PROCURATORATE),
        ("区法院少年庭", AgencyType.COURT),
        ("区教育局", AgencyType.EDUCATION),
        ("第三中学", AgencyType.EDUCATION),
        ("区卫健委", AgencyType.HEALTH),
        ("区人社局劳动监察大队", AgencyType.LABOUR),
        ("区民政局", AgencyType.CIVIL_AFFAIRS),
        ("妇联", AgencyType.OTHER),
    ],
)
def test_agency_type_is_guessed_from_the_name(name: str, kind: AgencyType) -> None:
    assert guess_agency_type(name) is kind


def test_policy_keys_accept_labels_for_agency_types() -> None:
    assert policy_key("accept") == "accept"
    assert policy_key("done.公安") == "done.police"
    assert policy_key("done.court") == "done.court"
    with pytest.raises(InvalidInput):
        policy_key("done.army")
    with pytest.raises(InvalidInput):
        policy_key("later")


def test_working_days_skip_weekends() -> None:
    friday = date(2026, 11, 20)
    assert add_working_days(friday, 1) == date(2026, 11, 23)  # Monday
    assert add_working_days(friday, 5) == date(2026, 11, 27)
    assert add_working_days(friday, 15) == date(2026, 12, 11)
    assert add_working_days(date(2026, 11, 21), 1) == date(2026, 11, 23)  # from a Saturday
    assert add_working_days(friday, 0) == friday


@given(st.dates(date(2020, 1, 1), date(2030, 12, 31)), st.integers(0, 60))
def test_working_days_land_on_a_weekday_with_the_right_count(start: date, n: int) -> None:
    due = add_working_days(start, n)
    counted = sum(
        1 for i in range(1, (due - start).days + 1) if (start + timedelta(days=i)).weekday() < 5
    )
    assert counted == n
    if n:
        assert due.weekday() < 5


def deadline(events: list[Event], day: date, *, mandatory: bool = False, source: str = "school"):
    return deadline_on(
        mandatory=mandatory,
        source=source,
        found_on=events[0].on,
        events=events,
        day=day,
        policy=DEFAULT_POLICY,
    )


D = date


def test_mandatory_lead_is_due_to_the_police_the_day_it_is_found() -> None:
    events = [Event("new", D(2026, 11, 10))]
    on_day = deadline(events, D(2026, 11, 10), mandatory=True)
    assert on_day is not None and on_day.kind == "transfer"
    assert on_day.due == D(2026, 11, 10)
    assert on_day.days_overdue(D(2026, 11, 10)) == 0
    assert on_day.days_overdue(D(2026, 11, 11)) == 1
    verified = [*events, Event("verified", D(2026, 11, 11))]
    late = deadline(verified, D(2026, 11, 13), mandatory=True)
    assert late is not None and late.days_overdue(D(2026, 11, 13)) == 3
    assert deadline(events, D(2026, 11, 20)) is None  # not mandatory: no transfer deadline
    incoming = [Event("verified", D(2026, 11, 10))]
    assert deadline(incoming, D(2026, 11, 20), mandatory=True, source="procuratorate") is None


def test_accept_within_three_days_of_transfer() -> None:
    events = [Event("new", D(2026, 11, 10)), Event("transferred", D(2026, 11, 12), "education")]
    got = deadline(events, D(2026, 11, 16))
    assert got is not None and (got.kind, got.due) == ("accept", D(2026, 11, 15))
    assert got.days_overdue(D(2026, 11, 16)) == 1
    # as of a day before the transfer, the lead had no deadline
    assert deadline(events, D(2026, 11, 11)) is None


def test_police_feedback_three_days_others_fifteen_working_days() -> None:
    police = [
        Event("new", D(2026, 11, 19)),
        Event("transferred", D(2026, 11, 19), "police"),
        Event("accepted", D(2026, 11, 20), "police"),  # a Friday
    ]
    got = deadline(police, D(2026, 11, 24))
    assert got is not None and (got.kind, got.due) == ("done", D(2026, 11, 23))
    assert got.rule == "done.police"
    school = [
        Event("new", D(2026, 11, 19)),
        Event("transferred", D(2026, 11, 19), "education"),
        Event("accepted", D(2026, 11, 20), "education"),
    ]
    got = deadline(school, D(2026, 11, 24))
    assert got is not None and got.due == D(2026, 12, 11)
    assert got.rule == "done.education"


def test_feedback_deadline_follows_the_latest_transfer() -> None:
    events = [
        Event("new", D(2026, 11, 2)),
        Event("transferred", D(2026, 11, 2), "education"),
        Event("rejected", D(2026, 11, 3), "education"),
        Event("transferred", D(2026, 11, 4), "police"),
        Event("accepted", D(2026, 11, 4), "police"),
    ]
    got = deadline(events, D(2026, 11, 24))
    assert got is not None and got.due == D(2026, 11, 7)
    assert deadline(events[:3], D(2026, 11, 24)) is None  # rejected: waits for re-transfer


@pytest.mark.parametrize("final", sorted(FINAL_LEAD_STATUSES))
def test_final_leads_have_no_deadline(final: str) -> None:
    events = [Event("new", D(2026, 11, 1)), Event(final, D(2026, 11, 2))]
    assert deadline(events, D(2026, 11, 24), mandatory=True) is None


def test_policy_changes_the_arithmetic() -> None:
    events = [Event("new", D(2026, 11, 10)), Event("transferred", D(2026, 11, 12), "other")]
    got = deadline_on(
        mandatory=False,
        source="school",
        found_on=D(2026, 11, 10),
        events=events,
        day=D(2026, 11, 24),
        policy={**DEFAULT_POLICY, "accept": Rule(2, working=True)},
    )
    assert got is not None and got.due == D(2026, 11, 16)  # Thu 12 + 2 working days = Mon 16
