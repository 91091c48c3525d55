"""The kept parts of the report go stale when, and only when, their data changed
(store/report_parts.py): a kept part that missed a write is a wrong figure in the report, a
part thrown away for nothing only a slower one."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.store import report_parts as parts
from wbz_cli.store import sqlite_file
from wbz_cli.store.session import Store

TRIGGERS = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report_track%'"


def _figure(wbz: Invoke, section: str, key: str, *extra: str) -> int:
    done = wbz("report", "monthly", "--month", "2026-11", "--format", "json", *extra)
    assert done.exit_code == 0, done.stderr
    return int(done.json()[section][key])


def _ok(wbz: Invoke, *args: str) -> None:
    done = wbz(*args)
    assert done.exit_code == 0, done.stderr


@pytest.fixture
def one_child(station: Invoke) -> Invoke:
    """A station with one child, C000001, registered on 1 November 2026."""
    _ok(station, "register", "--name", "李雷", "--id-number", make_id("2015-06-01", 11),
        "--category", "孤儿", "--on", "2026-11-01")  # fmt: skip
    return station


def _sql(db_path: Path, *statements: str) -> None:
    """Another program's write (sqlite3), committed."""
    conn = sqlite3.connect(db_path)
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


#: The second child past the first bucket of 4096 ids: by its household's id (the first
#: child's household is 1), or by its own id (8192, in no household).
PAST_THE_FIRST_BUCKET = {
    "household 4096": (
        "UPDATE households SET id = 4096 WHERE id = 2",
        "UPDATE children SET household_id = 4096 WHERE id = 2",
    ),
    "child 8192": (
        "UPDATE children SET id = 8192, code = 'C008192', household_id = NULL WHERE id = 2",
        "UPDATE case_periods SET child_id = 8192 WHERE child_id = 2",
        "UPDATE child_categories SET child_id = 8192 WHERE child_id = 2",
        "UPDATE risk_history SET child_id = 8192 WHERE child_id = 2",
    ),
}


@pytest.mark.parametrize("layout", list(PAST_THE_FIRST_BUCKET))
def test_a_visit_past_the_first_bucket_is_counted_in_the_next_report(
    one_child: Invoke, db_path: Path, layout: str
) -> None:
    """Every bucket up to the highest household or child id is counted, and the triggers'
    bucket size is the report's (household 4096 is the first of the second bucket)."""
    _ok(one_child, "register", "--name", "韩梅梅", "--id-number", make_id("2015-06-01", 12),
        "--category", "孤儿", "--on", "2026-11-01")  # fmt: skip
    _sql(db_path, *PAST_THE_FIRST_BUCKET[layout])
    second = one_child(
        "show", "--format", "json", "C000002" if "household" in layout else "C008192"
    )
    assert second.exit_code == 0, second.stderr
    assert _figure(one_child, "visits", "total") == 0  # the parts are kept

    _ok(one_child, "visit", "add", second.json()["child"], "--mode", "home", "--on", "2026-11-20")

    assert _figure(one_child, "visits", "total") == 1
    assert _figure(one_child, "visits", "total", "--recompute") == 1


def test_a_part_computed_again_at_the_same_stamp_under_another_version_is_kept(
    tmp_path: Path,
) -> None:
    """The month's report once the month is over (or after an upgrade) computes the parts
    again with no write between: they replace the ones kept, so the next report reads them."""
    store = Store.open(tmp_path / "s.db", "t")
    try:
        period = ("2026-11-01", "2026-11-30")
        parts.save(store.conn, [(*period, "b0", 3, "v/running", "while running")])
        parts.save(store.conn, [(*period, "b0", 3, "v", "over")])
        assert parts.load(store.conn, period, "v") == {"b0": (3, "over")}
    finally:
        store.close()


@pytest.mark.parametrize(("rows", "suspended"), [(10_000, True), (9_999, False), (None, True)])
def test_a_write_of_ten_thousand_rows_or_of_a_file_not_yet_counted_is_a_bulk_load(
    tmp_path: Path, rows: int | None, suspended: bool
) -> None:
    """A bulk load runs without the change triggers and leaves every kept part stale; a
    smaller write keeps them, so that only the parts it touches are computed again."""
    store = Store.open(tmp_path / "s.db", "t")
    try:
        every = store.conn.execute(TRIGGERS).fetchone()[0]
        before = parts.changes(store.conn)
        with store.bulk_write(rows=rows) as conn:
            assert conn.execute(TRIGGERS).fetchone()[0] == (0 if suspended else every)
        assert store.conn.execute(TRIGGERS).fetchone()[0] == every
        assert (parts.ALL in parts.changes(store.conn)) is suspended
        assert parts.ALL not in before
    finally:
        store.close()


def test_a_part_kept_under_an_older_schema_is_not_served_after_a_migration(
    one_child: Invoke, db_path: Path
) -> None:
    """The stored parts hold only under the migrations they were computed with: a part of the
    schema before (here one whose count a later definition no longer gives) is computed
    again, not read."""
    conn = sqlite3.connect(db_path)
    schema = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    _sql(db_path, f"PRAGMA user_version = {schema - 1}")  # as before the last migration
    assert _figure(one_child, "children", "active") == 1
    conn = sqlite3.connect(db_path)
    with conn:
        old, wrong = '"children.active": 1', '"children.active": 5'
        changed = conn.execute(
            "UPDATE report_parts SET data = replace(data, ?, ?) WHERE instr(data, ?)",
            (old, wrong, old),
        )
        assert changed.rowcount == 1
    conn.close()
    _sql(db_path, f"PRAGMA user_version = {schema}")  # the last migration has run

    assert _figure(one_child, "children", "active") == 1


def test_a_second_report_of_an_unchanged_file_neither_writes_nor_waits_for_a_writer(
    one_child: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report reads its kept parts: it takes the write lock only to keep what it computed
    or to move the write stamp (which dates every kept part) on past another program's
    change, once; so the report after that answers at once while another program is
    writing, and changes nothing."""
    _sql(db_path, "UPDATE children SET community = '第1居民区'")  # another program's change
    assert _figure(one_child, "children", "active") == 1  # taken in, and kept

    def stamp_and_parts() -> tuple:
        conn = sqlite3.connect(db_path)
        try:
            stamp = conn.execute("SELECT stamp FROM data_stamp").fetchall()
            return stamp, conn.execute("SELECT * FROM report_parts ORDER BY part").fetchall()
        finally:
            conn.close()

    kept = stamp_and_parts()
    monkeypatch.setattr(sqlite_file, "BUSY_TIMEOUT_MS", 30_000)
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another program's import, still running
    try:
        started = time.monotonic()
        assert _figure(one_child, "children", "active") == 1
        assert time.monotonic() - started < 15
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert stamp_and_parts() == kept
