"""wbz purge: people screened and never enrolled — found not eligible, or left to follow up
past their day — are purged like the other personal data of people not in care: name, ID
number and reasons gone from the file's bytes and from the audit log, the counts kept; the
screenings still in time, and those of children in care, stay."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.care_records import BOY, GIRL, child_on_file, ok
from tests.conftest import Invoke, make_id

FAR = make_id("2013-03-03", 41)
LATE = make_id("2012-02-02", 52)
KEPT = make_id("2016-06-06", 63)
LISTED = make_id("2017-07-07", 74)


def screen(station: Invoke, *args: str) -> None:
    ok(station("screen", "add", *args))


def seed(station: Invoke) -> str:
    child = child_on_file(station, on="2025-01-10")
    screen(station, "--name", "王小明", "--id-number", BOY, "--source", "school",
           "--outcome", "enrolled", "--child", child, "--on", "2025-01-10")  # fmt: skip
    # not eligible before the cut: purged
    screen(station, "--name", "远方明", "--id-number", FAR, "--source", "school", "--outcome",
           "not_eligible", "--reason", "户籍在外省宁波", "--on", "2025-03-01")  # fmt: skip
    # to follow up by a day before the cut, never enrolled: purged
    screen(station, "--name", "迟来红", "--id-number", LATE, "--source", "department_list",
           "--outcome", "follow_up", "--follow-up-by", "2025-04-01", "--on", "2025-03-01",
           "--community", "新华村")  # fmt: skip
    # still to follow up after the cut, and not eligible after it: kept
    screen(station, "--name", "留下芳", "--id-number", KEPT, "--source", "school", "--outcome",
           "follow_up", "--follow-up-by", "2026-02-01", "--on", "2025-12-20")  # fmt: skip
    screen(station, "--name", "近来强", "--id-number", GIRL, "--source", "school", "--outcome",
           "not_eligible", "--reason", "已满18周岁", "--on", "2026-01-05")  # fmt: skip
    # to follow up by a day before the cut, but registered since: kept with the child's file
    screen(station, "--name", "后登记", "--id-number", LISTED, "--source", "部门名单",
           "--outcome", "待跟进", "--follow-up-by", "2025-04-01", "--on", "2025-03-01")  # fmt: skip
    ok(station("register", "--name", "后登记", "--id-number", LISTED, "-c", "low_income",
               "--on", "2025-03-20"))  # fmt: skip
    return child


def file_bytes(db_path: Path) -> bytes:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    wal = Path(f"{db_path}-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_screenings_never_enrolled_and_past_their_time_leave_the_file(
    station: Invoke, db_path: Path
) -> None:
    seed(station)
    ok(station("screen", "void", "2", "--reason", "远方明重复录入"))
    ok(station("screen", "unvoid", "2"))
    before = station("report", "monthly", "--month", "2025-03", "--format", "json").json()
    result = station("purge", "--closed-before", "2026-01-01", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "2 条摸排记录" in result.stdout
    raw = file_bytes(db_path)
    for secret in ("远方明", FAR, "户籍在外省宁波", "迟来红", LATE):
        assert secret.encode() not in raw, secret
    for keep in ("留下芳", KEPT, "近来强", GIRL, "已满18周岁", "王小明", BOY, "后登记", LISTED):
        assert keep.encode() in raw, keep
    rows = station("screen", "list", "--reveal", "--format", "json").json()
    assert [(r["name"], r["id_number"], r["outcome"], r["community"]) for r in rows[1:3]] == [
        ("已匿名", None, "not_eligible", None), ("已匿名", None, "follow_up", "新华村")
    ]  # fmt: skip
    after = station("report", "monthly", "--month", "2025-03", "--format", "json").json()
    assert after["screening"] == before["screening"] == {"screened": 3, "enrolled": 0}
    again = station("purge", "--closed-before", "2026-01-01", "--format", "json", "--yes")
    assert again.exit_code == 0, again.stderr
    assert "远方明" not in station("audit", "--format", "json").stdout


def test_dry_run_counts_the_screenings_and_changes_nothing(station: Invoke, db_path: Path) -> None:
    seed(station)
    dry = station("purge", "--closed-before", "2026-01-01", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "摸排记录 2 条" in dry.stdout
    assert FAR.encode() in file_bytes(db_path)
    done = station("purge", "--closed-before", "2026-01-01", "--yes", "--format", "json")
    assert done.exit_code == 0, done.stderr
    assert (done.json()["children"], done.json()["screenings"]) == (0, 2)
