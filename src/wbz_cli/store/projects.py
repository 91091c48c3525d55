"""Projects, the children enrolled in them and the payments made against them."""

from __future__ import annotations

import sqlite3
from typing import Any

_PROJECTS = (
    "SELECT p.*, r.name AS organisation,"
    " (SELECT count(*) FROM project_children x WHERE x.project_id = p.id) AS children,"
    " (SELECT coalesce(sum(m.amount_fen), 0) FROM project_payments m"
    "   WHERE m.project_id = p.id AND m.voided_at IS NULL) AS spent_fen,"
    " (SELECT count(*) FROM services s WHERE s.project_id = p.id AND s.voided_at IS NULL)"
    "   AS services,"
    " (SELECT count(*) FROM activities a WHERE a.project_id = p.id AND a.voided_at IS NULL)"
    "   AS activities"
    " FROM projects p LEFT JOIN resources r ON r.id = p.resource_id WHERE 1"
)


def project(conn: sqlite3.Connection, project_id: int) -> sqlite3.Row | None:
    """The project (voided or not) with its organisation's name and its totals."""
    return conn.execute(_PROJECTS + " AND p.id = ?", (project_id,)).fetchone()


def list_projects(
    conn: sqlite3.Connection, *, active_on: str | None = None, include_voided: bool = False
) -> list[sqlite3.Row]:
    sql, params = _PROJECTS, {}
    if not include_voided:
        sql += " AND p.voided_at IS NULL"
    if active_on:
        sql += " AND p.start_on <= :d AND (p.end_on IS NULL OR p.end_on >= :d)"
        params["d"] = active_on
    return conn.execute(sql + " ORDER BY p.start_on, p.id", params).fetchall()


def enrolled(conn: sqlite3.Connection, project_id: int) -> list[sqlite3.Row]:
    """The children enrolled in the project: code and name."""
    return conn.execute(
        "SELECT c.id, c.code, c.name FROM project_children x JOIN children c ON c.id = x.child_id"
        " WHERE x.project_id = ? ORDER BY c.id",
        (project_id,),
    ).fetchall()


def enrol(conn: sqlite3.Connection, project_id: int, child_id: int) -> bool:
    """Enrol the child; False when already enrolled."""
    cur = conn.execute(
        "INSERT OR IGNORE INTO project_children (project_id, child_id) VALUES (?, ?)",
        (project_id, child_id),
    )
    return bool(cur.rowcount)


def unenrol(conn: sqlite3.Connection, project_id: int, child_id: int) -> bool:
    cur = conn.execute(
        "DELETE FROM project_children WHERE project_id = ? AND child_id = ?",
        (project_id, child_id),
    )
    return bool(cur.rowcount)


def services_of(conn: sqlite3.Connection, project_id: int) -> list[sqlite3.Row]:
    """The services (not voided) that belong to the project, with the child's code and name."""
    return conn.execute(
        "SELECT s.id, s.served_on, s.type, s.provider, c.code AS child, c.name AS name"
        " FROM services s JOIN children c ON c.id = s.child_id"
        " WHERE s.project_id = ? AND s.voided_at IS NULL ORDER BY s.served_on, s.id",
        (project_id,),
    ).fetchall()


def activities_of(conn: sqlite3.Connection, project_id: int) -> list[sqlite3.Row]:
    """The activities (not voided) that belong to the project."""
    return conn.execute(
        "SELECT id, held_on, kind, title, participants FROM activities"
        " WHERE project_id = ? AND voided_at IS NULL ORDER BY held_on, id",
        (project_id,),
    ).fetchall()


def payments(
    conn: sqlite3.Connection, project_id: int | None = None, *, include_voided: bool = False
) -> list[sqlite3.Row]:
    sql, params = "SELECT * FROM project_payments WHERE 1", []
    if project_id is not None:
        sql += " AND project_id = ?"
        params.append(project_id)
    if not include_voided:
        sql += " AND voided_at IS NULL"
    return conn.execute(sql + " ORDER BY paid_on, id", params).fetchall()


def set_project_of(conn: sqlite3.Connection, table: str, row_id: int, project_id: int) -> None:
    """Name the project a service or an activity belongs to (``table``: our own names only)."""
    assert table in ("services", "activities")
    conn.execute(f"UPDATE {table} SET project_id = ? WHERE id = ?", (project_id, row_id))


def project_figures(conn: sqlite3.Connection, p: dict[str, str]) -> dict[str, Any]:
    """projects.active (period covering the period's end) and the fen paid in the period."""
    active = conn.execute(
        "SELECT count(*) FROM projects WHERE voided_at IS NULL AND start_on <= :b"
        " AND (end_on IS NULL OR end_on >= :b)",
        p,
    ).fetchone()[0]
    spent = conn.execute(
        "SELECT coalesce(sum(m.amount_fen), 0) FROM project_payments m"
        " JOIN projects p ON p.id = m.project_id WHERE m.paid_on BETWEEN :a AND :b"
        " AND m.voided_at IS NULL AND p.voided_at IS NULL",
        p,
    ).fetchone()[0]
    return {"projects.active": int(active), "projects.spent_fen": int(spent)}
