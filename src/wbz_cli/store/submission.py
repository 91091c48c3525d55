"""What the station's monthly submission (报送包) lists: the children active on a day, with
their ID number (to be hashed, never written), categories and risk on that day.

The definitions are the report's own (store/figures.py): the children of ``load_active``
(an open case on the day, risk held that day) are those ``children.active`` and
``children.by_risk`` count, and their categories are those ``HOLDS_AT_END`` counts in
``children.by_category``; so the list's count and categories agree with the figures.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from wbz_cli.store import figures
from wbz_cli.store.migrations import applied


@dataclass(frozen=True)
class ActiveChild:
    code: str
    id_number: str | None
    risk: str
    categories: tuple[str, ...]


def active_children_on(conn: sqlite3.Connection, day: str) -> list[ActiveChild]:
    """The children with an open case on ``day`` (ISO), by code. Inside a read transaction
    (``Store.read_snapshot``): the report's temporary tables are built and dropped again."""
    p = {"a": day, "b": day}
    figures.load_cells(conn)
    try:
        figures.load_active(conn, p)
        categories: dict[int, list[str]] = {}
        for child_id, category in conn.execute(
            f"SELECT DISTINCT k.child_id, k.category FROM {figures.ACTIVE} a"
            f" CROSS JOIN child_categories k ON k.child_id = a.id"
            f" WHERE {figures.HOLDS_AT_END} ORDER BY 1, 2",
            p,
        ):
            categories.setdefault(child_id, []).append(category)
        rows = conn.execute(
            f"SELECT a.id, c.code, c.id_number, a.risk FROM {figures.ACTIVE} a"
            " JOIN children c ON c.id = a.id ORDER BY c.code"
        ).fetchall()
    finally:
        figures.drop_temp(conn)
    return [
        ActiveChild(code, id_number, risk, tuple(categories.get(child_id, ())))
        for child_id, code, id_number, risk in rows
    ]


def latest_migration(conn: sqlite3.Connection) -> str:
    """The name of the last migration applied to the file (the submission's schema)."""
    names = applied(conn)
    return names[-1] if names else ""
