"""The care record: resource specialties, service hours and plans, subsidy sources and rates,
activity places and the children who took part, risk and guardianship assessments,
entrusted-care agreements and service plans with their reviews."""

from __future__ import annotations

import sqlite3

SCHEMA = """
ALTER TABLE resources ADD COLUMN specialty TEXT;

-- Service plans (一对一服务计划): goal, planned service types (JSON list), next review date.
CREATE TABLE plans (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES children (id),
    goal        TEXT NOT NULL,
    services    TEXT NOT NULL DEFAULT '[]',
    opened_on   TEXT NOT NULL,
    review_on   TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    closed_on   TEXT,
    close_note  TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX plans_child ON plans (child_id, opened_on);
CREATE INDEX plans_review ON plans (status, review_on);

CREATE TABLE plan_reviews (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans (id),
    reviewed_on    TEXT NOT NULL,
    next_review_on TEXT,
    note           TEXT,
    operator       TEXT,
    created_at     TEXT NOT NULL
);
CREATE INDEX plan_reviews_plan ON plan_reviews (plan_id, reviewed_on);

ALTER TABLE services ADD COLUMN hours REAL CHECK (hours IS NULL OR hours > 0);
ALTER TABLE services ADD COLUMN plan_id INTEGER REFERENCES plans (id);
CREATE INDEX services_type_date ON services (type, served_on);

ALTER TABLE subsidies ADD COLUMN source TEXT NOT NULL DEFAULT 'manual';
CREATE INDEX subsidies_child ON subsidies (child_id, month);

-- A subsidy type's monthly amount from from_month on (until the next row of the type).
CREATE TABLE subsidy_rates (
    id         INTEGER PRIMARY KEY,
    type       TEXT NOT NULL,
    from_month TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    created_at TEXT NOT NULL,
    UNIQUE (type, from_month)
);

ALTER TABLE activities ADD COLUMN place TEXT;
ALTER TABLE activities ADD COLUMN notes TEXT;

CREATE TABLE activity_children (
    activity_id INTEGER NOT NULL REFERENCES activities (id),
    child_id    INTEGER NOT NULL REFERENCES children (id),
    PRIMARY KEY (activity_id, child_id)
);
CREATE INDEX activity_children_child ON activity_children (child_id);

-- Risk assessments: the sheet used, the answers given (JSON), the score and the result.
CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES children (id),
    assessed_on TEXT NOT NULL,
    sheet       TEXT NOT NULL,
    answers     TEXT NOT NULL,
    score       INTEGER NOT NULL,
    emergency   TEXT,
    result      TEXT NOT NULL CHECK (result IN ('red', 'orange', 'yellow', 'green')),
    assessor    TEXT,
    notes       TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX assessments_child ON assessments (child_id, assessed_on);

CREATE TABLE guardianship_assessments (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES children (id),
    assessed_on TEXT NOT NULL,
    result      TEXT NOT NULL CHECK (result IN ('absent', 'improper', 'insufficient', 'normal')),
    notes       TEXT,
    assessor    TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX guardianship_assessments_child ON guardianship_assessments (child_id, assessed_on);

-- Entrusted-care agreements (委托照护协议), valid from signed_on through valid_until.
CREATE TABLE care_agreements (
    id                 INTEGER PRIMARY KEY,
    child_id           INTEGER NOT NULL REFERENCES children (id),
    carer              TEXT NOT NULL,
    relation           TEXT NOT NULL,
    carer_phone        TEXT,
    signed_on          TEXT NOT NULL,
    valid_until        TEXT,
    school_notified    INTEGER NOT NULL DEFAULT 0,
    committee_notified INTEGER NOT NULL DEFAULT 0,
    notes              TEXT,
    created_at         TEXT NOT NULL
);
CREATE INDEX care_agreements_child ON care_agreements (child_id, signed_on);
"""


def up(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
