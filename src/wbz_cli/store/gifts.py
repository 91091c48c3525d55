"""Goods and wishes given to a child or a household, and the report's figures of them."""

from __future__ import annotations

import sqlite3
from typing import Any

_GIFTS = (
    "SELECT g.*, c.code AS child, c.name AS name, coalesce(h.code, ch.code) AS household"
    " FROM gifts g LEFT JOIN children c ON c.id = g.child_id"
    " LEFT JOIN households h ON h.id = g.household_id"
    " LEFT JOIN households ch ON ch.id = c.household_id WHERE 1"
)


def list_gifts(
    conn: sqlite3.Connection,
    *,
    gift_id: int | None = None,
    child_id: int | None = None,
    household_id: int | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    kind: str | None = None,
    include_voided: bool = False,
) -> list[sqlite3.Row]:
    sql, params = _GIFTS, dict[str, Any]()
    if gift_id is not None:
        sql += " AND g.id = :id"
        params["id"] = gift_id
    elif not include_voided:
        sql += " AND g.voided_at IS NULL"
    if child_id is not None:
        sql += " AND g.child_id = :child"
        params["child"] = child_id
    if household_id is not None:  # given to the household, or to one of its children
        sql += " AND (g.household_id = :household OR c.household_id = :household)"
        params["household"] = household_id
    if date_from:
        sql += " AND g.given_on >= :from"
        params["from"] = date_from
    if date_to:
        sql += " AND g.given_on <= :to"
        params["to"] = date_to
    if kind:
        sql += " AND g.kind = :kind"
        params["kind"] = kind
    return conn.execute(sql + " ORDER BY g.given_on, g.id", params).fetchall()


def gift_figures(conn: sqlite3.Connection, p: dict[str, str]) -> dict[str, Any]:
    """gifts.count and the fen of their value, given in the period, not voided."""
    row = conn.execute(
        "SELECT count(*), coalesce(sum(value_fen), 0) FROM gifts"
        " WHERE given_on BETWEEN :a AND :b AND voided_at IS NULL",
        p,
    ).fetchone()
    return {"gifts.count": int(row[0]), "gifts.value_fen": int(row[1])}
