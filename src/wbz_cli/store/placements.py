"""Queries over placements (临时监护、紧急安置): a child's stays, the one a new stay would
overlap, and the stays still open. A placement without ``ended_on`` lasts until today."""

from __future__ import annotations

import sqlite3
from typing import Any

#: The placement has no end, or ends after :d.
OPEN_ON = "p.started_on <= :d AND (p.ended_on IS NULL OR p.ended_on > :d) AND p.voided_at IS NULL"


def overlapping(
    conn: sqlite3.Connection, child_id: int, start: str, end: str | None, besides: int | None
) -> sqlite3.Row | None:
    """The child's placement (not voided, other than ``besides``) whose days meet the days
    from ``start`` to ``end`` (None: still open). The day a placement ends is the day the
    next may begin (a move from one place to another); two never begin on the same day."""
    return conn.execute(
        "SELECT * FROM placements WHERE child_id = :c AND voided_at IS NULL AND id IS NOT :b"
        " AND (started_on = :s OR ((:e IS NULL OR started_on < :e)"
        " AND (ended_on IS NULL OR ended_on > :s)))"
        " ORDER BY started_on LIMIT 1",
        {"c": child_id, "s": start, "e": end, "b": besides},
    ).fetchone()


def overlapping_across(conn: sqlite3.Connection, a: int, b: int) -> list[tuple[int, int]]:
    """(id of A's, id of B's) of every two placements of children ``a`` and ``b`` (not
    voided) whose days meet, as ``overlapping`` sees them: one child could not be in both."""
    return [
        (int(r[0]), int(r[1]))
        for r in conn.execute(
            "SELECT p.id, o.id FROM placements p JOIN placements o ON o.child_id = :b"
            " AND o.voided_at IS NULL AND (o.started_on = p.started_on"
            " OR ((p.ended_on IS NULL OR o.started_on < p.ended_on)"
            " AND (o.ended_on IS NULL OR o.ended_on > p.started_on)))"
            " WHERE p.child_id = :a AND p.voided_at IS NULL ORDER BY p.started_on, o.started_on",
            {"a": a, "b": b},
        )
    ]


def placements_of_child(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    """The child's placements on file (not voided), by start."""
    return conn.execute(
        "SELECT * FROM placements WHERE child_id = ? AND voided_at IS NULL ORDER BY started_on, id",
        (child_id,),
    ).fetchall()


def unended_before(conn: sqlite3.Connection, child_id: int, day: str) -> sqlite3.Row | None:
    """The child's first placement (not voided) still open, or ending on or after ``day``:
    the case closing on ``day`` would leave it outside the child's case."""
    return conn.execute(
        "SELECT * FROM placements WHERE child_id = ? AND voided_at IS NULL"
        " AND (ended_on IS NULL OR ended_on >= ?) ORDER BY started_on, id LIMIT 1",
        (child_id, day),
    ).fetchone()


def list_placements(
    conn: sqlite3.Connection,
    *,
    child_id: int | None = None,
    open_only: bool = False,
    include_voided: bool = False,
) -> list[sqlite3.Row]:
    """Placements with the child's ``child`` code and ``name``; by start, newest last."""
    sql = (
        "SELECT p.*, c.code AS child, c.name AS name FROM placements p"
        " JOIN children c ON c.id = p.child_id"
        f" WHERE {'1 = 1' if include_voided else 'p.voided_at IS NULL'}"
    )
    params: dict[str, Any] = {}
    if child_id is not None:
        sql += " AND p.child_id = :child"
        params["child"] = child_id
    if open_only:
        sql += " AND p.ended_on IS NULL"
    return conn.execute(sql + " ORDER BY p.started_on, p.id", params).fetchall()


def closed_between(conn: sqlite3.Connection, child_id: int, start: str, end: str) -> str | None:
    """The first day after ``start``, up to ``end``, on which the child's case was closed (a
    stay from ``start`` to ``end`` would not lie inside one case period); None if none."""
    row = conn.execute(
        "SELECT closed_on FROM case_periods WHERE child_id = ? AND voided_at IS NULL"
        " AND closed_on > ? AND closed_on <= ? ORDER BY closed_on LIMIT 1",
        (child_id, start, end),
    ).fetchone()
    return str(row[0]) if row else None


def open_started_by(conn: sqlite3.Connection, day: str) -> list[sqlite3.Row]:
    """Open placements (no end, not voided) begun on or before ``day``, with the child's code,
    name, status and day closed."""
    return conn.execute(
        "SELECT p.*, c.code AS child, c.name AS name, c.status AS status,"
        " c.closed_on AS closed_on FROM placements p"
        " JOIN children c ON c.id = p.child_id"
        " WHERE p.ended_on IS NULL AND p.voided_at IS NULL AND p.started_on <= ?"
        " ORDER BY p.started_on, p.id",
        (day,),
    ).fetchall()


def placement_counts(conn: sqlite3.Connection, p: dict[str, str]) -> dict[str, int]:
    """placements.started (begun from :a to :b) and placements.open (not ended at :b)."""
    started = conn.execute(
        "SELECT count(*) FROM placements WHERE started_on BETWEEN :a AND :b AND voided_at IS NULL",
        p,
    ).fetchone()[0]
    still = conn.execute(
        f"SELECT count(*) FROM placements p WHERE {OPEN_ON}", {"d": p["b"]}
    ).fetchone()[0]
    return {"placements.started": int(started), "placements.open": int(still)}
