"""The visit cadence policy by date, as the lead policy is: each value holds from its
``effective_on``, so a past month's ``visits.overdue`` keeps the rules of that month after
the station changes them. The history is rebuilt from the audit log of ``wbz policy set``
(the value before the first change holds from the beginning, each change from the day it
was made); a key never changed holds its value from the beginning."""

from __future__ import annotations

import json
import sqlite3

BEGINNING = "0001-01-01"


def up(conn: sqlite3.Connection) -> None:
    current = dict(conn.execute("SELECT key, value FROM visit_policy").fetchall())
    history: dict[str, list[tuple[str, str]]] = {}
    for key, at, before, after in conn.execute(
        "SELECT record_key, at, before, after FROM audit_log"
        " WHERE record_type = 'visit_policy' AND action = 'update' ORDER BY id"
    ):
        old, new = _value(before), _value(after)
        if key not in history and old is not None:
            history[key] = [(BEGINNING, old)]
        if new is not None:
            history.setdefault(key, []).append((str(at)[:10], new))
    conn.execute(
        "CREATE TABLE visit_policy_dated (key TEXT NOT NULL, effective_on TEXT NOT NULL,"
        " value TEXT NOT NULL, PRIMARY KEY (key, effective_on))"
    )
    for key, value in current.items():
        rows = history.get(key) or [(BEGINNING, value)]
        rows[-1] = (rows[-1][0], value)  # what is stored now is what holds now
        conn.executemany(
            "INSERT OR REPLACE INTO visit_policy_dated (key, effective_on, value) VALUES (?, ?, ?)",
            [(key, day, text) for day, text in rows],
        )
    conn.execute("DROP TABLE visit_policy")
    conn.execute("ALTER TABLE visit_policy_dated RENAME TO visit_policy")


def _value(text: str | None) -> str | None:
    if not text:
        return None
    value = json.loads(text).get("value")
    return None if value is None else str(value)
