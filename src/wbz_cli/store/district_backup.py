"""Backups of a district's file (区县汇总数据库): written and restored as a station's
(``store/backup``: the same consistent copy, encryption and checks), a copy's kind told by
its header's application id, and what a district copy must hold to be restored."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.backup import STATION, Kind
from wbz_cli.store.db import DISTRICT_APPLICATION_ID

DISTRICT = Kind(
    "district",
    frozenset({"schema_migrations", "audit_log", "district_settings", "submissions"}),
    "wbz_cli.store.district_migrations",
    "submissions",
)


def kind_of(conn: sqlite3.Connection) -> Kind:
    """The kind of the open file (or a backup's image): a district's by its application id,
    otherwise a station's (whose older files have none)."""
    try:
        app = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError:  # a damaged copy: ``backup.verify`` says so
        return STATION
    return DISTRICT if app == DISTRICT_APPLICATION_ID else STATION
