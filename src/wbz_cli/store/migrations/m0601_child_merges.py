"""Merged duplicate children: ``wbz merge A B`` keeps B's row (its code and ID number stay
findable and cannot be registered again) with ``merged_into`` = A's id and ``merged_on``;
all of B's history moves to A. Listings leave merged rows out; lookups by B's code or ID
number lead to A."""

from __future__ import annotations

import sqlite3


def up(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE children ADD COLUMN merged_into INTEGER REFERENCES children (id)")
    conn.execute("ALTER TABLE children ADD COLUMN merged_on TEXT")
    conn.execute(
        "CREATE INDEX children_merged_into ON children (merged_into) WHERE merged_into IS NOT NULL"
    )
    conn.execute("CREATE INDEX children_birth_date ON children (birth_date)")
