"""wbz placement: a child's stay in temporary care or an emergency placement — inside the
child's case, never overlapping another, in ``wbz show``, the due list after the policy's
days, editable and voidable, kept by backups and anonymised by purge."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli.care_records import child_on_file, file_text, ok, refused
from tests.conftest import Invoke, due_rows


def start(station: Invoke, child: str, on: str, place: str = "区儿童福利院", *more: str):
    return station("placement", "start", child, "--place", place, "--on", on, *more)


def placements_due(station: Invoke) -> list[dict[str, Any]]:
    return [r for r in due_rows(station("due", "--format", "json")) if r["kind"] == "placement"]


def test_a_placement_is_listed_and_shown_in_the_childs_file(station: Invoke) -> None:
    child = child_on_file(station)
    ok(start(station, child, "2026-11-02", "区儿童福利院", "--reason", "父亲被羁押"))
    rows = station("placement", "list", "--format", "json").json()
    assert rows == [{"id": 1, "child": child, "name": "王小明", "kind": "temporary_care",
                     "place": "区儿童福利院", "reason": "父亲被羁押", "started_on": "2026-11-02",
                     "ended_on": None, "end_note": None, "worker": None}]  # fmt: skip
    shown = station("show", child, "--format", "json").json()
    assert [p["place"] for p in shown["placements"]] == ["区儿童福利院"]
    table = ok(station("show", child)).stdout
    assert "临时安置" in table and "临时监护" in table and "安置中" in table
    ok(station("placement", "end", "1", "--on", "2026-11-20", "--note", "返回家庭"))
    assert station("show", child, "--format", "json").json()["placements"][0]["ended_on"] == (
        "2026-11-20"
    )
    assert station("placement", "list", "--open", "--format", "json").json() == []


def test_the_dates_must_lie_inside_the_childs_case(station: Invoke) -> None:
    child = child_on_file(station, on="2026-03-01")
    refused(start(station, child, "2026-02-28"), "2026-02-28", "不在册")
    refused(start(station, child, "2026-11-25"), "晚于今天")
    ok(start(station, child, "2026-03-01"))
    refused(station("placement", "end", "1", "--on", "2026-02-01"), "早于开始日期")
    # An open placement holds the close (stop 33, tests/cli/test_close_open_placement.py).
    refused(station("close", child, "--reason", "moved", "--on", "2026-06-01"), "安置记录 1")
    ok(station("placement", "end", "1", "--on", "2026-05-31"))
    ok(station("close", child, "--reason", "moved", "--on", "2026-06-01"))
    refused(station("placement", "edit", "1", "--to", "2026-07-01"), "2026-07-01", "不在册")
    assert station("placement", "list", "--format", "json").json()[0]["ended_on"] == "2026-05-31"


def test_a_placement_that_overlaps_another_is_refused(station: Invoke) -> None:
    child = child_on_file(station)
    ok(start(station, child, "2026-10-01"))
    refused(start(station, child, "2026-10-15", "童心驿站"), "已有安置记录 1", "重叠")
    ok(station("placement", "end", "1", "--on", "2026-10-20"))
    refused(start(station, child, "2026-10-19", "童心驿站"), "2026-10-01 至 2026-10-20")
    refused(start(station, child, "2026-09-01", "童心驿站"), "重叠")  # open, so it runs on
    ok(start(station, child, "2026-10-20", "童心驿站", "--kind", "emergency"))  # moved that day
    refused(station("placement", "edit", "2", "--from", "2026-10-10"), "已有安置记录 1")
    rows = station("placement", "list", "--format", "json").json()
    assert [(r["place"], r["kind"], r["started_on"]) for r in rows] == [
        ("区儿童福利院", "temporary_care", "2026-10-01"),
        ("童心驿站", "emergency", "2026-10-20"),
    ]


def test_an_open_placement_enters_the_due_list_after_the_policys_days(station: Invoke) -> None:
    child = child_on_file(station)
    ok(start(station, child, "2026-10-26"))  # 30 days: due 2026-11-25, within the week
    placement = [
        r for r in due_rows(station("due", "--format", "json")) if r["kind"] == "placement"
    ]
    assert [(r["child"], r["next_due"], r["days_overdue"]) for r in placement] == [
        (child, "2026-11-25", -1)  # JSON: days to go are negative
    ]
    ok(station("policy", "set", "placement_days", "10"))
    late = placements_due(station)
    assert [(r["next_due"], r["days_overdue"]) for r in late] == [("2026-11-05", 19)]
    assert "安置复核" in station("due").stdout
    ok(station("placement", "end", "1", "--on", "2026-11-24"))
    assert placements_due(station) == []


def test_a_placement_is_edited_voided_and_restored_with_the_audit_log(station: Invoke) -> None:
    child = child_on_file(station)
    ok(start(station, child, "2026-10-01"))
    edited = ok(station("placement", "edit", "1", "--place", "童心驿站")).stdout
    assert "区儿童福利院 → 童心驿站" in edited
    ok(station("placement", "void", "1", "--reason", "重复录入"))
    assert station("placement", "list", "--format", "json").json() == []
    assert station("show", child, "--format", "json").json()["placements"] == []
    ok(start(station, child, "2026-10-05"))  # the voided one no longer blocks
    refused(station("placement", "unvoid", "1"), "重叠")
    ok(station("placement", "void", "2", "--reason", "记错"))
    ok(station("placement", "unvoid", "1"))
    actions = [(r["action"], r["record_type"]) for r in station("audit", "--format", "json").json()]
    for action in ("insert", "edit", "void", "unvoid"):
        assert (action, "placement") in actions


def test_crisis_intervention_and_placement_are_service_types(station: Invoke) -> None:
    child = child_on_file(station)
    ok(station("service", "add", child, "--type", "危机干预", "--on", "2026-11-02"))
    ok(station("service", "add", child, "--type", "placement", "--on", "2026-11-03"))
    report = station("report", "monthly", "--month", "2026-11", "--format", "json").json()
    assert report["services"]["by_type"]["crisis_intervention"] == 1
    assert report["services"]["by_type"]["placement"] == 1


def test_a_backup_keeps_the_placements(station: Invoke, tmp_path: Path) -> None:
    child = child_on_file(station)
    ok(start(station, child, "2026-10-01", "区儿童福利院"))
    ok(station("backup", str(tmp_path / "copy.db")))
    rows = ok(station("--db", str(tmp_path / "copy.db"), "placement", "list", "--format", "json"))
    assert [r["place"] for r in rows.json()] == ["区儿童福利院"]


def test_purge_removes_what_a_placement_said_of_the_child(station: Invoke, db_path: Path) -> None:
    child = child_on_file(station, on="2025-01-10")
    ok(start(station, child, "2025-02-01", "王奶奶家", "--reason", "王大山酗酒"))
    ok(station("placement", "end", "1", "--on", "2025-03-01", "--note", "王小明回家"))
    ok(station("close", child, "--reason", "moved", "--on", "2025-09-15"))
    ok(station("purge", "--closed-before", "2026-01-01", "--yes"))
    text = file_text(db_path)
    for secret in ("王奶奶家", "王大山酗酒", "王小明回家"):
        assert secret not in text
    row = station("placement", "list", "--format", "json").json()[0]
    assert (row["started_on"], row["ended_on"], row["kind"]) == (
        "2025-02-01",
        "2025-03-01",
        "temporary_care",
    )
