"""wbz close refuses a child still in a placement (安置中), or whose placement ends on or after
the closing day: the file would say the child is out while a placement says placed. The line
names the placement as ``wbz placement list`` shows it and the command that ends it; nothing
changes. Once the placement has ended before the closing day, the close goes through."""

from __future__ import annotations

from tests.cli.care_records import child_on_file, ok, refused
from tests.conftest import Invoke


def start(station: Invoke, child: str, on: str, place: str = "区儿童福利院"):
    return station("placement", "start", child, "--place", place, "--on", on)


def status(station: Invoke, child: str) -> tuple[str, str | None]:
    row = station("show", child, "--format", "json").json()
    return row["status"], row["closed_on"]


def audit_count(station: Invoke) -> int:
    return len(station("audit", "--format", "json").json())


def test_closing_a_child_in_an_open_placement_is_refused(station: Invoke) -> None:
    child = child_on_file(station)
    ok(start(station, child, "2026-11-02"))
    before = audit_count(station)
    line = refused(
        station("close", child, "--reason", "moved", "--on", "2026-11-20"),
        "仍在安置中",
        "安置记录 1（区儿童福利院，自 2026-11-02 起）",
        "wbz placement end 1 --on",
    )
    assert len(line.strip().splitlines()) == 1
    assert status(station, child) == ("active", None)
    assert audit_count(station) == before
    assert station("placement", "list", "--open", "--format", "json").json()[0]["id"] == 1


def test_once_the_placement_has_ended_the_close_goes_through(station: Invoke) -> None:
    child = child_on_file(station)
    ok(start(station, child, "2026-11-02"))
    ok(station("placement", "end", "1", "--on", "2026-11-19"))
    ok(station("close", child, "--reason", "moved", "--on", "2026-11-20"))
    assert status(station, child) == ("closed", "2026-11-20")


def test_a_placement_ending_on_or_after_the_closing_day_is_refused(station: Invoke) -> None:
    child = child_on_file(station)
    ok(start(station, child, "2026-10-01"))
    ok(station("placement", "end", "1", "--on", "2026-11-10"))
    for day in ("2026-11-05", "2026-11-10"):
        refused(
            station("close", child, "--reason", "moved", "--on", day),
            f"2026-10-01 至 2026-11-10）不早于退出日期 {day}",
            "wbz placement edit 1 --to",
        )
        assert status(station, child) == ("active", None)
    ok(station("close", child, "--reason", "moved", "--on", "2026-11-11"))


def test_a_voided_placement_does_not_hold_the_close(station: Invoke) -> None:
    child = child_on_file(station)
    ok(start(station, child, "2026-11-02"))
    ok(station("placement", "void", "1", "--reason", "登记错误"))
    ok(station("close", child, "--reason", "moved"))
    assert status(station, child) == ("closed", "2026-11-24")
