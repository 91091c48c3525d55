"""`wbz report explain` for issue 25's keys (screening, pairs, projects, placements,
applications, gifts): on a station with records at the month's edges, voided ones and a gift
to a household, each key's rows (or their amounts) equal the report's figure, for a month and
a range; a station figure refuses `--group`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from tests.cli.care_records import GIRL, child_on_file, ok
from tests.conftest import Invoke
from tests.report.test_project_gift_keys import gifts, projects

KEYS = (
    "screening.screened", "screening.enrolled", "pairs.active", "projects.active",
    "projects.spent_yuan", "placements.started", "placements.open", "applications.submitted",
    "applications.approved", "gifts.count", "gifts.value_yuan",
)  # fmt: skip
PERIODS = (("--month", "2026-10"), ("--from", "2026-09-30", "--to", "2026-10-30"))


@pytest.fixture
def records(station: Invoke) -> Invoke:
    first = child_on_file(station, on="2026-01-05")
    second = child_on_file(station, on="2026-01-05", id_number=GIRL)
    place = ("--place", "区儿童福利院")
    ok(station("placement", "start", first, *place, "--on", "2026-09-30"))
    ok(station("placement", "end", "1", "--on", "2026-10-01"))
    ok(station("placement", "start", first, *place, "--on", "2026-10-01"))
    ok(station("placement", "start", second, *place, "--on", "2026-10-20"))
    ok(station("placement", "end", "3", "--on", "2026-10-25"))
    ok(station("placement", "void", "3", "--reason", "重复录入"))
    ok(station("placement", "start", second, *place, "--on", "2026-10-31"))
    ok(station("apply", "add", first, "--subsidy", "study_grant", "--on", "2026-09-30"))
    ok(station("apply", "add", first, "--subsidy", "temporary_relief", "--on", "2026-10-01"))
    ok(station("apply", "decide", "1", "--approve", "--on", "2026-10-01"))
    helper = ok(station("resource", "add", "--kind", "growth_officer", "--name", "周导师"))
    pair = ("pair", "add", first, "--resource", helper.stdout.strip())
    ok(station(*pair, "--from", "2026-09-01", "--to", "2026-10-30"))
    ok(station(*pair, "--from", "2026-10-31", "--to", "2026-10-31"))
    screen = ("screen", "add", "--source", "door_to_door")
    ok(station(*screen, "--name", "乙", "--outcome", "enrolled", "--child", first,
               "--on", "2026-10-01"))  # fmt: skip
    ok(station(*screen, "--name", "丙", "--outcome", "follow_up", "--follow-up-by", "2026-12-01",
               "--on", "2026-10-31"))  # fmt: skip
    projects(station)
    gifts(station)
    return station


def figure(report: dict[str, Any], key: str) -> Any:
    section, name = key.split(".")
    return report[section][name]


@pytest.mark.parametrize("period", PERIODS, ids=["month", "range"])
def test_every_care_record_key_is_explained_by_its_records(
    records: Invoke, period: tuple[str, ...]
) -> None:
    command = "monthly" if period[0] == "--month" else "range"
    report = ok(records("report", command, *period, "--format", "json")).json()
    seen = 0
    for key in KEYS:
        rows = ok(records("report", "explain", key, *period, "--format", "json")).json()
        expected = figure(report, key)
        if key.endswith("_yuan"):
            total = sum((Decimal(r["amount_yuan"]) for r in rows), Decimal("0.00"))
            assert f"{total:.2f}" == expected, key
        else:
            assert len(rows) == expected, key
        seen += len(rows)
    assert seen > 10  # the station has records of every kind in the period


def test_a_screened_person_not_yet_a_child_is_named_and_a_station_figure_has_no_group(
    records: Invoke,
) -> None:
    rows = ok(records("report", "explain", "screening.screened", "--month", "2026-10",
                      "--format", "json")).json()  # fmt: skip
    assert sorted(r["name"] for r in rows) == ["丙", "王小明"]  # the enrolled one by the child
    refused = records("report", "explain", "gifts.count", "--month", "2026-10",
                      "--by", "community", "--group", "飞乐")  # fmt: skip
    assert refused.exit_code == 1
