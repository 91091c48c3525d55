"""The report is kept in parts, and triggers say which parts a write makes stale, so that the
first report after recording a visit recomputes one part, not the whole province.

A part is a *bucket* of households: ``b{n}`` holds the children whose
``coalesce(household_id, id) / 4096`` is n (a household's children are always in the same
bucket, so distinct households add up across buckets; a bucket is a range of ids, so its
rows lie close together in every index); ``nochild`` holds the leads not linked
to a child; ``m{YYYY-MM}`` is one month of the 12-month trend (visits and leads found).
``report_changes`` keeps, per part, the write stamp (``data_stamp``) current when a row it
depends on last changed; ``*`` means every part (a policy changed, or a row whose child is
gone). A stored part computed at stamp S still holds while no change of it, or of ``*``, is
stamped S or later. Triggers record changes made by any program, not only by wbz.

``report_parts`` replaces m0701's whole-period ``report_snapshots``.
"""

from __future__ import annotations

import sqlite3

#: Households (or children without one) per bucket; store/report_parts.BUCKET_SIZE is the same.
BUCKET_SIZE = 4096
STAMP = "coalesce((SELECT stamp FROM data_stamp WHERE id = 1), 0)"


def _child_part(child: str) -> str:
    """The part of the child whose id is the SQL expression ``child``."""
    return (
        f"coalesce((SELECT 'b' || (coalesce(c.household_id, c.id) / {BUCKET_SIZE}) FROM children c"
        f" WHERE c.id = {child}), CASE WHEN {child} IS NULL THEN 'nochild' ELSE '*' END)"
    )


def _parts(table: str, row: str) -> list[str]:
    """SQL expressions of the parts that a row (NEW or OLD) of ``table`` belongs to."""
    if table == "children":
        return [f"'b' || (coalesce({row}.household_id, {row}.id) / {BUCKET_SIZE})"]
    if table == "visits":
        return [_child_part(f"{row}.child_id"), f"'m' || substr({row}.visited_on, 1, 7)"]
    if table == "leads":
        return [_child_part(f"{row}.child_id"), f"'m' || substr({row}.found_on, 1, 7)"]
    if table == "lead_events":
        lead_child = f"(SELECT l.child_id FROM leads l WHERE l.id = {row}.lead_id)"
        return [
            f"CASE WHEN EXISTS (SELECT 1 FROM leads l WHERE l.id = {row}.lead_id)"
            f" THEN {_child_part(lead_child)} ELSE '*' END"
        ]
    if table in ("visit_policy", "lead_policy"):
        return ["'*'"]
    return [_child_part(f"{row}.child_id")]


#: The tables the report's figures read (store/figures.py, the cadence and the lead rules).
TRACKED = (
    "children",
    "case_periods",
    "child_categories",
    "risk_history",
    "visits",
    "services",
    "subsidies",
    "leads",
    "lead_events",
    "visit_policy",
    "lead_policy",
)


def trigger_sql(table: str, event: str) -> str:
    rows = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["OLD", "NEW"]}[event]
    values = ", ".join(f"({part}, {STAMP})" for row in rows for part in _parts(table, row))
    return (
        f"CREATE TRIGGER report_track_{table}_{event.lower()} AFTER {event} ON {table}"
        f" BEGIN INSERT INTO report_changes (part, stamp) VALUES {values}"
        " ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END"
    )


def up(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE IF EXISTS report_snapshots")
    conn.execute(
        "CREATE TABLE report_changes (part TEXT PRIMARY KEY, stamp INTEGER NOT NULL) WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TABLE report_parts (first_day TEXT NOT NULL, last_day TEXT NOT NULL,"
        " part TEXT NOT NULL, stamp INTEGER NOT NULL, version TEXT NOT NULL, data TEXT NOT NULL,"
        " PRIMARY KEY (first_day, last_day, part)) WITHOUT ROWID"
    )
    for table in TRACKED:
        for event in ("INSERT", "UPDATE", "DELETE"):
            conn.execute(trigger_sql(table, event))
