"""The report counts a case opened for a child a department's list brought as came by
``match`` (``children.new_by_source``, read from the screenings): a write to ``screenings``
marks stale the part of the child it enrolls, or else of the child with its ID number (a
child registered after being screened), as m0703's triggers do for the tables read before."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.migrations.m0703_report_parts import STAMP, _child_part


def screening_trigger_sql(event: str) -> str:
    rows = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["OLD", "NEW"]}[event]
    values = ", ".join(
        f"({_child_part(child)}, {STAMP})"
        for row in rows
        for child in (
            f"coalesce({row}.child_id,"
            f" (SELECT c.id FROM children c WHERE c.id_number = {row}.id_number))",
        )
    )
    return (
        f"CREATE TRIGGER report_track_screenings_{event.lower()} AFTER {event} ON screenings"
        f" BEGIN INSERT INTO report_changes (part, stamp) VALUES {values}"
        " ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp; END"
    )


def up(conn: sqlite3.Connection) -> None:
    for event in ("INSERT", "UPDATE", "DELETE"):
        conn.execute(screening_trigger_sql(event))
