"""What ``wbz district report`` reads from the district file: the stations, their
submissions of some months, and the children listed by more than one station in a month."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any


@dataclass(frozen=True)
class StationRow:
    station_id: str
    name: str


@dataclass(frozen=True)
class SubmissionRow:
    id: int
    station_id: str
    month: str
    as_of: str
    figures: dict[str, Any]


def stations(conn: sqlite3.Connection) -> list[StationRow]:
    """Every station that has submitted, under the name of its latest submission."""
    sql = (
        "SELECT station_id, station_name FROM submissions s WHERE month = ("
        " SELECT max(month) FROM submissions t WHERE t.station_id = s.station_id)"
        " GROUP BY station_id"
    )
    return [StationRow(sid, name) for sid, name in conn.execute(sql)]


def submissions_of(conn: sqlite3.Connection, months: Sequence[str]) -> list[SubmissionRow]:
    """The submissions of ``months`` with their figures (flat key -> value)."""
    marks = ",".join("?" * len(months))
    sql = (
        "SELECT id, station_id, month, as_of, figures FROM submissions"
        f" WHERE month IN ({marks}) ORDER BY month, station_id"
    )
    loads = json.loads
    return [
        SubmissionRow(sid, station, month, as_of, loads(figures))
        for sid, station, month, as_of, figures in conn.execute(sql, list(months))
    ]


def listed_twice(conn: sqlite3.Connection, month: str) -> list[tuple[int, str, str, str]]:
    """(submission id, hash, categories ';'-joined, risk) of every child that two or more
    submissions of ``month`` list. The month's hashes are read in key order (a month's
    submissions' key ranges) and counted here, which is several times faster than SQLite's
    GROUP BY over half a million hashes; only the repeated ones are read in full."""
    cursor = conn.cursor()
    cursor.row_factory = None
    pairs = cursor.execute(
        "SELECT c.submission_id, c.hash FROM submissions s"
        " JOIN submission_children c ON c.submission_id = s.id WHERE s.month = ?",
        (month,),
    ).fetchall()
    counts = Counter(map(itemgetter(1), pairs))
    repeated = {child_hash for child_hash, n in counts.items() if n > 1}
    if not repeated:
        return []
    wanted = [(sid, h) for sid, h in pairs if h in repeated]
    lookup = "SELECT categories, risk FROM submission_children WHERE submission_id = ? AND hash = ?"
    out = []
    for sid, child_hash in wanted:
        categories, risk = cursor.execute(lookup, (sid, child_hash)).fetchone()
        out.append((sid, child_hash, categories, risk))
    return out
