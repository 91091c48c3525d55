"""Voided entrusted-care agreements: one entered by mistake is withdrawn with who, when and
why (as the records of m0901); it leaves the agreement list, the signing rate and the child's
file, and comes back with ``wbz care-agreement unvoid``."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.migrations.m0901_voids import COLUMNS


def up(conn: sqlite3.Connection) -> None:
    for column in COLUMNS:
        conn.execute(f"ALTER TABLE care_agreements ADD COLUMN {column} TEXT")
