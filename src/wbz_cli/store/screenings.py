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
