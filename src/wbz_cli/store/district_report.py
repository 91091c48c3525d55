"""What ``wbz district report`` reads from the district file: the stations, their
submissions of some months, and the children listed by more than one station in a month."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
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
    submissions of ``month`` list."""
    sql = (
        "WITH month_children AS ("
        " SELECT c.submission_id, c.hash, c.categories, c.risk FROM submission_children c"
        " WHERE c.submission_id IN (SELECT id FROM submissions WHERE month = ?)),"
        " shared AS (SELECT hash FROM month_children GROUP BY hash HAVING count(*) > 1)"
        " SELECT submission_id, hash, categories, risk FROM month_children"
        " WHERE hash IN (SELECT hash FROM shared)"
    )
    return [tuple(row) for row in conn.execute(sql, (month,))]
