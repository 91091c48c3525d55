"""Stored report snapshots (store/report_snapshots.py): the figures of a period, kept with
the write stamp they were computed at, so that a second report of an unchanged month is read,
not computed again; ``data_stamp`` is the one-row counter that every data write moves on."""

from __future__ import annotations

import sqlite3


def up(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS report_snapshots ("
        " first_day TEXT NOT NULL, last_day TEXT NOT NULL, stamp INTEGER NOT NULL,"
        " version TEXT NOT NULL, data TEXT NOT NULL, computed_at TEXT NOT NULL,"
        " PRIMARY KEY (first_day, last_day))"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS data_stamp ("
        " id INTEGER PRIMARY KEY CHECK (id = 1), stamp INTEGER NOT NULL)"
    )
