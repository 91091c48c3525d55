"""Visits and services name the pairing (结对帮扶) they were part of: ``--pair N`` on ``wbz
visit add`` and ``wbz service add`` (and their edits), refused in one Chinese line when the
pairing is another child's or not in force that day; shown as ``pair`` in the lists and
counted under each pairing in ``wbz show``. Services and activities that belong to a project
are listed by ``wbz project show``."""

from __future__ import annotations

from tests.cli.care_records import GIRL, child_on_file, ok, refused
from tests.conftest import Invoke


def paired(station: Invoke) -> tuple[str, str]:
    """A child paired (1) from 2026-10-01 to 2026-10-31, and another child; their codes."""
    child = child_on_file(station)
    other = child_on_file(station, id_number=GIRL)
    helper = ok(station("resource", "add", "--kind", "volunteer", "--name", "李志愿")).stdout
    ok(station("pair", "add", child, "--resource", helper.strip(), "--from", "2026-10-01",
               "--to", "2026-10-31"))  # fmt: skip
    return child, other


def visit(station: Invoke, child: str, on: str, *more: str):
    return station("visit", "add", child, "--mode", "home", "--on", on, *more)


def test_a_visit_names_its_pairing_and_the_list_shows_it(station: Invoke) -> None:
    child, _ = paired(station)
    added = ok(visit(station, child, "2026-10-05", "--pair", "1", "--format", "json")).json()
    assert added["pair"] == 1
    ok(visit(station, child, "2026-10-06", "--mode", "phone"))
    rows = station("visit", "list", "--format", "json").json()
    assert [(r["visited_on"], r["pair"]) for r in rows] == [("2026-10-05", 1), ("2026-10-06", None)]
    csv = station("visit", "list", "--format", "csv").stdout.splitlines()
    assert csv[0].endswith(",pair") and csv[1].endswith(",1") and csv[2].endswith(",")


def test_a_visit_naming_a_pairing_not_its_own_or_not_in_force_is_refused(
    station: Invoke,
) -> None:
    child, other = paired(station)
    line = refused(visit(station, child, "2026-11-05", "--pair", "1"), "不在结对期间")
    assert len(line.strip().splitlines()) == 1
    refused(visit(station, other, "2026-10-05", "--pair", "1"), "不是这名儿童")
    refused(visit(station, child, "2026-10-05", "--pair", "9"), "找不到结对 9")
    refused(visit(station, child, "2026-10-05", "--pair", "一"), "不是结对的编号")
    assert station("visit", "list", "--format", "json").json() == []


def test_editing_a_visit_or_service_checks_its_pairing_again(station: Invoke) -> None:
    child, other = paired(station)
    ok(visit(station, child, "2026-10-05", "--pair", "1"))
    refused(station("visit", "edit", "1", "--on", "2026-11-02"), "不在结对期间")
    refused(station("visit", "edit", "1", "--child", other), "不是这名儿童")
    ok(station("visit", "edit", "1", "--on", "2026-11-02", "--pair", "-"))
    assert station("visit", "list", "--format", "json").json()[0]["pair"] is None
    ok(station("visit", "edit", "1", "--on", "2026-10-09", "--pair", "1"))
    assert station("visit", "list", "--format", "json").json()[0]["pair"] == 1
    ok(station("service", "add", child, "--type", "education", "--on", "2026-10-05",
               "--pair", "1"))  # fmt: skip
    refused(station("service", "edit", "1", "--on", "2026-11-03"), "不在结对期间")
    edited = ok(station("service", "edit", "1", "--on", "2026-11-03", "--pair", "-")).stdout
    assert "结对 1 → （空）" in edited
    assert station("service", "list", "--format", "json").json()[0]["pair"] is None


def test_show_counts_the_visits_and_services_under_each_pairing(station: Invoke) -> None:
    child, _ = paired(station)
    ok(visit(station, child, "2026-10-05", "--pair", "1"))
    ok(visit(station, child, "2026-10-07", "--pair", "1"))
    ok(visit(station, child, "2026-10-08"))
    ok(station("service", "add", child, "--type", "education", "--on", "2026-10-05",
               "--pair", "1"))  # fmt: skip
    ok(station("visit", "void", "2", "--reason", "重复录入"))
    [pair] = station("show", child, "--format", "json").json()["pairs"]
    assert (pair["id"], pair["visits"], pair["services"]) == (1, 1, 1)
    table = ok(station("show", child)).stdout
    assert "结对帮扶" in table and "走访" in table


def test_project_show_lists_its_services_and_activities(station: Invoke) -> None:
    child = child_on_file(station)
    ok(station("resource", "add", "--kind", "organization", "--name", "阳光社工"))
    ok(station("project", "add", "--name", "童心守护", "--org", "R000001", "--budget", "5000",
               "--from", "2026-01-01"))  # fmt: skip
    ok(station("service", "add", child, "--type", "medical", "--on", "2026-11-03",
               "--project", "X000001", "--provider", "阳光社工"))  # fmt: skip
    ok(station("service", "add", child, "--type", "education", "--on", "2026-11-04"))
    ok(station("activity", "add", "--title", "夏令营", "--kind", "group", "--participants", "12",
               "--on", "2026-11-04", "--project", "X1"))  # fmt: skip
    shown = station("project", "show", "X000001", "--format", "json").json()
    assert shown["service_records"] == [
        {"id": 1, "served_on": "2026-11-03", "type": "medical", "provider": "阳光社工",
         "child": child, "name": "王小明"}
    ]  # fmt: skip
    assert [(a["id"], a["title"], a["participants"]) for a in shown["activity_records"]] == [
        (1, "夏令营", 12)
    ]
    table = ok(station("project", "show", "X000001")).stdout
    assert "项目服务" in table and "助医" in table and "项目活动" in table and "夏令营" in table
    ok(station("service", "void", "1", "--reason", "重复录入"))
    assert station("project", "show", "X1", "--format", "json").json()["service_records"] == []
