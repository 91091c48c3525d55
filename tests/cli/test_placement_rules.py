"""The rules of a placement that tests/cli/test_placements.py leaves open: a stay lies inside
one case period (not across a closing and a reopening), an overlap is refused however the
other stay was entered, and ``wbz due`` lists an open stay after the policy's days only
while it is open and on file — and the open stay of a child whose case was closed, to be
ended."""

from __future__ import annotations

from typing import Any

from tests.cli.care_records import child_on_file, ok, refused
from tests.conftest import Invoke, due_rows


def start(station: Invoke, child: str, on: str, *more: str):
    return station("placement", "start", child, "--place", "区儿童福利院", "--on", on, *more)


def placements_due(station: Invoke) -> list[dict[str, Any]]:
    return [r for r in due_rows(station("due", "--format", "json")) if r["kind"] == "placement"]


def closed_and_reopened(station: Invoke) -> str:
    """A child on file from 2026-01-05, out from 2026-05-01, back from 2026-07-01."""
    child = child_on_file(station)
    ok(station("close", child, "--reason", "moved", "--on", "2026-05-01"))
    ok(station("reopen", child, "--on", "2026-07-01"))
    return child


def test_a_stay_across_a_closing_and_a_reopening_is_refused(station: Invoke) -> None:
    child = closed_and_reopened(station)
    ok(start(station, child, "2026-04-01"))
    line = refused(station("placement", "end", "1", "--on", "2026-08-01"), "2026-05-01", "退出")
    assert len(line.strip().splitlines()) == 1
    assert station("placement", "list", "--format", "json").json()[0]["ended_on"] is None
    refused(station("placement", "end", "1", "--on", "2026-06-01"), "2026-06-01", "不在册")
    ok(station("placement", "end", "1", "--on", "2026-04-30"))
    refused(station("placement", "edit", "1", "--to", "2026-07-15"), "2026-05-01")
    ok(start(station, child, "2026-07-01"))  # a stay in the new case period


def test_a_stay_inside_the_case_on_its_first_and_last_day_is_accepted(station: Invoke) -> None:
    child = child_on_file(station, on="2026-03-01")
    ok(start(station, child, "2026-03-01"))
    ok(station("placement", "end", "1", "--on", "2026-03-01"))  # one day
    ok(start(station, child, "2026-03-02"))
    refused(station("close", child, "--reason", "moved", "--on", "2026-06-01"), "安置记录 2")
    ok(station("placement", "end", "2", "--on", "2026-05-31"))
    ok(station("close", child, "--reason", "moved", "--on", "2026-06-01"))
    refused(station("placement", "edit", "2", "--to", "2026-06-01"), "不在册")


def test_an_edited_or_restored_stay_is_checked_for_overlap(station: Invoke) -> None:
    child = child_on_file(station)
    ok(start(station, child, "2026-09-01"))
    ok(station("placement", "end", "1", "--on", "2026-09-30"))
    ok(start(station, child, "2026-10-10"))
    refused(station("placement", "edit", "1", "--to", "2026-10-15"), "已有安置记录 2", "重叠")
    refused(station("placement", "edit", "2", "--from", "2026-09-01"), "重叠")  # same start
    ok(station("placement", "edit", "1", "--to", "2026-10-10"))  # ends the day the next begins


def test_the_due_list_follows_the_policy_the_end_and_a_void(station: Invoke) -> None:
    child = child_on_file(station)
    ok(start(station, child, "2026-10-01"))
    assert [(r["next_due"], r["days_overdue"]) for r in placements_due(station)] == [
        ("2026-10-31", 24)
    ]
    assert station("due").exit_code == 3
    ok(station("policy", "set", "placement_days", "90"))
    assert placements_due(station) == []
    ok(station("policy", "set", "placement_days", "30"))
    ok(station("placement", "void", "1", "--reason", "重复录入"))
    assert placements_due(station) == []
    ok(station("placement", "unvoid", "1"))
    assert len(placements_due(station)) == 1


def test_an_open_stay_of_a_closed_child_is_due_to_be_ended(station: Invoke) -> None:
    child = child_on_file(station)
    ok(start(station, child, "2026-11-10"))  # not yet 30 days
    assert placements_due(station) == []
    # wbz close refuses an open placement (stop 33): restoring a voided one after the close
    # still leaves a closed child placed, as files from before stop 33 may hold.
    ok(station("placement", "void", "1", "--reason", "重复录入"))
    ok(station("close", child, "--reason", "moved", "--on", "2026-11-20"))
    ok(station("placement", "unvoid", "1"))
    [row] = placements_due(station)
    assert (row["child"], row["next_due"], row["days_overdue"]) == (child, "2026-11-20", 4)
    assert "已于 2026-11-20 退出" in row["reason"] and "wbz placement end 1" in row["reason"]
    ok(station("placement", "end", "1", "--on", "2026-11-19"))
    assert placements_due(station) == []
