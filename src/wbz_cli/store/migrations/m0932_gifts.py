"""Goods and wishes (温暖包、心愿, ``wbz give``): what was given to a child or a household, its
kind, value in fen, date and donor. Voidable like the records of m0901; a purge anonymises
what a purged child or household was given (services/privacy.py, purge_rules)."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE gifts (
    id           INTEGER PRIMARY KEY,
    child_id     INTEGER REFERENCES children (id),
    household_id INTEGER REFERENCES households (id),
    what         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind = 'goods' OR kind = 'wish'),
    value_fen    INTEGER NOT NULL CHECK (value_fen >= 0),
    given_on     TEXT NOT NULL,
    donor        TEXT,
    created_at   TEXT NOT NULL,
    voided_at    TEXT,
    voided_by    TEXT,
    void_reason  TEXT,
    CHECK ((child_id IS NULL) <> (household_id IS NULL))
);
CREATE INDEX gifts_date ON gifts (given_on);
CREATE INDEX gifts_child ON gifts (child_id);
CREATE INDEX gifts_household ON gifts (household_id)
"""


def up(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
