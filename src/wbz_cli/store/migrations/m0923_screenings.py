"""Screenings (摸排): a person screened — name, ID number when known, community, day, worker
and how they were found (door to door, a department's list, a school) — and the outcome:
enrolled as a child on file, not eligible with the reason, or to follow up by a day.
Voidable as the records of m0901."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE screenings (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    id_number    TEXT,
    community    TEXT,
    screened_on  TEXT NOT NULL,
    worker       TEXT,
    source       TEXT NOT NULL
                 CHECK (source = 'door_to_door' OR source = 'department_list' OR source = 'school'),
    outcome      TEXT NOT NULL
                 CHECK (outcome = 'enrolled' OR outcome = 'not_eligible' OR outcome = 'follow_up'),
    child_id     INTEGER REFERENCES children (id),
    reason       TEXT,
    follow_up_by TEXT,
    created_at   TEXT NOT NULL,
    voided_at    TEXT,
    voided_by    TEXT,
    void_reason  TEXT,
    CHECK (outcome <> 'enrolled' OR child_id IS NOT NULL),
    CHECK (outcome <> 'follow_up' OR follow_up_by IS NOT NULL)
);
CREATE INDEX screenings_date ON screenings (screened_on, outcome, voided_at);
CREATE INDEX screenings_follow_up ON screenings (follow_up_by) WHERE outcome = 'follow_up';
CREATE INDEX screenings_child ON screenings (child_id)
"""


def up(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
