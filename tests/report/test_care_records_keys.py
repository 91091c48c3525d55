"""The report keys of issue 25's records (METRICS.md, "Added with the screening, pairing, …")
at their edges: the first and last day of the month count, the day before and after do not;
"at the period's end" is the state on its last day; voided records count nowhere; a write
after a report shows in the next one (nothing stale is kept)."""

from __future__ import annotations

from typing import Any

from tests.cli.care_records import GIRL, child_on_file, ok
from tests.conftest import Invoke


def figures(station: Invoke, month: str = "2026-10") -> dict[str, Any]:
    return ok(station("report", "monthly", "--month", month, "--format", "json")).json()


def test_placements_started_and_open_at_the_months_edges(station: Invoke) -> None:
    first = child_on_file(station, on="2026-01-05")
    second = child_on_file(station, on="2026-01-05", id_number=GIRL)
    place = ("--place", "区儿童福利院")
    ok(station("placement", "start", first, *place, "--on", "2026-09-30"))
    ok(station("placement", "end", "1", "--on", "2026-10-01"))  # ended on the 1st: not open
    ok(station("placement", "start", first, *place, "--on", "2026-10-01"))  # counts
    ok(station("placement", "end", "2", "--on", "2026-10-31"))  # ended on the last day
    ok(station("placement", "start", second, *place, "--on", "2026-10-31"))  # counts, open
    assert figures(station)["placements"] == {"started": 2, "open": 1}
    ok(station("placement", "edit", "2", "--to", "2026-11-01"))  # still there at month end
    assert figures(station)["placements"] == {"started": 2, "open": 2}
    ok(station("placement", "void", "3", "--reason", "重复录入"))
    assert figures(station)["placements"] == {"started": 1, "open": 1}
    assert figures(station, "2026-09")["placements"] == {"started": 1, "open": 1}
    assert figures(station, "2026-11")["placements"] == {"started": 0, "open": 0}
    table = ok(station("report", "monthly", "--month", "2026-10")).stdout
    assert "临时安置" in table and "安置中" in table
    csv = ok(station("report", "monthly", "--month", "2026-10", "--format", "csv")).stdout
    assert "placements.started,临时安置,1" in csv


def test_applications_submitted_and_approved_at_the_months_edges(station: Invoke) -> None:
    child = child_on_file(station, on="2026-01-05")
    apply = ("apply", "add", child)
    ok(station(*apply, "--subsidy", "study_grant", "--on", "2026-09-30"))  # September
    ok(station(*apply, "--subsidy", "temporary_relief", "--on", "2026-10-01"))  # counts
    ok(station(*apply, "--category", "difficult", "--on", "2026-10-31"))  # counts
    ok(station(*apply, "--category", "other", "--on", "2026-10-15"))  # counts, then voided
    ok(station("apply", "decide", "1", "--approve", "--on", "2026-10-01"))  # approved in October
    ok(station("apply", "decide", "2", "--refuse", "--reason", "不符合", "--on", "2026-10-02"))
    ok(station("apply", "decide", "3", "--approve", "--starts-on", "2026-11-01",
               "--on", "2026-11-01"))  # approved in November  # fmt: skip
    assert figures(station)["applications"] == {"submitted": 3, "approved": 1}
    ok(station("apply", "void", "4", "--reason", "重复录入"))
    assert figures(station)["applications"] == {"submitted": 2, "approved": 1}
    assert figures(station, "2026-09")["applications"] == {"submitted": 1, "approved": 0}
    assert figures(station, "2026-11")["applications"] == {"submitted": 0, "approved": 1}


def test_pairs_active_at_the_periods_end(station: Invoke) -> None:
    child = child_on_file(station, on="2026-01-05")
    helper = ok(station("resource", "add", "--kind", "growth_officer", "--name", "周导师"))
    code = helper.stdout.strip()
    pair = ("pair", "add", child, "--resource", code)
    ok(station(*pair, "--from", "2026-09-01", "--to", "2026-10-30"))  # ended before the 31st
    ok(station(*pair, "--from", "2026-10-31", "--to", "2026-10-31"))  # its last day: counts
    ok(station(*pair, "--from", "2026-11-01"))  # begins after October
    assert figures(station)["pairs"] == {"active": 1}
    assert figures(station, "2026-09")["pairs"] == {"active": 1}
    ok(station("pair", "void", "2", "--reason", "重复录入"))
    assert figures(station)["pairs"] == {"active": 0}
    assert figures(station, "2026-11")["pairs"] == {"active": 1}


def test_screening_screened_and_enrolled_in_the_period(station: Invoke) -> None:
    child = child_on_file(station, on="2026-01-05")
    add = ("screen", "add", "--source", "door_to_door")
    ok(station(*add, "--name", "甲", "--outcome", "not_eligible", "--reason", "x",
               "--on", "2026-09-30"))  # fmt: skip
    ok(station(*add, "--name", "乙", "--outcome", "enrolled", "--child", child,
               "--on", "2026-10-01"))  # fmt: skip
    ok(station(*add, "--name", "丙", "--outcome", "follow_up", "--follow-up-by", "2026-12-01",
               "--on", "2026-10-31"))  # fmt: skip
    ok(station(*add, "--name", "丁", "--outcome", "enrolled", "--child", child,
               "--on", "2026-11-01"))  # fmt: skip
    assert figures(station)["screening"] == {"screened": 2, "enrolled": 1}
    ok(station("screen", "void", "2", "--reason", "重复录入"))
    assert figures(station)["screening"] == {"screened": 1, "enrolled": 0}
    assert figures(station, "2026-11")["screening"] == {"screened": 1, "enrolled": 1}
