"""Stored report snapshots and the write stamp that tells whether one is still current.

``data_stamp.stamp`` is moved on by ``Store.write`` at the commit of every transaction
that changed a row, so a snapshot saved with stamp N holds exactly while the stamp is N.
Saving a snapshot is not a user's write: it does not move the stamp and is not audited, and
on a read-only or busy file it is skipped (the next report computes again).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime


def write_stamp(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT stamp FROM data_stamp WHERE id = 1").fetchone()
    return int(row[0]) if row else 0


def bump_stamp(conn: sqlite3.Connection) -> None:
    """Inside a write transaction: mark the data as changed."""
    conn.execute(
        "INSERT INTO data_stamp (id, stamp) VALUES (1, 1)"
        " ON CONFLICT (id) DO UPDATE SET stamp = stamp + 1"
    )


def load(conn: sqlite3.Connection, period: tuple[str, str], stamp: int, version: str) -> str | None:
    row = conn.execute(
        "SELECT data FROM report_snapshots WHERE first_day = ? AND last_day = ?"
        " AND stamp = ? AND version = ?",
        (*period, stamp, version),
    ).fetchone()
    return row[0] if row else None


def save(
    conn: sqlite3.Connection, period: tuple[str, str], stamp: int, version: str, data: str
) -> None:
    """Keep the snapshot unless the file cannot be written now. Snapshots of older stamps are
    stale and go; one computed meanwhile from newer data (another wbz) is not replaced."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return  # read-only file, or another program is writing: compute again next time
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        conn.execute("DELETE FROM report_snapshots WHERE stamp < ?", (stamp,))
        conn.execute(
            "INSERT INTO report_snapshots"
            " (first_day, last_day, stamp, version, data, computed_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (first_day, last_day) DO UPDATE SET stamp = excluded.stamp,"
            " version = excluded.version, data = excluded.data, computed_at = excluded.computed_at"
            " WHERE excluded.stamp >= report_snapshots.stamp",
            (*period, stamp, version, data, now),
        )
        conn.execute("COMMIT")
    except sqlite3.DatabaseError:
        conn.execute("ROLLBACK")  # a full disk, say: the report itself is unaffected
    except BaseException:
        conn.execute("ROLLBACK")
        raise
