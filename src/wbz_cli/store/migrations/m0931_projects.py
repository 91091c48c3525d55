"""Projects (项目、购买服务, ``wbz project``): a name, the organisation that runs it (a resource
of the library), a budget in fen and a period; the children enrolled; the payments made
against it. Services and activities may name the project they belong to (``--project``).
Projects and their payments are voidable like the records of m0901."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    resource_id INTEGER REFERENCES resources (id),
    budget_fen  INTEGER NOT NULL CHECK (budget_fen >= 0),
    start_on    TEXT NOT NULL,
    end_on      TEXT CHECK (end_on IS NULL OR end_on >= start_on),
    notes       TEXT,
    created_at  TEXT NOT NULL,
    voided_at   TEXT,
    voided_by   TEXT,
    void_reason TEXT
);
CREATE INDEX projects_period ON projects (start_on, end_on);

CREATE TABLE project_children (
    project_id INTEGER NOT NULL REFERENCES projects (id),
    child_id   INTEGER NOT NULL REFERENCES children (id),
    PRIMARY KEY (project_id, child_id)
);
CREATE INDEX project_children_child ON project_children (child_id);

CREATE TABLE project_payments (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects (id),
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    paid_on     TEXT NOT NULL,
    note        TEXT,
    created_at  TEXT NOT NULL,
    voided_at   TEXT,
    voided_by   TEXT,
    void_reason TEXT
);
CREATE INDEX project_payments_date ON project_payments (paid_on, project_id);

ALTER TABLE services ADD COLUMN project_id INTEGER REFERENCES projects (id);
ALTER TABLE activities ADD COLUMN project_id INTEGER REFERENCES projects (id)
"""


def up(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
