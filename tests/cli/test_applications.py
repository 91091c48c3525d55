"""wbz apply: applications for a category or a subsidy and their decisions — an approval of
a category application opens the category on the day it starts (audited as an added
category), a refusal needs a reason, dates lie inside the child's case; in ``wbz show``,
voidable, kept by backups and anonymised by purge."""

from __future__ import annotations

from pathlib import Path

from tests.cli.care_records import child_on_file, file_text, ok, refused
from tests.conftest import Invoke


def test_an_approval_opens_the_category_on_the_day_it_starts(station: Invoke) -> None:
    child = child_on_file(station, on="2026-01-05")
    ok(station("apply", "add", child, "--category", "事实无人抚养儿童", "--to", "区民政局",
               "--on", "2026-10-08"))  # fmt: skip
    assert station("show", child, "--format", "json").json()["categories"] == ["orphan"]
    ok(station("apply", "decide", "1", "--approve", "--starts-on", "2026-11-01",
               "--on", "2026-10-28"))  # fmt: skip
    shown = station("show", child, "--format", "json").json()
    assert shown["categories"] == ["orphan", "de_facto_unsupported"]
    assert [(k["category"], k["start_on"]) for k in shown["category_history"]] == [
        ("orphan", "2026-01-05"), ("de_facto_unsupported", "2026-11-01")
    ]  # fmt: skip
    assert shown["applications"][0]["status"] == "approved"
    october = station("children", "--category", "de_facto_unsupported", "--format", "json")
    assert [r["child"] for r in october.json()] == [child]
    audit = station("audit", "--format", "json").json()
    added = [r for r in audit if r["action"] == "add_category"]
    assert [r["record_key"] for r in added] == [child]
    assert any(r["action"] == "decide" and r["record_type"] == "application" for r in audit)
    row = station("apply", "list", "--format", "json").json()[0]
    assert (row["status"], row["decided_on"], row["starts_on"]) == (
        "approved", "2026-10-28", "2026-11-01"
    )  # fmt: skip
    assert "申请与审核" in station("show", child).stdout


def test_an_approval_the_child_already_holds_is_refused_and_nothing_changes(
    station: Invoke,
) -> None:
    child = child_on_file(station, on="2026-01-05")
    ok(station("apply", "add", child, "--category", "orphan", "--on", "2026-10-08"))
    refused(station("apply", "decide", "1", "--approve", "--starts-on", "2026-11-01"), "已属于")
    assert station("apply", "list", "--format", "json").json()[0]["status"] == "pending"
    refused(station("apply", "decide", "1", "--approve"), "--starts-on")
    refused(station("apply", "decide", "1", "--refuse"), "--reason")
    refused(station("apply", "decide", "1"), "--approve")


def test_a_refusal_keeps_its_reason_and_opens_nothing(station: Invoke) -> None:
    child = child_on_file(station, on="2026-01-05")
    ok(station("apply", "add", child, "--subsidy", "助学金", "--on", "2026-10-08"))
    ok(station("apply", "add", child, "--category", "difficult", "--subtype", "poverty",
               "--on", "2026-10-09"))  # fmt: skip
    ok(station("apply", "decide", "2", "--refuse", "--reason", "收入超标", "--on", "2026-10-20"))
    refused(station("apply", "decide", "2", "--approve", "--starts-on", "2026-11-01"), "已于")
    assert station("show", child, "--format", "json").json()["categories"] == ["orphan"]
    pending = station("apply", "list", "--status", "pending", "--format", "json").json()
    assert [(r["kind"], r["what"]) for r in pending] == [("subsidy", "study_grant")]
    refused_rows = station("apply", "list", "--status", "不予批准", "--format", "json").json()
    assert [(r["refuse_reason"], r["subtype"]) for r in refused_rows] == [("收入超标", "poverty")]
    assert "助学金" in station("apply", "list").stdout


def test_the_dates_must_lie_inside_the_childs_case(station: Invoke) -> None:
    child = child_on_file(station, on="2026-03-01")
    refused(station("apply", "add", child, "--category", "other", "--on", "2026-02-28"),
            "不在册")  # fmt: skip
    refused(station("apply", "add", child, "--category", "other", "--on", "2026-11-25"),
            "晚于今天")  # fmt: skip
    refused(station("apply", "add", child, "--on", "2026-10-01"), "--category")
    ok(station("apply", "add", child, "--category", "other", "--on", "2026-10-01"))
    refused(station("apply", "add", child, "--category", "other"), "待审核")
    refused(station("apply", "decide", "1", "--refuse", "--reason", "x", "--on", "2026-09-30"),
            "早于申请日期")  # fmt: skip
    refused(station("apply", "decide", "1", "--approve", "--starts-on", "2026-02-01"),
            "早于登记日期")  # fmt: skip


def test_an_application_is_edited_voided_and_restored(station: Invoke) -> None:
    child = child_on_file(station)
    ok(station("apply", "add", child, "--subsidy", "study_grant", "--on", "2026-10-01"))
    assert (
        "承办单位 （空） → 区民政局" in ok(station("apply", "edit", "1", "--to", "区民政局")).stdout
    )
    ok(station("apply", "void", "1", "--reason", "重复录入"))
    assert station("apply", "list", "--format", "json").json() == []
    assert station("show", child, "--format", "json").json()["applications"] == []
    ok(station("apply", "add", child, "--subsidy", "study_grant", "--on", "2026-10-02"))
    refused(station("apply", "unvoid", "1"), "待审核")  # two pending for the same subsidy
    ok(station("apply", "decide", "2", "--refuse", "--reason", "重复"))
    ok(station("apply", "unvoid", "1"))
    assert len(station("apply", "list", "--format", "json").json()) == 2


def test_backup_and_purge(station: Invoke, db_path: Path, tmp_path: Path) -> None:
    child = child_on_file(station, on="2025-01-10")
    ok(station("apply", "add", child, "--subsidy", "study_grant", "--on", "2025-02-01",
               "--notes", "王大山失业"))  # fmt: skip
    ok(
        station(
            "apply", "decide", "1", "--refuse", "--reason", "王小明户籍不符", "--on", "2025-03-01"
        )
    )
    ok(station("backup", str(tmp_path / "copy.db")))
    copy = station("--db", str(tmp_path / "copy.db"), "apply", "list", "--format", "json")
    assert [r["refuse_reason"] for r in copy.json()] == ["王小明户籍不符"]
    ok(station("close", child, "--reason", "moved", "--on", "2025-09-15"))
    ok(station("purge", "--closed-before", "2026-01-01", "--yes"))
    text = file_text(db_path)
    assert "王大山失业" not in text and "王小明户籍不符" not in text
    row = station("apply", "list", "--format", "json").json()[0]
    assert (row["status"], row["what"], row["applied_on"]) == (
        "refused",
        "study_grant",
        "2025-02-01",
    )
