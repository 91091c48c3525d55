"""Placements (临时监护、紧急安置): a child's stay in temporary care or an emergency placement,
with the place, the reason, the day it began and the day it ended (none while it lasts).
Voidable as the records of m0901; ``wbz placement`` reads and writes it."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE placements (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES children (id),
    kind        TEXT NOT NULL CHECK (kind = 'temporary_care' OR kind = 'emergency'),
    place       TEXT NOT NULL,
    reason      TEXT,
    started_on  TEXT NOT NULL,
    ended_on    TEXT,
    end_note    TEXT,
    worker      TEXT,
    created_at  TEXT NOT NULL,
    voided_at   TEXT,
    voided_by   TEXT,
    void_reason TEXT,
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX placements_child ON placements (child_id, started_on);
CREATE INDEX placements_started ON placements (started_on, voided_at);
"""


def up(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
