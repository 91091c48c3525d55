"""Voided risk and guardianship assessments and risk entries: one entered by mistake is
withdrawn with who, when and why (as the records of m0901). Voiding a risk assessment voids
the risk entry it wrote, so the risk in force falls back to the entry before it by date; a
risk entry voided leaves the risk in force, the report's risk counts and the visit cycle.
Both come back with ``wbz assess unvoid``."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.migrations.m0901_voids import COLUMNS

TABLES = ("assessments", "guardianship_assessments", "risk_history")


def up(conn: sqlite3.Connection) -> None:
    for table in TABLES:
        for column in COLUMNS:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
    # the entry a risk assessment wrote is found by its source when the assessment is voided
    conn.execute("CREATE INDEX risk_history_source ON risk_history (source)")
