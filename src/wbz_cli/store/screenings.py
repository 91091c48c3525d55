"""Queries over screenings (摸排)."""

from __future__ import annotations

import sqlite3
from typing import Any

_SELECT = "SELECT s.*, c.code AS child FROM screenings s LEFT JOIN children c ON c.id = s.child_id"


def list_screenings(
    conn: sqlite3.Connection, *, outcome: str | None = None, include_voided: bool = False
) -> list[sqlite3.Row]:
    sql = _SELECT + f" WHERE {'1 = 1' if include_voided else 's.voided_at IS NULL'}"
    params: dict[str, Any] = {}
    if outcome is not None:
        sql += " AND s.outcome = :outcome"
        params["outcome"] = outcome
    return conn.execute(sql + " ORDER BY s.screened_on, s.id", params).fetchall()


def screenings_of_child(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    return conn.execute(
        _SELECT + " WHERE s.child_id = ? AND s.voided_at IS NULL ORDER BY s.screened_on, s.id",
        (child_id,),
    ).fetchall()


def follow_ups_by(conn: sqlite3.Connection, day: str) -> list[sqlite3.Row]:
    """Screenings to follow up on or before ``day`` (not voided)."""
    return conn.execute(
        _SELECT + " WHERE s.outcome = 'follow_up' AND s.follow_up_by <= ?"
        " AND s.voided_at IS NULL ORDER BY s.follow_up_by, s.id",
        (day,),
    ).fetchall()


def screening_counts(conn: sqlite3.Connection, p: dict[str, str]) -> dict[str, int]:
    """screening.screened and screening.enrolled: people screened from :a to :b, and those
    of them enrolled."""
    row = conn.execute(
        "SELECT count(*), coalesce(sum(outcome = 'enrolled'), 0) FROM screenings"
        " WHERE screened_on BETWEEN :a AND :b AND voided_at IS NULL",
        p,
    ).fetchone()
    return {"screening.screened": int(row[0]), "screening.enrolled": int(row[1])}


def screened_on(conn: sqlite3.Connection, id_number: str | None, name: str, day: str) -> bool:
    """Whether a screening of ``id_number`` on ``day`` is on file; without a number, one of
    ``name`` without a number on that day (voided ones too: one voided since an earlier import
    of the sheet stays voided, not added again)."""
    if id_number is not None:
        sql, params = "id_number = ?", (id_number, day)
    else:
        sql, params = "id_number IS NULL AND name = ?", (name, day)
    row = conn.execute(
        f"SELECT 1 FROM screenings WHERE {sql} AND screened_on = ? LIMIT 1", params
    ).fetchone()
    return row is not None


#: Whether the case ``p`` (a ``case_periods`` row) opened for a child a department's list
#: brought (``children.new_by_source.match``): a screening of the list (来源 部门名单比对) not
#: voided nor found not eligible, enrolled as the child or of the child's ID number (a child
#: registered after a screening to follow up), made on or before the day the case opened,
#: with no case of the child opened between the two (a case reopened later came otherwise).
FROM_A_LIST = """EXISTS (SELECT 1 FROM screenings s
    WHERE (s.child_id = p.child_id
           OR s.id_number = (SELECT c.id_number FROM children c WHERE c.id = p.child_id))
      AND s.source = 'department_list' AND s.outcome <> 'not_eligible'
      AND s.voided_at IS NULL AND s.screened_on <= p.opened_on
      AND NOT EXISTS (SELECT 1 FROM case_periods e WHERE e.child_id = p.child_id
                       AND e.voided_at IS NULL AND e.opened_on >= s.screened_on
                       AND e.opened_on < p.opened_on))"""


def open_screening(conn: sqlite3.Connection, id_number: str) -> bool:
    """Whether a screening of ``id_number`` still to follow up is on file (not voided)."""
    row = conn.execute(
        "SELECT 1 FROM screenings WHERE id_number = ? AND outcome = 'follow_up'"
        " AND voided_at IS NULL LIMIT 1",
        (id_number,),
    ).fetchone()
    return row is not None
