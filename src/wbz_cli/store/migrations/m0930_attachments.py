"""Attached files (附件, ``wbz attach``): the file's bytes kept inside the database, with its
name, type, size and SHA-256 checksum; each belongs to a child and, when attached to one of
the child's records, names it (``record_kind``, ``record_id``). Voidable like the records of
m0901; a purge deletes the rows of the purged children (services/privacy.py)."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.migrations.m0801_check_lists import as_chain

SCHEMA = """
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES children (id),
    record_kind TEXT CHECK (record_kind IN ('visit', 'service', 'lead', 'plan')),
    record_id   INTEGER,
    kind        TEXT NOT NULL
                CHECK (kind IN ('consent', 'agreement', 'photo', 'minutes', 'other')),
    name        TEXT NOT NULL,
    file_type   TEXT NOT NULL CHECK (file_type IN ('pdf', 'jpeg', 'png', 'docx', 'xlsx')),
    size        INTEGER NOT NULL CHECK (size > 0),
    sha256      TEXT NOT NULL,
    content     BLOB NOT NULL,
    added_on    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    voided_at   TEXT,
    voided_by   TEXT,
    void_reason TEXT,
    CHECK ((record_kind IS NULL) = (record_id IS NULL))
);
CREATE INDEX attachments_child ON attachments (child_id, added_on)
"""


def up(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(as_chain(statement))  # lists of values as OR chains (m0801)
