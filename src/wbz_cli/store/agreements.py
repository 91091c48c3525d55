"""Queries over entrusted-care agreements (委托照护协议)."""

from __future__ import annotations

import sqlite3


def agreements_of_child(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    """The child's agreements on file (not voided), by signing date."""
    return conn.execute(
        "SELECT * FROM care_agreements WHERE child_id = ? AND voided_at IS NULL"
        " ORDER BY signed_on, id",
        (child_id,),
    ).fetchall()
