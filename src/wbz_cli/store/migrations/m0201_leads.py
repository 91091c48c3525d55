"""Leads (线索): an incoming lead's own number and sending agency, the type of agency a lead
is with (its feedback deadline depends on it), and the deadline policy with its defaults.

Policy rows: ``transfer_mandatory`` (a mandatory lead found by the station goes to the police
the day it is found: 0 days), ``accept`` (the agency accepts within 3 days of the transfer),
``done.<agency type>`` (feedback within N days of acceptance: police 3 calendar days, others
15 working days). ``working`` = 1 counts Monday to Friday only. A rule holds from its
``effective_on`` until the key's next row: deadlines on a day use the rules in force that day,
so a month's figures stay the same after the policy is changed later.
"""

from __future__ import annotations

import sqlite3

AGENCY_TYPES = (
    "police",
    "procuratorate",
    "court",
    "education",
    "health",
    "labour",
    "civil_affairs",
    "other",
)

SCHEMA = """
ALTER TABLE leads ADD COLUMN reference TEXT;
ALTER TABLE leads ADD COLUMN source_agency TEXT;
ALTER TABLE leads ADD COLUMN agency_type TEXT;
ALTER TABLE leads ADD COLUMN updated_at TEXT;
ALTER TABLE lead_events ADD COLUMN agency_type TEXT;
ALTER TABLE lead_events ADD COLUMN created_at TEXT;
CREATE INDEX leads_status ON leads (status);
CREATE INDEX leads_reference ON leads (source, reference) WHERE reference IS NOT NULL;
CREATE TABLE lead_policy (
    key          TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    days         INTEGER NOT NULL CHECK (days >= 0),
    working      INTEGER NOT NULL DEFAULT 0 CHECK (working IN (0, 1)),
    PRIMARY KEY (key, effective_on)
)
"""


def up(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    defaults = [("transfer_mandatory", 0, 0), ("accept", 3, 0)]
    defaults += [
        (f"done.{t}", 3, 0) if t == "police" else (f"done.{t}", 15, 1) for t in AGENCY_TYPES
    ]
    conn.executemany(
        "INSERT INTO lead_policy (key, effective_on, days, working) VALUES (?, '0001-01-01', ?, ?)",
        defaults,
    )
    # Every lead's history starts with an event; give leads written before this one theirs.
    conn.execute(
        "INSERT INTO lead_events (lead_id, status, on_date, agency, note)"
        " SELECT id, status, found_on, agency, '迁移前的线索' FROM leads l"
        " WHERE NOT EXISTS (SELECT 1 FROM lead_events e WHERE e.lead_id = l.id)"
    )
