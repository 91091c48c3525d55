"""Queries over applications (申请、审核) for a category or a subsidy."""

from __future__ import annotations

import sqlite3
from typing import Any


def list_applications(
    conn: sqlite3.Connection,
    *,
    child_id: int | None = None,
    status: str | None = None,
    include_voided: bool = False,
) -> list[sqlite3.Row]:
    """Applications with the child's ``child`` code and ``name``; by day applied."""
    sql = (
        "SELECT a.*, c.code AS child, c.name AS name FROM applications a"
        " JOIN children c ON c.id = a.child_id"
        f" WHERE {'1 = 1' if include_voided else 'a.voided_at IS NULL'}"
    )
    params: dict[str, Any] = {}
    if child_id is not None:
        sql += " AND a.child_id = :child"
        params["child"] = child_id
    if status is not None:
        sql += " AND a.status = :status"
        params["status"] = status
    return conn.execute(sql + " ORDER BY a.applied_on, a.id", params).fetchall()


def pending_same(
    conn: sqlite3.Connection, child_id: int, kind: str, what: str, besides: int | None
) -> sqlite3.Row | None:
    """A pending application (not voided) of the child for the same thing."""
    return conn.execute(
        "SELECT * FROM applications WHERE child_id = ? AND kind = ? AND what = ?"
        " AND status = 'pending' AND voided_at IS NULL AND id IS NOT ? LIMIT 1",
        (child_id, kind, what, besides),
    ).fetchone()


def opened_category(conn: sqlite3.Connection, child_id: int, category: str, start: str) -> int:
    """The id of the child's category period of ``category`` begun on ``start``."""
    return int(
        conn.execute(
            "SELECT id FROM child_categories WHERE child_id = ? AND category = ? AND start_on = ?"
            " AND voided_at IS NULL ORDER BY id DESC LIMIT 1",
            (child_id, category, start),
        ).fetchone()[0]
    )


def category_links(conn: sqlite3.Connection, child_ids: tuple[int, ...]) -> list[sqlite3.Row]:
    """The approved applications of the children that name the category period they opened:
    id, category_id, and that period's category and first day."""
    marks = ", ".join("?" for _ in child_ids)
    return conn.execute(
        "SELECT a.id, a.category_id, k.category, k.start_on FROM applications a"
        " JOIN child_categories k ON k.id = a.category_id"
        f" WHERE a.child_id IN ({marks}) ORDER BY a.id",
        child_ids,
    ).fetchall()


def set_category_link(conn: sqlite3.Connection, application_id: int, period: int | None) -> None:
    conn.execute("UPDATE applications SET category_id = ? WHERE id = ?", (period, application_id))


def period_covering(conn: sqlite3.Connection, child_id: int, category: str, day: str) -> int | None:
    """The id of the child's live period of ``category`` that holds on (or begins on) ``day``."""
    row = conn.execute(
        "SELECT id FROM child_categories WHERE child_id = :c AND category = :k"
        " AND voided_at IS NULL AND start_on <= :d AND (end_on IS NULL OR end_on > :d)"
        " ORDER BY start_on DESC, id DESC LIMIT 1",
        {"c": child_id, "k": category, "d": day},
    ).fetchone()
    return int(row[0]) if row else None


def application_counts(conn: sqlite3.Connection, p: dict[str, str]) -> dict[str, int]:
    """applications.submitted (applied from :a to :b) and applications.approved (approved
    from :a to :b)."""
    submitted = conn.execute(
        "SELECT count(*) FROM applications WHERE applied_on BETWEEN :a AND :b"
        " AND voided_at IS NULL",
        p,
    ).fetchone()[0]
    approved = conn.execute(
        "SELECT count(*) FROM applications WHERE decided_on BETWEEN :a AND :b"
        " AND status = 'approved' AND voided_at IS NULL",
        p,
    ).fetchone()[0]
    return {"applications.submitted": int(submitted), "applications.approved": int(approved)}
