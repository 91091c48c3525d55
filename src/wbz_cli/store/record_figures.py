"""The report's figures of issue 25's records (placements, ...), counted for the station
as a whole. They are read afresh for every report (a few indexed counts), so no kept part
can hold a stale one: a write shows in the next report."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.applications import application_counts
from wbz_cli.store.pairs import pair_counts
from wbz_cli.store.placements import placement_counts
from wbz_cli.store.screenings import screening_counts


def record_counts(conn: sqlite3.Connection, p: dict[str, str]) -> dict[str, int]:
    """{dotted key: n} for the period from :a to :b."""
    return {
        **placement_counts(conn, p),
        **application_counts(conn, p),
        **pair_counts(conn, p),
        **screening_counts(conn, p),
    }
