"""Screenings looked up by ID number: whether a case opened came from a department's list
(``store/screenings.FROM_A_LIST``, children.new_by_source.match, computed for every case
opened in the period), a screening to follow up when the child is registered, and a row of
``wbz screen import`` already screened that day. Without it each lookup read every
screening: a report's first run on 50,000 children took 5.7 s in that one figure, and ten
times the children a hundred times as long."""

from __future__ import annotations

import sqlite3


def up(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE INDEX IF NOT EXISTS screenings_id_number ON screenings (id_number)"
        " WHERE id_number IS NOT NULL"
    )
