"""Voided resources: a resource entered by mistake is withdrawn with who, when and why, as
the records of m0901 are; it leaves the resource lists, the provider look-up and the report's
``resources.by_kind``, and comes back with ``wbz resource unvoid``."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.migrations.m0901_voids import COLUMNS


def up(conn: sqlite3.Connection) -> None:
    for column in COLUMNS:
        conn.execute(f"ALTER TABLE resources ADD COLUMN {column} TEXT")
