"""Queries over pairings (结对帮扶): a child and a resource of the library, from a day to a
day. A pairing is in force on :d when it began on or before :d and has not ended before
:d (it ends on ``ended_on``, the last day it holds)."""

from __future__ import annotations

import sqlite3
from typing import Any

IN_FORCE = "p.started_on <= :d AND (p.ended_on IS NULL OR p.ended_on >= :d) AND p.voided_at IS NULL"
_SELECT = (
    "SELECT p.*, c.code AS child, c.name AS name, r.kind AS resource_kind,"
    " r.name AS resource_name FROM pairs p JOIN children c ON c.id = p.child_id"
    " JOIN resources r ON r.id = p.resource_id"
)


def same_pair(
    conn: sqlite3.Connection,
    child_id: int,
    resource_id: int,
    start: str,
    end: str | None,
    besides: int | None,
) -> sqlite3.Row | None:
    """A pairing of the same child and resource (not voided, other than ``besides``) whose
    days meet the days from ``start`` to ``end`` (None: open)."""
    return conn.execute(
        "SELECT * FROM pairs WHERE child_id = :c AND resource_id = :r AND voided_at IS NULL"
        " AND id IS NOT :b AND (:e IS NULL OR started_on <= :e)"
        " AND (ended_on IS NULL OR ended_on >= :s) LIMIT 1",
        {"c": child_id, "r": resource_id, "s": start, "e": end, "b": besides},
    ).fetchone()


def same_pairs_across(conn: sqlite3.Connection, a: int, b: int) -> list[tuple[int, int]]:
    """(id of A's, id of B's) of every two pairings of children ``a`` and ``b`` (not voided)
    with the same resource whose days meet, as ``same_pair`` sees them."""
    return [
        (int(r[0]), int(r[1]))
        for r in conn.execute(
            "SELECT p.id, o.id FROM pairs p JOIN pairs o ON o.child_id = :b"
            " AND o.resource_id = p.resource_id AND o.voided_at IS NULL"
            " AND (p.ended_on IS NULL OR o.started_on <= p.ended_on)"
            " AND (o.ended_on IS NULL OR o.ended_on >= p.started_on)"
            " WHERE p.child_id = :a AND p.voided_at IS NULL ORDER BY p.started_on, o.started_on",
            {"a": a, "b": b},
        )
    ]


def list_pairs(
    conn: sqlite3.Connection,
    *,
    child_id: int | None = None,
    resource_id: int | None = None,
    in_force_on: str | None = None,
    include_voided: bool = False,
) -> list[sqlite3.Row]:
    """Pairings with the child's code and name and the resource's kind and name."""
    sql = _SELECT + f" WHERE {'1 = 1' if include_voided else 'p.voided_at IS NULL'}"
    params: dict[str, Any] = {}
    if child_id is not None:
        sql += " AND p.child_id = :child"
        params["child"] = child_id
    if resource_id is not None:
        sql += " AND p.resource_id = :resource"
        params["resource"] = resource_id
    if in_force_on is not None:
        sql += f" AND {IN_FORCE}"
        params["d"] = in_force_on
    return conn.execute(sql + " ORDER BY p.started_on, p.id", params).fetchall()


def pair(conn: sqlite3.Connection, pair_id: int) -> sqlite3.Row | None:
    return conn.execute(_SELECT + " WHERE p.id = ?", (pair_id,)).fetchone()


def records_under_pairs(conn: sqlite3.Connection, child_id: int) -> dict[int, tuple[int, int]]:
    """The child's pairings' ids -> how many visits and services (not voided) name each."""
    rows = conn.execute(
        "SELECT p.id,"
        " (SELECT count(*) FROM visits v WHERE v.pair_id = p.id AND v.voided_at IS NULL),"
        " (SELECT count(*) FROM services s WHERE s.pair_id = p.id AND s.voided_at IS NULL)"
        " FROM pairs p WHERE p.child_id = ?",
        (child_id,),
    ).fetchall()
    return {int(r[0]): (int(r[1]), int(r[2])) for r in rows}


def pair_counts(conn: sqlite3.Connection, p: dict[str, str]) -> dict[str, int]:
    """pairs.active: pairings in force on :b."""
    n = conn.execute(f"SELECT count(*) FROM pairs p WHERE {IN_FORCE}", {"d": p["b"]}).fetchone()
    return {"pairs.active": int(n[0])}
