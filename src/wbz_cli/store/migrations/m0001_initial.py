"""The first schema: station settings, households and guardians, children with their case
periods, category periods and risk history, the care record tables the monthly report counts,
and the audit log."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

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

CREATE TABLE households (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    address       TEXT,
    community     TEXT,
    income_status TEXT NOT NULL DEFAULT 'none'
                  CHECK (income_status IN ('dibao', 'low_income', 'extreme_poverty', 'none')),
    notes         TEXT,
    created_on    TEXT NOT NULL
);

CREATE TABLE guardians (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES households (id),
    name         TEXT NOT NULL,
    relation     TEXT,
    phone        TEXT,
    situation    TEXT,
    id_number    TEXT,
    is_primary   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX guardians_household ON guardians (household_id);
CREATE INDEX guardians_id_number ON guardians (id_number) WHERE id_number IS NOT NULL;

CREATE TABLE children (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    id_number     TEXT NOT NULL UNIQUE,
    birth_date    TEXT NOT NULL,
    gender        TEXT NOT NULL CHECK (gender IN ('M', 'F')),
    household_id  INTEGER REFERENCES households (id),
    community     TEXT,
    worker        TEXT,
    risk          TEXT NOT NULL DEFAULT 'unassessed'
                  CHECK (risk IN ('red', 'orange', 'yellow', 'green', 'unassessed')),
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    registered_on TEXT NOT NULL,
    closed_on     TEXT,
    close_reason  TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX children_household ON children (household_id);
CREATE INDEX children_status ON children (status, community);

-- A case is open from opened_on until the day before closed_on ([opened_on, closed_on)).
CREATE TABLE case_periods (
    id           INTEGER PRIMARY KEY,
    child_id     INTEGER NOT NULL REFERENCES children (id),
    opened_on    TEXT NOT NULL,
    closed_on    TEXT,
    close_reason TEXT
);
CREATE INDEX case_periods_child ON case_periods (child_id, opened_on);
CREATE INDEX case_periods_dates ON case_periods (opened_on, closed_on);

-- A child is in a category on day D when start_on <= D < end_on and D < expires_on
-- (expires_on: the 16th birthday for left_behind and migrant).
CREATE TABLE child_categories (
    id         INTEGER PRIMARY KEY,
    child_id   INTEGER NOT NULL REFERENCES children (id),
    category   TEXT NOT NULL CHECK (category IN ('orphan', 'de_facto_unsupported', 'difficult',
               'low_income', 'left_behind', 'migrant', 'disabled', 'other')),
    subtype    TEXT,
    start_on   TEXT NOT NULL,
    end_on     TEXT,
    expires_on TEXT,
    end_reason TEXT
);
CREATE INDEX child_categories_child ON child_categories (child_id, category);
CREATE INDEX child_categories_category ON child_categories (category, start_on);

-- The child's risk from effective_on until the next row's effective_on.
CREATE TABLE risk_history (
    id           INTEGER PRIMARY KEY,
    child_id     INTEGER NOT NULL REFERENCES children (id),
    risk         TEXT NOT NULL
                 CHECK (risk IN ('red', 'orange', 'yellow', 'green', 'unassessed')),
    effective_on TEXT NOT NULL,
    source       TEXT NOT NULL
);
CREATE INDEX risk_history_child ON risk_history (child_id, effective_on, id);

CREATE TABLE visits (
    id         INTEGER PRIMARY KEY,
    child_id   INTEGER NOT NULL REFERENCES children (id),
    visited_on TEXT NOT NULL,
    mode       TEXT NOT NULL
               CHECK (mode IN ('home', 'phone', 'wechat', 'video', 'school', 'station')),
    worker     TEXT,
    notes      TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX visits_child_date ON visits (child_id, visited_on);
CREATE INDEX visits_date ON visits (visited_on);

CREATE TABLE leads (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    child_id   INTEGER REFERENCES children (id),
    type       TEXT NOT NULL,
    source     TEXT NOT NULL,
    mandatory  INTEGER NOT NULL DEFAULT 0,
    status     TEXT NOT NULL DEFAULT 'new',
    found_on   TEXT NOT NULL,
    agency     TEXT,
    summary    TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX leads_found ON leads (found_on);
CREATE INDEX leads_child ON leads (child_id);

CREATE TABLE lead_events (
    id       INTEGER PRIMARY KEY,
    lead_id  INTEGER NOT NULL REFERENCES leads (id),
    status   TEXT NOT NULL,
    on_date  TEXT NOT NULL,
    agency   TEXT,
    note     TEXT,
    operator TEXT
);
CREATE INDEX lead_events_lead ON lead_events (lead_id, on_date);
CREATE INDEX lead_events_status_date ON lead_events (status, on_date);

CREATE TABLE resources (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    phone      TEXT,
    notes      TEXT,
    added_on   TEXT NOT NULL,
    removed_on TEXT
);
CREATE INDEX resources_kind ON resources (kind);

CREATE TABLE services (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES children (id),
    type        TEXT NOT NULL,
    served_on   TEXT NOT NULL,
    provider    TEXT,
    resource_id INTEGER REFERENCES resources (id),
    notes       TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX services_date ON services (served_on);
CREATE INDEX services_child ON services (child_id, served_on);

CREATE TABLE subsidies (
    id         INTEGER PRIMARY KEY,
    child_id   INTEGER NOT NULL REFERENCES children (id),
    type       TEXT NOT NULL,
    month      TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    created_at TEXT NOT NULL,
    UNIQUE (child_id, type, month)
);
CREATE INDEX subsidies_month ON subsidies (month);

CREATE TABLE activities (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    held_on      TEXT NOT NULL,
    participants INTEGER NOT NULL CHECK (participants >= 0),
    created_at   TEXT NOT NULL
);
CREATE INDEX activities_date ON activities (held_on);
"""


def up(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
