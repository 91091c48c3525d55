"""Voiding an approved category application (``wbz apply void N``) undoes what the approval
did: the category period it opened is voided with it (audited) and restored by ``wbz apply
unvoid``. A period since ended, or one a payment relies on, is not left behind silently: the
void is refused in one Chinese line and nothing changes."""

from __future__ import annotations

from pathlib import Path

from tests.cli.care_records import child_on_file, ok, refused
from tests.cli.test_corrections import dump, monthly
from tests.conftest import Invoke, make_id


def approved(station: Invoke, category: str = "de_facto_unsupported") -> str:
    """A child (orphan since 2026-01-05) whose application (1) for ``category`` was approved
    from 2026-11-01; its code."""
    child = child_on_file(station, on="2026-01-05")
    ok(station("apply", "add", child, "--category", category, "--on", "2026-10-08"))
    ok(station("apply", "decide", "1", "--approve", "--starts-on", "2026-11-01",
               "--on", "2026-10-28"))  # fmt: skip
    return child


def categories(station: Invoke, child: str) -> list[str]:
    return list(station("show", child, "--format", "json").json()["categories"])


def category_audit(station: Invoke) -> list[tuple[str, str]]:
    rows = station("audit", "--format", "json").json()
    return [(r["action"], r["record_key"]) for r in rows if r["record_type"] == "category"]


def test_voiding_an_approved_application_voids_the_category_it_opened(station: Invoke) -> None:
    child = approved(station)
    assert categories(station, child) == ["orphan", "de_facto_unsupported"]
    monthly(station)  # the report's kept parts, to follow the void
    ok(station("apply", "void", "1", "--reason", "审批件录错了儿童"))
    assert categories(station, child) == ["orphan"]
    fresh = station("report", "monthly", "--month", "2026-11", "-f", "json", "--recompute")
    assert monthly(station) == fresh.json()
    assert not monthly(station)["children"]["by_category"].get("de_facto_unsupported")
    listed = station("children", "--category", "de_facto_unsupported", "--format", "json")
    assert listed.json() == []
    history = station("show", child, "--format", "json").json()["category_history"]
    assert [k["category"] for k in history] == ["orphan"]
    assert [a for a, _ in category_audit(station)] == ["void"]
    assert category_audit(station)[0][1].startswith(f"{child}/")
    ok(station("apply", "unvoid", "1"))
    assert categories(station, child) == ["orphan", "de_facto_unsupported"]
    assert [a for a, _ in category_audit(station)] == ["void", "unvoid"]
    assert station("apply", "list", "--format", "json").json()[0]["status"] == "approved"


def test_a_category_since_ended_is_named_and_the_void_refused(
    station: Invoke, db_path: Path
) -> None:
    child = approved(station)
    ok(station("update", child, "--end-category", "de_facto_unsupported", "--on", "2026-11-15"))
    before = dump(db_path)
    line = refused(
        station("apply", "void", "1", "--reason", "录错"),
        "申请 1 批准时开启的事实无人抚养儿童类别（自 2026-11-01 起）已于 2026-11-15 结束",
        f"wbz category void {child} de_facto_unsupported=2026-11-01",
    )
    assert len(line.strip().splitlines()) == 1
    assert dump(db_path) == before
    assert station("apply", "list", "--format", "json").json()[0]["id"] == 1
    ok(station("category", "void", child, "de_facto_unsupported", "--reason", "误登"))
    ok(station("apply", "void", "1", "--reason", "录错"))
    ok(station("apply", "unvoid", "1"))  # the category voided by hand stays voided
    assert categories(station, child) == ["orphan"]


def test_a_category_a_payment_relies_on_is_not_voided_with_the_application(
    station: Invoke, db_path: Path
) -> None:
    child = approved(station)
    ok(station("subsidy", "add", child, "--type", "de_facto_unsupported", "--month", "2026-11",
               "--amount", "1900"))  # fmt: skip
    before = dump(db_path)
    refused(station("apply", "void", "1", "--reason", "录错"), "2026-11", "请先更正或作废")
    assert dump(db_path) == before
    ok(station("subsidy", "void", "1", "--reason", "随申请一并作废"))
    ok(station("apply", "void", "1", "--reason", "录错"))
    assert categories(station, child) == ["orphan"]


def test_refused_and_subsidy_applications_open_nothing_and_void_plainly(station: Invoke) -> None:
    child = child_on_file(station, on="2026-01-05")
    ok(station("apply", "add", child, "--subsidy", "study_grant", "--on", "2026-10-01"))
    ok(station("apply", "decide", "1", "--approve", "--on", "2026-10-05"))
    ok(station("apply", "add", child, "--category", "difficult", "--subtype", "poverty",
               "--on", "2026-10-09"))  # fmt: skip
    ok(station("apply", "decide", "2", "--refuse", "--reason", "收入超标", "--on", "2026-10-20"))
    ok(station("apply", "void", "1", "--reason", "录错"))
    ok(station("apply", "void", "2", "--reason", "录错"))
    assert categories(station, child) == ["orphan"]
    assert category_audit(station) == []


def test_an_approved_application_keeps_its_category_through_a_merge_and_its_undo(
    station: Invoke,
) -> None:
    child = approved(station)
    twin = child_on_file(station, on="2026-02-01", id_number=make_id("2014-05-06", 13))
    ok(station("merge", child, twin, "--yes", "--force"))  # was: IntegrityError
    assert categories(station, child) == ["orphan", "de_facto_unsupported"]
    ok(station("merge", child, twin, "--undo"))
    assert categories(station, twin) == ["orphan"]
    ok(station("merge", child, twin, "--yes", "--force"))
    ok(station("apply", "void", "1", "--reason", "录错"))
    assert categories(station, child) == ["orphan"]
    ok(station("apply", "unvoid", "1"))
    assert categories(station, child) == ["orphan", "de_facto_unsupported"]
