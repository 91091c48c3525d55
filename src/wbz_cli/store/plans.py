"""Queries over service plans (服务计划) and their reviews."""

from __future__ import annotations

import sqlite3
from typing import Any

from wbz_cli.store.children import ACTIVE_ON

#: Plans ``p`` with their child's ``child`` code and ``name``.
_WITH_CHILD = (
    "SELECT p.*, c.code AS child, c.name AS name FROM plans p JOIN children c ON c.id = p.child_id"
)
#: The plans a list shows: those not voided, or (``--all``) every one.
_LIVE = {False: "p.voided_at IS NULL", True: "1 = 1"}


def plan_with_child(conn: sqlite3.Connection, plan_id: int) -> sqlite3.Row | None:
    """The plan (voided or not) with its child's code and name."""
    return conn.execute(_WITH_CHILD + " WHERE p.id = ?", (plan_id,)).fetchone()


def plans_of_child(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    """The child's plans on file (not voided), by opening date."""
    return conn.execute(
        "SELECT * FROM plans WHERE child_id = ? AND voided_at IS NULL ORDER BY opened_on, id",
        (child_id,),
    ).fetchall()


def plan_listing_service(
    conn: sqlite3.Connection, child_id: int, service_type: str, day: str
) -> int | None:
    """The id of the child's plan (not voided) running on ``day`` that lists ``service_type``;
    the latest opened when there are several."""
    found = conn.execute(
        "SELECT p.id FROM plans p, json_each(p.services) j WHERE p.child_id = :c"
        " AND j.value = :t AND p.opened_on <= :d AND (p.closed_on IS NULL OR p.closed_on >= :d)"
        " AND p.voided_at IS NULL"
        " ORDER BY p.opened_on DESC, p.id DESC LIMIT 1",
        {"c": child_id, "t": service_type, "d": day},
    ).fetchone()
    return int(found[0]) if found else None


def last_review_on(conn: sqlite3.Connection, plan_id: int) -> str | None:
    """The date of the plan's latest review in force (not voided), if any."""
    row = conn.execute(
        "SELECT max(reviewed_on) FROM plan_reviews WHERE plan_id = ? AND voided_at IS NULL",
        (plan_id,),
    ).fetchone()
    return str(row[0]) if row[0] is not None else None


def list_plans(
    conn: sqlite3.Connection,
    today: str,
    *,
    child_id: int | None = None,
    status: str | None = None,
    overdue: bool = False,
    include_voided: bool = False,
) -> list[sqlite3.Row]:
    """Plans with their child's code and name, by review date; ``overdue``: only the open
    plans of active children whose review date is before ``today``."""
    sql = _WITH_CHILD + f" WHERE {_LIVE[include_voided]}"
    params: dict[str, Any] = {"d": today}
    if child_id is not None:
        sql += " AND p.child_id = :child"
        params["child"] = child_id
    if status:
        sql += " AND p.status = :status"
        params["status"] = status
    if overdue:
        sql += f" AND p.status = 'open' AND p.review_on < :d AND {ACTIVE_ON}"
    return conn.execute(sql + " ORDER BY p.review_on, p.id", params).fetchall()


def plans_due_for_review(conn: sqlite3.Connection, horizon: str, today: str) -> list[sqlite3.Row]:
    """Open plans (not voided) of children active on ``today`` whose review date is on or
    before ``horizon``: id, review_on, goal and the child's code and name; by review date."""
    return conn.execute(
        f"SELECT p.id, p.review_on, p.goal, c.code, c.name FROM plans p"
        f" JOIN children c ON c.id = p.child_id"
        f" WHERE p.status = 'open' AND p.review_on <= :h AND p.voided_at IS NULL AND {ACTIVE_ON}"
        f" ORDER BY p.review_on, c.id",
        {"h": horizon, "d": today},
    ).fetchall()
