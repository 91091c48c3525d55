"""The station's settings (``settings``: key -> value, such as its name and district)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping


def all_settings(conn: sqlite3.Connection) -> dict[str, str]:
    """{key: value} of every setting on file."""
    return dict(conn.execute("SELECT key, value FROM settings").fetchall())


def put_settings(conn: sqlite3.Connection, values: Mapping[str, str]) -> None:
    """Inside a write: set each key to its value, adding the keys not yet on file."""
    conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        values.items(),
    )
