"""A lead's move can be undone (``wbz refer undo``): the undo is one more row of
``lead_events`` whose ``reverses`` is the id of the move it takes back. The history keeps
both rows; deadlines and reports read only the moves in force, that is neither an undo nor a
move that was undone, so the lead counts as if the mistaken move had never been made."""

from __future__ import annotations

import sqlite3


def up(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE lead_events ADD COLUMN reverses INTEGER REFERENCES lead_events (id)")
    conn.execute(
        "CREATE INDEX lead_events_reverses ON lead_events (reverses) WHERE reverses IS NOT NULL"
    )
