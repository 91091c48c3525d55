"""A visit may name the pairing (结对帮扶) it was part of, as a service may since m0922
(``pair_id``; none for most visits)."""

from __future__ import annotations

import sqlite3


def up(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE visits ADD COLUMN pair_id INTEGER REFERENCES pairs (id)")
