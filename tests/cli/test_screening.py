"""wbz screen: people screened and the outcome — enrolled as a child on file, not eligible
with a reason, to follow up by a day (then in ``wbz due``); IDs masked; in the enrolled
child's ``wbz show``; voidable; kept by backups; purged with the enrolled child."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli.care_records import BOY, GIRL, child_on_file, file_text, ok, refused
from tests.conftest import Invoke, due_rows


def follow_ups(station: Invoke) -> list[dict[str, Any]]:
    return [r for r in due_rows(station("due", "--format", "json")) if r["kind"] == "screening"]


def screen(station: Invoke, *args: str):
    return station("screen", "add", *args)


def test_the_three_outcomes_and_their_checks(station: Invoke) -> None:
    child = child_on_file(station)
    ok(screen(station, "--name", "王小明", "--id-number", BOY, "--source", "入户摸排",
              "--outcome", "enrolled", "--child", child, "--on", "2026-11-02"))  # fmt: skip
    ok(screen(station, "--name", "李四", "--source", "school", "--outcome", "not_eligible",
              "--reason", "已满18周岁"))  # fmt: skip
    ok(screen(station, "--name", "赵五", "--source", "department_list", "--outcome", "follow_up",
              "--follow-up-by", "2026-12-01", "--community", "华阳居民区"))  # fmt: skip
    rows = station("screen", "list", "--format", "json").json()
    assert [(r["name"], r["outcome"], r["child"]) for r in rows] == [
        ("王小明", "enrolled", child), ("李四", "not_eligible", None), ("赵五", "follow_up", None)
    ]  # fmt: skip
    assert rows[0]["id_number"] != BOY and rows[0]["id_number"].endswith(BOY[-1])
    assert BOY not in station("screen", "list").stdout
    revealed = station("screen", "list", "--reveal", "--format", "json").json()
    assert revealed[0]["id_number"] == BOY
    refused(screen(station, "--name", "甲", "--source", "school", "--outcome", "not_eligible"),
            "--reason")  # fmt: skip
    refused(screen(station, "--name", "甲", "--source", "school", "--outcome", "follow_up"),
            "--follow-up-by")  # fmt: skip
    refused(screen(station, "--name", "甲", "--source", "school", "--outcome", "enrolled"),
            "--child")  # fmt: skip
    refused(screen(station, "--name", "甲", "--id-number", GIRL, "--source", "school",
                   "--outcome", "enrolled", "--child", child), "身份证号")  # fmt: skip
    assert [s["id"] for s in station("show", child, "--format", "json").json()["screenings"]] == [1]
    assert "摸排纳入" in station("show", child).stdout


def test_a_screening_to_follow_up_enters_the_due_list_on_its_day(station: Invoke) -> None:
    ok(screen(station, "--name", "赵五", "--source", "school", "--outcome", "follow_up",
              "--follow-up-by", "2026-11-20", "--on", "2026-11-01"))  # fmt: skip
    ok(screen(station, "--name", "钱六", "--source", "school", "--outcome", "follow_up",
              "--follow-up-by", "2027-01-20", "--on", "2026-11-01"))  # fmt: skip
    rows = follow_ups(station)
    assert [(r["name"], r["next_due"], r["days_overdue"]) for r in rows] == [
        ("赵五", "2026-11-20", 4)
    ]
    ok(station("screen", "void", "1", "--reason", "重复录入"))
    assert follow_ups(station) == []
    ok(station("screen", "unvoid", "1"))
    assert len(station("screen", "list", "--format", "json").json()) == 2


def test_backup_and_purge_with_the_enrolled_child(
    station: Invoke, db_path: Path, tmp_path: Path
) -> None:
    child = child_on_file(station, on="2025-01-10")
    ok(screen(station, "--name", "王小明", "--id-number", BOY, "--source", "school",
              "--outcome", "enrolled", "--child", child, "--on", "2025-01-10"))  # fmt: skip
    ok(station("backup", str(tmp_path / "copy.db")))
    copy = station("--db", str(tmp_path / "copy.db"), "screen", "list", "--format", "json")
    assert [r["child"] for r in copy.json()] == [child]
    ok(station("close", child, "--reason", "moved", "--on", "2025-09-15"))
    ok(station("purge", "--closed-before", "2026-01-01", "--yes"))
    assert BOY not in file_text(db_path)
    row = station("screen", "list", "--format", "json").json()[0]
    assert (row["id_number"], row["outcome"]) == (None, "enrolled")
    assert row["screened_on"] == "2025-01-10"
