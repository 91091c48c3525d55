"""Voided records (作废): a visit, service, subsidy payment or activity entered by mistake is
withdrawn, not deleted. ``voided_at`` / ``voided_by`` / ``void_reason`` say when, by whom and
why; a row with ``voided_at`` set is left out of every list and figure, shows in ``wbz show``
and in lists with ``--all``, and comes back with ``unvoid``.

The report's covering indexes gain ``voided_at`` as their last column, so that "dated in the
month and not voided" is still answered from the index alone.

Subsidies lose their UNIQUE (child_id, type, month): a voided payment must not block the
right one, and ``subsidy add --again`` records a second payment that really happened. The
check for a duplicate moves to the program (services/subsidies.py), which names the payment
already on file. The table is rebuilt, as SQLite cannot drop a table constraint, with its
indexes and its report-tracking triggers (m0703).
"""

from __future__ import annotations

import sqlite3

from wbz_cli.store.migrations.m0703_report_parts import trigger_sql

TABLES = ("visits", "services", "subsidies", "activities")
COLUMNS = ("voided_at", "voided_by", "void_reason")

SUBSIDIES = """
CREATE TABLE subsidies_new (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES children (id),
    type        TEXT NOT NULL,
    month       TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen >= 0),
    created_at  TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT 'manual',
    voided_at   TEXT,
    voided_by   TEXT,
    void_reason TEXT
)
"""

INDEXES = (
    "DROP INDEX IF EXISTS visits_date_mode_child",
    "CREATE INDEX visits_date_mode_child ON visits (visited_on, mode, child_id, voided_at)",
    "DROP INDEX IF EXISTS visits_child_date_mode",
    "CREATE INDEX visits_child_date_mode ON visits (child_id, visited_on, mode, voided_at)",
    "DROP INDEX IF EXISTS services_date_type_child",
    "CREATE INDEX services_date_type_child ON services (served_on, type, child_id, voided_at)",
    "CREATE INDEX subsidies_month ON subsidies (month)",
    "CREATE INDEX subsidies_child ON subsidies (child_id, month)",
    "CREATE INDEX subsidies_same ON subsidies (child_id, type, month)",
    "CREATE INDEX activities_same ON activities (title, held_on)",
)


def up(conn: sqlite3.Connection) -> None:
    for table in ("visits", "services", "activities"):
        for column in COLUMNS:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
    conn.execute(SUBSIDIES)
    conn.execute(
        "INSERT INTO subsidies_new (id, child_id, type, month, amount_fen, created_at, source)"
        " SELECT id, child_id, type, month, amount_fen, created_at, source FROM subsidies"
    )
    conn.execute("DROP TABLE subsidies")  # its indexes and triggers go with it
    conn.execute("ALTER TABLE subsidies_new RENAME TO subsidies")
    for event in ("INSERT", "UPDATE", "DELETE"):
        conn.execute(trigger_sql("subsidies", event))
    for statement in INDEXES:
        conn.execute(statement)
