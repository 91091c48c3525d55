"""Voided category periods: a category added by mistake (``wbz category void``) is withdrawn
with who, when and why (as the records of m0901), not deleted. Every reader of
child_categories leaves a voided period out: the child's categories, the figures by
category, the subsidy checks and the visit cycle. ``wbz category unvoid`` brings it back."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.migrations.m0901_voids import COLUMNS


def up(conn: sqlite3.Connection) -> None:
    for column in COLUMNS:
        conn.execute(f"ALTER TABLE child_categories ADD COLUMN {column} TEXT")
