"""wbz purge also anonymises the reasons given for voiding a purged child's records: a reason
is free text and may name the child."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import Invoke
from tests.safety.test_purge import seed


def test_a_void_reason_naming_the_child_is_not_left_in_the_file(
    station: Invoke, db_path: Path
) -> None:
    seed(station)
    voided = station("visit", "void", "2", "--reason", "王小明那天不在家，录错")
    assert voided.exit_code == 0, voided.stderr
    assert station("purge", "--closed-before", "2026-01-01", "--yes").exit_code == 0
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    reason = conn.execute("SELECT void_reason FROM visits WHERE id = 2").fetchone()[0]
    conn.close()
    assert reason != "王小明那天不在家，录错"
    raw = db_path.read_bytes()
    wal = Path(f"{db_path}-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    assert "王小明".encode() not in raw
