"""The file says it is a wbz database: SQLite's application id in its header (``wbz1``), so
that an opening can tell a wbz file from another program's SQLite file by its first 100
bytes, without reading the schema (``store.db``)."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.db import APPLICATION_ID


def up(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
