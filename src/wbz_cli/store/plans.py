"""Queries over service plans (服务计划) and their reviews."""

from __future__ import annotations

import sqlite3


def plans_of_child(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    """The child's plans on file (not voided), by opening date."""
    return conn.execute(
        "SELECT * FROM plans WHERE child_id = ? AND voided_at IS NULL ORDER BY opened_on, id",
        (child_id,),
    ).fetchall()
