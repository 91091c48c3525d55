"""Covering indexes for the monthly report: the month's visits by mode and distinct children
are read from the index alone, without a lookup of each visit row (a province has 5,000,000
visits, and row lookups were most of the report's time). ``visits_date`` is a prefix of the
new index and goes."""

from __future__ import annotations

import sqlite3


def up(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE INDEX IF NOT EXISTS visits_date_mode_child ON visits (visited_on, mode, child_id)"
    )
    conn.execute("DROP INDEX IF EXISTS visits_date")
    conn.execute(
        "CREATE INDEX IF NOT EXISTS services_date_type_child"
        " ON services (served_on, type, child_id)"
    )
    conn.execute("DROP INDEX IF EXISTS services_date")
