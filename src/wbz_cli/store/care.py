"""Queries over the care record: resources, services delivered and activities."""

from __future__ import annotations

import sqlite3
from typing import Any

#: Resource ``r`` is on file on day :d (added on or before, not yet removed).
RESOURCE_ON_FILE = "r.added_on <= :d AND (r.removed_on IS NULL OR r.removed_on > :d)"


def resource(conn: sqlite3.Connection, resource_id: int) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM resources WHERE id = ?", (resource_id,)).fetchone()


def resources_named(conn: sqlite3.Connection, name: str, on: str) -> list[sqlite3.Row]:
    """Resources called ``name`` not removed by ``on`` (whenever they were entered)."""
    return conn.execute(
        "SELECT * FROM resources r WHERE r.name = :n AND r.voided_at IS NULL"
        " AND (r.removed_on IS NULL OR r.removed_on > :d) ORDER BY r.id",
        {"n": name, "d": on},
    ).fetchall()


def list_resources(
    conn: sqlite3.Connection, on: str, *, kind: str | None = None, include_removed: bool = False
) -> list[sqlite3.Row]:
    sql = "SELECT r.* FROM resources r WHERE 1 = 1"
    params: dict[str, Any] = {"d": on}
    if not include_removed:
        sql += f" AND {RESOURCE_ON_FILE} AND r.voided_at IS NULL"
    if kind:
        sql += " AND r.kind = :kind"
        params["kind"] = kind
    return conn.execute(sql + " ORDER BY r.id", params).fetchall()


_SERVICE_SQL = """
SELECT s.id, s.type, s.served_on, s.provider, s.resource_id, s.hours, s.notes,
       s.voided_at, s.void_reason, c.code AS child, c.name AS name, p.id AS plan_id,
       s.pair_id, s.project_id
FROM services s
JOIN children c ON c.id = s.child_id
LEFT JOIN plans p ON p.id = s.plan_id
WHERE 1 = 1
"""


def list_services(
    conn: sqlite3.Connection,
    *,
    service_id: int | None = None,
    child_id: int | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    service_type: str | None = None,
    include_voided: bool = False,
) -> list[sqlite3.Row]:
    sql = _SERVICE_SQL
    params: dict[str, Any] = {}
    if service_id is not None:
        sql += " AND s.id = :id"
        params["id"] = service_id
    elif not include_voided:
        sql += " AND s.voided_at IS NULL"
    if child_id is not None:
        sql += " AND s.child_id = :child"
        params["child"] = child_id
    if date_from:
        sql += " AND s.served_on >= :from"
        params["from"] = date_from
    if date_to:
        sql += " AND s.served_on <= :to"
        params["to"] = date_to
    if service_type:
        sql += " AND s.type = :type"
        params["type"] = service_type
    return conn.execute(sql + " ORDER BY s.served_on, s.id", params).fetchall()


def activity_child_count(conn: sqlite3.Connection, activity_id: int) -> int:
    return int(
        conn.execute(
            "SELECT count(*) FROM activity_children WHERE activity_id = ?", (activity_id,)
        ).fetchone()[0]
    )


def same_activity(
    conn: sqlite3.Connection, title: str, day: str, besides: int | None = None
) -> int | None:
    """The id of an activity on file (not voided) of that title on that day, other than
    ``besides``."""
    row = conn.execute(
        "SELECT id FROM activities WHERE title = ? AND held_on = ? AND voided_at IS NULL"
        " AND id IS NOT ? ORDER BY id LIMIT 1",
        (title, day, besides),
    ).fetchone()
    return int(row[0]) if row else None


def list_activities(
    conn: sqlite3.Connection,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    kind: str | None = None,
    include_voided: bool = False,
) -> list[sqlite3.Row]:
    sql = (
        "SELECT a.*, (SELECT group_concat(c.code, ',') FROM activity_children ac"
        " JOIN children c ON c.id = ac.child_id WHERE ac.activity_id = a.id) AS children"
        " FROM activities a" + (" WHERE 1 = 1" if include_voided else " WHERE a.voided_at IS NULL")
    )
    params: dict[str, Any] = {}
    if date_from:
        sql += " AND a.held_on >= :from"
        params["from"] = date_from
    if date_to:
        sql += " AND a.held_on <= :to"
        params["to"] = date_to
    if kind:
        sql += " AND a.kind = :kind"
        params["kind"] = kind
    return conn.execute(sql + " ORDER BY a.held_on, a.id", params).fetchall()
