"""Queries over entrusted-care agreements (委托照护协议) and the left-behind children they
cover.

An agreement ``a`` is valid on day :d when it was signed on or before :d, :d is not after its
``valid_until`` (no end date: valid until replaced), and it is not voided."""

from __future__ import annotations

import sqlite3
from typing import Any

from wbz_cli.store.children import ACTIVE_ON, CATEGORY_HOLDS_ON

VALID_ON = (
    "a.signed_on <= :d AND (a.valid_until IS NULL OR a.valid_until >= :d) AND a.voided_at IS NULL"
)
#: Children ``c`` active and left-behind on :d, one row each. Driven from the category rows:
#: as a correlated EXISTS per child SQLite picks the category index and turns quadratic.
LEFT_BEHIND_CHILDREN = (
    "SELECT DISTINCT c.* FROM child_categories k JOIN children c ON c.id = k.child_id"
    f" WHERE k.category = 'left_behind' AND {CATEGORY_HOLDS_ON} AND {ACTIVE_ON}"
)


def agreements_of_child(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    """The child's agreements on file (not voided), by signing date."""
    return conn.execute(
        "SELECT * FROM care_agreements WHERE child_id = ? AND voided_at IS NULL"
        " ORDER BY signed_on, id",
        (child_id,),
    ).fetchall()


def left_behind_on(conn: sqlite3.Connection, child_id: int, day: str) -> bool:
    """Whether the child is in the left-behind category (农村留守儿童) on ``day``."""
    return (
        conn.execute(
            f"SELECT 1 FROM child_categories k WHERE k.child_id = :id"
            f" AND k.category = 'left_behind' AND {CATEGORY_HOLDS_ON}",
            {"id": child_id, "d": day},
        ).fetchone()
        is not None
    )


def list_agreements(
    conn: sqlite3.Connection, on: str, *, child_id: int | None = None, include_voided: bool = False
) -> list[sqlite3.Row]:
    """Agreements of one child or all, with the child's ``child`` code and ``name`` and
    whether each is ``valid`` on ``on``; by child, then signing date."""
    sql = (
        "SELECT a.*, c.code AS child, c.name AS name,"
        f" ({VALID_ON}) AS valid FROM care_agreements a JOIN children c ON c.id = a.child_id"
        f" WHERE {'1 = 1' if include_voided else 'a.voided_at IS NULL'}"
    )
    params: dict[str, Any] = {"d": on}
    if child_id is not None:
        sql += " AND a.child_id = :child"
        params["child"] = child_id
    return conn.execute(sql + " ORDER BY c.id, a.signed_on, a.id", params).fetchall()


def left_behind_coverage(conn: sqlite3.Connection, on: str) -> list[sqlite3.Row]:
    """The children active and left-behind on ``on`` (code, name, community), each with
    ``covered``: whether an agreement is valid for them that day; by child."""
    return conn.execute(
        f"SELECT c.code, c.name, c.community,"
        f" EXISTS (SELECT 1 FROM care_agreements a WHERE a.child_id = c.id AND {VALID_ON})"
        f" AS covered FROM ({LEFT_BEHIND_CHILDREN}) c ORDER BY c.id",
        {"d": on},
    ).fetchall()
