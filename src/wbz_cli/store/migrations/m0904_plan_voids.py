"""Voided service plans: a plan entered by mistake is withdrawn with who, when and why (as the
records of m0901); it leaves the plan list, the reviews due, the linking of new services and
the child's file, and comes back with ``wbz plan unvoid``."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.migrations.m0901_voids import COLUMNS


def up(conn: sqlite3.Connection) -> None:
    for column in COLUMNS:
        conn.execute(f"ALTER TABLE plans ADD COLUMN {column} TEXT")
