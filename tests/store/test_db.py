"""The database file: owner-only mode, WAL, foreign keys, busy timeout, migrations."""

from __future__ import annotations

import re
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from subprocess import PIPE

import pytest

from wbz_cli.store import migrations, sqlite_file
from wbz_cli.store.db import connect
from wbz_cli.store.session import Store
from wbz_cli.store.sqlite_file import StoreError


def columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {t: [c[1] for c in conn.execute(f"PRAGMA table_info({t})")] for t in sorted(tables)}


def indexes(conn: sqlite3.Connection) -> set[str]:
    return {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
    }


def test_new_file_is_owner_only_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = connect(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO guardians (household_id, name) VALUES (999, 'x')")


def test_existing_file_readable_by_others_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "open.db"
    connect(path).close()
    path.chmod(0o644)
    connect(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_missing_file_is_not_created_unless_asked(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="wbz init"):
        connect(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="不是有效的 wbz 数据库"):
        connect(path)


def test_migrations_from_blank_are_recorded_in_order(tmp_path: Path) -> None:
    conn = connect(tmp_path / "blank.db")
    names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY rowid")]
    assert names == migrations.available()
    assert names[0] == "m0001_initial"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(names)
    assert migrations.migrate(conn) == []


def file_with_a_child(path: Path, *, upto: str) -> Path:
    """A file migrated up to ``upto`` only, holding one child (王小明, risk red)."""
    old = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(old, upto=upto)[-1] == upto
    old.execute(
        "INSERT INTO children (code, name, id_number, birth_date, gender, risk, status,"
        " registered_on, created_at, updated_at) VALUES ('C000001', '王小明',"
        " '320111202303098514', '2023-03-09', 'M', 'red', 'active', '2026-01-01', 't', 't')"
    )
    old.close()
    return path


def test_migrating_from_the_first_schema_keeps_data_and_matches_a_fresh_file(
    tmp_path: Path,
) -> None:
    old_path = file_with_a_child(tmp_path / "old.db", upto="m0001_initial")
    upgraded = connect(old_path)
    fresh = connect(tmp_path / "fresh.db")
    assert columns(upgraded) == columns(fresh)
    assert indexes(upgraded) == indexes(fresh)
    assert [tuple(r) for r in upgraded.execute("SELECT name, risk FROM children")] == [
        ("王小明", "red")
    ]


def test_list_checks_become_or_chains_that_refuse_the_same_values(tmp_path: Path) -> None:
    """m0801: every CHECK on a list of three or more values is written as a chain of ORs (SQLite
    3.40 builds a temporary index per row written for the list); the data stays, the file is
    whole, and the same values are refused as before."""
    conn = connect(file_with_a_child(tmp_path / "old.db", upto="m0703_report_parts"))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [tuple(r) for r in conn.execute("SELECT name, risk FROM children")] == [
        ("王小明", "red")
    ]
    schema = " ".join(
        r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")
    )
    lists = re.findall(r"\bIN\s*\(([^()]*)\)", schema)
    assert lists and all(len(values.split(",")) <= 2 for values in lists), lists
    assert "risk = 'red' OR risk = 'orange'" in schema
    bad = {
        "children": "UPDATE children SET risk = 'purple'",
        "child_categories": "INSERT INTO child_categories (child_id, category, start_on)"
        " VALUES (1, 'orphans', '2026-01-01')",
        "risk_history": "INSERT INTO risk_history (child_id, risk, effective_on, source)"
        " VALUES (1, 'RED', '2026-01-01', 'x')",
        "households": "INSERT INTO households (code, income_status, created_on)"
        " VALUES ('H1', 'poor', '2026-01-01')",
        "visits": "INSERT INTO visits (child_id, visited_on, mode, created_at)"
        " VALUES (1, '2026-01-01', 'mail', 't')",
    }
    for table, sql in bad.items():
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            conn.execute(sql)
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == (table == "children")
    conn.execute(  # a value of the list is still let in
        "INSERT INTO child_categories (child_id, category, start_on)"
        " VALUES (1, 'other', '2026-01-01')"
    )
    assert (
        connect(tmp_path / "fresh.db")
        .execute("SELECT sql FROM sqlite_master WHERE name = 'risk_history'")
        .fetchone()[0]
        == conn.execute("SELECT sql FROM sqlite_master WHERE name = 'risk_history'").fetchone()[0]
    )


def test_a_second_writer_waits_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    first = Store.open(path, "a")
    second = Store.open(path, "b")
    released = threading.Event()

    def hold() -> None:
        with first.write() as conn:
            conn.execute("INSERT INTO settings VALUES ('station', 'x')")
            time.sleep(0.5)
        released.set()

    thread = threading.Thread(target=hold)
    thread.start()
    time.sleep(0.1)
    with second.write() as conn:
        assert released.is_set()
        conn.execute("INSERT INTO settings VALUES ('district', 'y')")
    thread.join()
    assert {r[0]: r[1] for r in second.conn.execute("SELECT key, value FROM settings")} == {
        "station": "x",
        "district": "y",
    }


def test_a_writer_that_never_pauses_does_not_starve_another(tmp_path: Path) -> None:
    """Another process committing without pause: each write of ours still gets its turn,
    well inside the busy timeout (SQLite's own backoff missed the gaps for seconds)."""
    path = tmp_path / "busy.db"
    Store.open(path, "setup").close()
    writer = subprocess.Popen([sys.executable, "-c", NONSTOP_WRITER, str(path)], stdout=PIPE)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == b"ready"
        ours = Store.open(path, "b")
        for n in range(20):
            with ours.write() as conn:
                conn.execute("INSERT INTO settings VALUES (?, 'y')", (f"ours{n}",))
        ours.close()
        assert writer.poll() is None  # the other writer was running all along
    finally:
        writer.kill()
        writer.wait()
    check = sqlite3.connect(path)
    assert check.execute("SELECT count(*) FROM settings WHERE key LIKE 'ours%'").fetchone()[0] == 20
    check.close()


NONSTOP_WRITER = """
import sys
from pathlib import Path
from wbz_cli.store.session import Store
store = Store.open(Path(sys.argv[1]), "writer")
i = 0
while True:
    i += 1
    with store.write() as conn:
        conn.execute("INSERT INTO settings VALUES (?, 'x')", (f"w{i}",))
    if i == 1:
        print("ready", flush=True)
"""


def test_a_lock_held_past_the_timeout_is_one_chinese_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_file, "BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "busy.db"
    holder = Store.open(path, "a")
    waiter = Store.open(path, "b")
    holder.conn.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(StoreError, match="正被其他程序占用，请稍后重试"), waiter.write():
        pass
    assert 0.3 <= time.monotonic() - started < 5
    assert not waiter.conn.in_transaction
    assert waiter.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 300
    holder.conn.execute("ROLLBACK")
    with waiter.write() as conn:
        conn.execute("INSERT INTO settings VALUES ('district', 'y')")


def test_a_failed_write_rolls_back_everything(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "tx.db", "a")
    with pytest.raises(RuntimeError), store.write() as conn:
        conn.execute("INSERT INTO settings VALUES ('station', 'x')")
        store.audit("init", "settings", "station", None, {"station": "x"})
        raise RuntimeError("boom")
    assert store.conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
