"""The report's second-wave figures read the care record (agreements, guardianship and risk
assessments, plans and their reviews): a write to those tables marks the parts of the
children concerned stale, as m0703's triggers do for the tables read before. A plan review
belongs to the part of its plan's child."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.migrations.m0703_report_parts import STAMP, _child_part, trigger_sql

#: Tables whose rows carry their child's id.
BY_CHILD = ("care_agreements", "guardianship_assessments", "assessments", "plans")


def review_trigger_sql(event: str) -> str:
    rows = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["OLD", "NEW"]}[event]
    values = ", ".join(
        f"(CASE WHEN EXISTS (SELECT 1 FROM plans q WHERE q.id = {row}.plan_id) THEN"
        f" {_child_part(f'(SELECT q.child_id FROM plans q WHERE q.id = {row}.plan_id)')}"
        f" ELSE '*' END, {STAMP})"
        for row in rows
    )
    return (
        f"CREATE TRIGGER report_track_plan_reviews_{event.lower()} AFTER {event} ON plan_reviews"
        f" BEGIN INSERT INTO report_changes (part, stamp) VALUES {values}"
        " ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END"
    )


def up(conn: sqlite3.Connection) -> None:
    for event in ("INSERT", "UPDATE", "DELETE"):
        for table in BY_CHILD:
            conn.execute(trigger_sql(table, event))
        conn.execute(review_trigger_sql(event))
