"""Applications (申请、审核): an application for a child's category (身份认定) or a subsidy,
made on a day to an agency, and its decision: approved with the day the category or subsidy
starts, or refused with the reason. An approved category application names the category
period it opened (``category_id``). Voidable as the records of m0901."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.migrations.m0801_check_lists import as_chain

CATEGORIES = ("orphan", "de_facto_unsupported", "difficult", "low_income", "left_behind",
              "migrant", "disabled", "other")  # fmt: skip
SUBSIDIES = ("orphan", "de_facto_unsupported", "disability_living", "disability_care",
             "study_grant", "temporary_relief", "other")  # fmt: skip


def _in(column: str, values: tuple[str, ...]) -> str:
    return "(" + " OR ".join(f"{column} = '{v}'" for v in values) + ")"


SCHEMA = f"""
CREATE TABLE applications (
    id            INTEGER PRIMARY KEY,
    child_id      INTEGER NOT NULL REFERENCES children (id),
    kind          TEXT NOT NULL CHECK (kind = 'category' OR kind = 'subsidy'),
    what          TEXT NOT NULL,
    subtype       TEXT,
    applied_on    TEXT NOT NULL,
    agency        TEXT,
    notes         TEXT,
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'approved', 'refused')),
    decided_on    TEXT,
    starts_on     TEXT,
    refuse_reason TEXT,
    category_id   INTEGER REFERENCES child_categories (id),
    created_at    TEXT NOT NULL,
    voided_at     TEXT,
    voided_by     TEXT,
    void_reason   TEXT,
    CHECK ((kind = 'category' AND {_in("what", CATEGORIES)})
        OR (kind = 'subsidy' AND {_in("what", SUBSIDIES)})),
    CHECK (decided_on IS NULL OR decided_on >= applied_on)
);
CREATE INDEX applications_child ON applications (child_id, applied_on);
CREATE INDEX applications_applied ON applications (applied_on, voided_at);
CREATE INDEX applications_decided ON applications (decided_on, status, voided_at)
"""


def up(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(as_chain(statement))
