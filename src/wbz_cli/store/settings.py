"""The station's settings (``settings``: key -> value, such as its name and district)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

#: The district's key (issue 21, ``wbz init --district-key``): a secret, kept out of every
#: audit row and listing of the settings (``public``).
DISTRICT_KEY = "district_key"
SECRET_SETTINGS = frozenset({DISTRICT_KEY})


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


def public(settings: Mapping[str, str]) -> dict[str, str]:
    """The settings without the secret ones, as audit rows may record them."""
    return {k: v for k, v in settings.items() if k not in SECRET_SETTINGS}
