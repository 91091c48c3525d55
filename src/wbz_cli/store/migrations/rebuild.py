"""For new migrations: the table changes ``ALTER TABLE`` cannot make (a column's type,
NOT NULL or default; dropping, renaming or reordering columns; a new primary key or foreign
key), made by sqlite-utils' ``table.transform()`` instead of editing ``sqlite_master`` by hand
(as m0801 had to) or copying a table by hand (as m0901 did for ``subsidies``).

``transform()`` builds the new table, copies the rows, drops the old table and renames the
new one, inside the migration's transaction. Since sqlite-utils 4.2 it keeps the table's
CHECK constraints as written (the lists of allowed values the schema relies on, in m0801's
``x = 'a' OR x = 'b'`` form), its UNIQUE constraints and its indexes; older versions dropped
the CHECKs, hence ``sqlite-utils>=4.2.1`` in pyproject.toml. It drops the table's triggers
(sqlite-utils issue #849), among them the report's change tracking (m0703): they are written
again here as they were. A trigger naming a column the change renames or drops must be
rewritten by the migration itself, and a rename or drop on a table with a partial index
(``children_merged_into``) is refused until the migration drops that index and makes it
again after.

sqlite-utils costs about 140 ms to import (``python -X importtime``), as much as wbz's whole
start-up; it is imported inside the function, so only a migration that rebuilds a table pays
it, once. Nothing else in wbz imports it.
"""

from __future__ import annotations

import sqlite3
from typing import Any


def transform_table(conn: sqlite3.Connection, table: str, **changes: Any) -> None:
    """Rebuild ``table`` with ``changes`` (the keyword arguments of sqlite-utils'
    ``Table.transform``: ``types``, ``rename``, ``drop``, ``not_null``, ``defaults``,
    ``column_order`` ...), keeping its CHECK constraints, indexes and triggers."""
    import sqlite_utils

    triggers = [
        sql
        for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name",
            (table,),
        )
    ]
    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    db.table(table).transform(**changes)
    for sql in triggers:
        conn.execute(sql)
