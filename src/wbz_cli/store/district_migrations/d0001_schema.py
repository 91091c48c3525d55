"""The district's file (区县汇总数据库): its settings, the stations' monthly submissions
(one per station and month) and the children each lists, and the audit log.

Sized for 1,500 stations x 12 months x ~330 children (6 million child rows a year): a
submission's children are one table without rowid whose key (submission, hash) keeps a
submission's rows together, so that replacing or reading one submission, or one month's
(through ``submissions_month``), reads a few pages in order; no second index on the hash,
which would cost every import a random write per child (it doubled the import's time)."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.db import DISTRICT_APPLICATION_ID

SCHEMA = """
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    operator    TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_key  TEXT,
    before      TEXT,
    after       TEXT
);
CREATE INDEX audit_log_record ON audit_log (record_type, record_key);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE district_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE submissions (
    id             INTEGER PRIMARY KEY,
    station_id     TEXT NOT NULL,
    station_name   TEXT NOT NULL,
    month          TEXT NOT NULL,
    as_of          TEXT,
    created_at     TEXT,
    imported_at    TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    file_sha256    TEXT NOT NULL,
    tool_version   TEXT,
    schema_version TEXT,
    figures        TEXT NOT NULL,
    by_community   TEXT NOT NULL,
    children_count INTEGER NOT NULL,
    UNIQUE (station_id, month)
);
CREATE INDEX submissions_month ON submissions (month, station_id);

CREATE TABLE submission_children (
    submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    hash          TEXT NOT NULL,
    child         TEXT NOT NULL,
    categories    TEXT NOT NULL DEFAULT '',
    risk          TEXT,
    PRIMARY KEY (submission_id, hash)
) WITHOUT ROWID;
"""


def up(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {DISTRICT_APPLICATION_ID}")
