"""Each report key of issue 25's records (METRICS.md, third table) at its edges: a record on
the first and on the last day of the month counts, the day before and after does not; a
voided record counts nowhere; a child merged into another keeps its records counted once
(after the merge and after ``merge --undo``), and a merge that would put one child in two
placements, or pair it twice with the same resource, is refused."""

from __future__ import annotations

from typing import Any

from tests.cli.care_records import ok, refused
from tests.conftest import Invoke, make_id

A_ID = make_id("2014-05-06", 11)
B_ID = make_id("2014-05-06", 13)  # the same boy registered twice


def figures(station: Invoke, month: str = "2026-10") -> dict[str, Any]:
    return ok(station("report", "monthly", "--month", month, "--format", "json")).json()


def twins(station: Invoke) -> tuple[str, str]:
    """C000001 and C000002, one boy on file twice (orphan, from 2026-01-05)."""
    for name, id_number in (("王小明", A_ID), ("王晓明", B_ID)):
        ok(station("register", "--name", name, "--id-number", id_number, "-c", "orphan",
                   "--on", "2026-01-05"))  # fmt: skip
    return "C000001", "C000002"


def merged_and_undone(station: Invoke, keys: tuple[str, ...], expected: dict[str, Any]) -> None:
    """The figures under ``keys`` stay ``expected`` after B is merged into A and after undo."""
    ok(station("merge", "C000001", "C000002", "--yes", "--force"))
    assert {k: figures(station)[k] for k in keys} == expected
    ok(station("merge", "C000001", "C000002", "--undo"))
    assert {k: figures(station)[k] for k in keys} == expected


def test_placement_keys_at_the_edges_and_across_a_merge(station: Invoke) -> None:
    a, b = twins(station)
    place = ("--place", "区儿童福利院")
    ok(station("placement", "start", a, *place, "--on", "2026-09-30"))  # September
    ok(station("placement", "end", "1", "--on", "2026-10-01"))  # ends on the 1st: not open
    ok(station("placement", "start", a, *place, "--on", "2026-10-01"))  # first day
    ok(station("placement", "end", "2", "--on", "2026-10-20"))
    ok(station("placement", "start", b, *place, "--on", "2026-10-31"))  # last day, open
    ok(station("placement", "start", a, *place, "--on", "2026-10-25"))  # voided below
    ok(station("placement", "void", "4", "--reason", "录错了儿童"))
    expected = {"placements": {"started": 2, "open": 1}}
    assert figures(station)["placements"] == expected["placements"]
    assert figures(station, "2026-11")["placements"] == {"started": 0, "open": 1}
    merged_and_undone(station, ("placements",), expected)


def test_a_merge_that_would_overlap_two_placements_is_refused(station: Invoke) -> None:
    a, b = twins(station)
    ok(station("placement", "start", a, "--place", "区儿童福利院", "--on", "2026-10-01"))
    ok(station("placement", "start", b, "--place", "童心驿站", "--on", "2026-10-05"))
    refused(station("merge", a, b, "--yes", "--force"), "安置记录", "1 与 2", "重叠")
    assert figures(station)["placements"] == {"started": 2, "open": 2}
    assert station("show", b, "--format", "json").json()["child"] == b  # not merged
    ok(station("placement", "void", "2", "--reason", "同一次安置录了两次"))
    ok(station("merge", a, b, "--yes", "--force"))
    assert figures(station)["placements"] == {"started": 1, "open": 1}


def test_pairs_active_at_the_edges_and_across_a_merge(station: Invoke) -> None:
    a, b = twins(station)
    helper = ok(station("resource", "add", "--kind", "volunteer", "--name", "李志愿")).stdout
    other = ok(station("resource", "add", "--kind", "volunteer", "--name", "周志愿")).stdout
    ok(station("pair", "add", a, "--resource", helper.strip(), "--from", "2026-09-01",
               "--to", "2026-10-30"))  # ended the day before the last: not at the end  # fmt: skip
    ok(station("pair", "add", b, "--resource", other.strip(), "--from", "2026-10-31"))  # counts
    ok(station("pair", "add", a, "--resource", other.strip(), "--from", "2026-11-01"))  # after
    ok(station("pair", "add", b, "--resource", helper.strip(), "--from", "2026-10-31"))
    ok(station("pair", "void", "4", "--reason", "重复录入"))
    assert figures(station)["pairs"] == {"active": 1}
    assert figures(station, "2026-09")["pairs"] == {"active": 1}
    refused(station("merge", a, b, "--yes", "--force"), "结对", "3 与 2")  # same 周志愿 days
    ok(station("pair", "end", "2", "--on", "2026-10-31"))  # B's ends on the last day
    merged_and_undone(station, ("pairs",), {"pairs": {"active": 1}})


def test_application_keys_at_the_edges_and_across_a_merge(station: Invoke) -> None:
    a, b = twins(station)
    ok(station("apply", "add", a, "--subsidy", "study_grant", "--on", "2026-09-30"))
    ok(station("apply", "add", b, "--subsidy", "temporary_relief", "--on", "2026-10-01"))
    ok(station("apply", "add", a, "--category", "difficult", "--on", "2026-10-31"))
    ok(station("apply", "add", b, "--category", "other", "--on", "2026-10-15"))
    ok(station("apply", "decide", "1", "--approve", "--on", "2026-10-01"))  # approved on the 1st
    ok(station("apply", "decide", "2", "--approve", "--on", "2026-10-31"))  # on the last day
    ok(station("apply", "decide", "3", "--approve", "--starts-on", "2026-11-01",
               "--on", "2026-11-01"))  # November  # fmt: skip
    ok(station("apply", "void", "4", "--reason", "重复录入"))
    expected = {"applications": {"submitted": 2, "approved": 2}}
    assert figures(station)["applications"] == expected["applications"]
    assert figures(station, "2026-11")["applications"] == {"submitted": 0, "approved": 1}
    merged_and_undone(station, ("applications",), expected)


def test_screening_keys_at_the_edges_and_across_a_merge(station: Invoke) -> None:
    a, b = twins(station)
    add = ("screen", "add", "--source", "door_to_door", "--outcome", "enrolled")
    ok(station(*add, "--name", "王小明", "--child", a, "--on", "2026-09-30"))
    ok(station(*add, "--name", "王晓明", "--child", b, "--on", "2026-10-01"))
    ok(station(*add, "--name", "王小明", "--child", a, "--on", "2026-10-31"))
    ok(station(*add, "--name", "王晓明", "--child", b, "--on", "2026-10-15"))
    ok(station(*add, "--name", "王晓明", "--child", b, "--on", "2026-11-01"))
    ok(station("screen", "void", "4", "--reason", "重复录入"))
    expected = {"screening": {"screened": 2, "enrolled": 2}}
    assert figures(station)["screening"] == expected["screening"]
    merged_and_undone(station, ("screening",), expected)


def test_gift_keys_at_the_edges_and_across_a_merge(station: Invoke) -> None:
    a, b = twins(station)
    give = ("--kind", "goods", "--what", "温暖包")
    ok(station("give", "add", a, *give, "--value", "1000", "--on", "2026-09-30"))
    ok(station("give", "add", b, *give, "--value", "100.50", "--on", "2026-10-01"))
    ok(station("give", "add", a, *give, "--value", "0.25", "--on", "2026-10-31"))
    ok(station("give", "add", b, *give, "--value", "999", "--on", "2026-10-15"))
    ok(station("give", "add", b, *give, "--value", "7", "--on", "2026-11-01"))
    ok(station("give", "void", "4", "--reason", "重复录入"))
    expected = {"gifts": {"count": 2, "value_yuan": "100.75"}}
    assert figures(station)["gifts"] == expected["gifts"]
    merged_and_undone(station, ("gifts",), expected)


def test_project_keys_at_the_edges_and_with_a_merged_child_enrolled(station: Invoke) -> None:
    a, b = twins(station)
    ok(station("project", "add", "--name", "十月项目", "--budget", "1000",
               "--from", "2026-10-01", "--to", "2026-10-31"))  # covers the last day  # fmt: skip
    ok(station("project", "add", "--name", "九月项目", "--budget", "1000",
               "--from", "2026-09-01", "--to", "2026-10-30"))  # ends before it  # fmt: skip
    ok(station("project", "add", "--name", "作废项目", "--budget", "1000", "--from", "2026-10-01"))
    ok(station("project", "void", "X000003", "--reason", "重复登记"))
    for project, amount, on in (("X000002", "1.10", "2026-09-30"),
                                ("X000001", "2.20", "2026-10-01"),
                                ("X000001", "3.30", "2026-10-31"),
                                ("X000001", "4.40", "2026-11-01"),
                                ("X000001", "5.50", "2026-10-15")):  # fmt: skip
        ok(station("project", "spend", project, "--amount", amount, "--on", on))
    ok(station("project", "payment", "void", "5", "--reason", "录重了"))
    ok(station("project", "enrol", "X000001", a, b))
    expected = {"projects": {"active": 1, "spent_yuan": "5.50"}}
    assert figures(station)["projects"] == expected["projects"]
    merged_and_undone(station, ("projects",), expected)
    ok(station("merge", a, b, "--yes", "--force"))
    assert station("project", "show", "X000001", "--format", "json").json()["children"] == 1
