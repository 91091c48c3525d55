"""Pairings (结对帮扶): a child paired with a resource of the library (a volunteer, growth
officer, expert or organisation) from a day to a day (none while it lasts). A service may
name the pairing it was part of (``pair_id``). Voidable as m0901's records."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE pairs (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES children (id),
    resource_id INTEGER NOT NULL REFERENCES resources (id),
    started_on  TEXT NOT NULL,
    ended_on    TEXT,
    notes       TEXT,
    created_at  TEXT NOT NULL,
    voided_at   TEXT,
    voided_by   TEXT,
    void_reason TEXT,
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX pairs_child ON pairs (child_id, started_on);
CREATE INDEX pairs_resource ON pairs (resource_id, started_on);
ALTER TABLE services ADD COLUMN pair_id INTEGER REFERENCES pairs (id)
"""


def up(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
