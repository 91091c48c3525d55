"""Voided plan reviews: a ``wbz plan review`` recorded by mistake is withdrawn with who, when
and why (the columns of m0901), not deleted, and the plan's next review date goes back to
what it was before that review. ``previous_review_on`` keeps that date: the plan's
``review_on`` before the review was written.

Existing rows are backfilled: a review's earlier date is the next review date of the review
before it; for a plan's first review it is the ``review_on`` the plan was added with (its
insert row in the audit log), else the plan's start plus the usual review cycle."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from wbz_cli.domain.care import PLAN_REVIEW_MONTHS, add_months
from wbz_cli.store.migrations.m0901_voids import COLUMNS


def up(conn: sqlite3.Connection) -> None:
    for column in (*COLUMNS, "previous_review_on"):
        conn.execute(f"ALTER TABLE plan_reviews ADD COLUMN {column} TEXT")
    previous: dict[int, str] = {}
    rows = conn.execute(
        "SELECT r.id, r.plan_id, r.next_review_on, p.id AS pid, p.opened_on FROM plan_reviews r"
        " JOIN plans p ON p.id = r.plan_id ORDER BY r.plan_id, r.reviewed_on, r.id"
    ).fetchall()
    for rid, plan_id, next_on, pid, opened_on in rows:
        before = previous.get(plan_id) or _first_review_on(conn, pid, opened_on)
        conn.execute("UPDATE plan_reviews SET previous_review_on = ? WHERE id = ?", (before, rid))
        previous[plan_id] = next_on or before


def _first_review_on(conn: sqlite3.Connection, plan_id: int, opened_on: str) -> str:
    """The review date the plan was added with: its audit insert row, else the usual cycle."""
    found = conn.execute(
        "SELECT after FROM audit_log WHERE action = 'insert' AND record_type = 'plan'"
        " AND record_key = ? ORDER BY id LIMIT 1",
        (f"P{plan_id:06d}",),
    ).fetchone()
    if found and found[0]:
        try:
            value = json.loads(found[0]).get("review_on")
        except (ValueError, AttributeError):
            value = None
        if isinstance(value, str) and value:
            return value
    return add_months(date.fromisoformat(opened_on), PLAN_REVIEW_MONTHS).isoformat()
