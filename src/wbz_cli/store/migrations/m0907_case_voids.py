"""Voided case periods: a case reopened by mistake (``wbz case void``) is withdrawn with who,
when and why (as the records of m0901), not deleted. Every reader of case_periods leaves a
voided period out: whether the child is in care on a day, the report's active, new and
closed counts, the visit cycle and the subsidy checks. ``wbz case unvoid`` brings it back."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.migrations.m0901_voids import COLUMNS


def up(conn: sqlite3.Connection) -> None:
    for column in COLUMNS:
        conn.execute(f"ALTER TABLE case_periods ADD COLUMN {column} TEXT")
