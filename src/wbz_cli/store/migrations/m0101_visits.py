"""Visits: structured findings (problems found, a JSON list of Problem keys, and the action
taken), an index that answers "last visit of a qualifying mode" per child from the index alone,
and the station's visit cadence policy (defaults from DOMAIN.md, changed with wbz policy set)."""

from __future__ import annotations

import sqlite3

DEFAULTS = (
    ("risk.red", "7"),
    ("risk.orange", "14"),
    ("risk.yellow", "30"),
    ("risk.green", "90"),
    ("risk.unassessed", "30"),
    ("left_behind", "30"),
    ("first_visit_workdays", "5"),
    ("strong_modes", "home,video,school,station"),
    ("strong_risks", "red,orange"),
    ("birthday_days", "30"),
)

SCHEMA = """
ALTER TABLE visits ADD COLUMN problems TEXT;
ALTER TABLE visits ADD COLUMN action TEXT;
-- (child_id, visited_on, mode) covers the last-visit lookups of wbz due: the newest visit of
-- a child on or before a day, of any mode or of the modes that count for red and orange.
-- It makes visits_child_date (child_id, visited_on) redundant.
DROP INDEX IF EXISTS visits_child_date;
CREATE INDEX visits_child_date_mode ON visits (child_id, visited_on, mode);
CREATE INDEX visits_worker_date ON visits (worker, visited_on);
CREATE TABLE visit_policy (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def up(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        body = "\n".join(
            line for line in statement.splitlines() if not line.strip().startswith("--")
        )
        if body.strip():
            conn.execute(body)
    conn.executemany("INSERT INTO visit_policy (key, value) VALUES (?, ?)", DEFAULTS)
