"""The district file's rows: its settings, the stations' submissions and their children
(``district_migrations/d0001_schema``). Writes run inside ``DistrictStore.write()``."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

#: A submission's columns as ``put_submission`` takes them (``id`` and ``children`` aside).
SUBMISSION_COLUMNS = (
    "station_id",
    "station_name",
    "month",
    "as_of",
    "created_at",
    "imported_at",
    "file_name",
    "file_sha256",
    "tool_version",
    "schema_version",
    "figures",
    "by_community",
    "children_count",
)


def district_settings(conn: sqlite3.Connection) -> dict[str, str]:
    return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM district_settings")}


def put_district_settings(conn: sqlite3.Connection, values: Mapping[str, str]) -> None:
    conn.executemany(
        "INSERT INTO district_settings (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        values.items(),
    )


def submission_on_file(
    conn: sqlite3.Connection, station_id: str, month: str
) -> dict[str, Any] | None:
    """The station's submission for the month, as stored (figures as JSON text)."""
    row = conn.execute(
        "SELECT id, station_name, file_name, file_sha256, figures, children_count, created_at"
        " FROM submissions WHERE station_id = ? AND month = ?",
        (station_id, month),
    ).fetchone()
    return dict(row) if row else None


def submission_digests(conn: sqlite3.Connection) -> set[str]:
    """The SHA-256 of every submission's file on file."""
    return {str(r[0]) for r in conn.execute("SELECT file_sha256 FROM submissions")}


def put_submission(
    conn: sqlite3.Connection, values: Mapping[str, Any], replaces: int | None
) -> int:
    """Insert the submission (``replaces`` None) or overwrite submission ``replaces`` in
    place, its children removed; its id."""
    params = [values[c] for c in SUBMISSION_COLUMNS]
    if replaces is None:
        marks = ", ".join("?" for _ in SUBMISSION_COLUMNS)
        cur = conn.execute(
            f"INSERT INTO submissions ({', '.join(SUBMISSION_COLUMNS)}) VALUES ({marks})", params
        )
        return int(cur.lastrowid or 0)
    sets = ", ".join(f"{c} = ?" for c in SUBMISSION_COLUMNS)
    conn.execute(f"UPDATE submissions SET {sets} WHERE id = ?", [*params, replaces])
    conn.execute("DELETE FROM submission_children WHERE submission_id = ?", (replaces,))
    return replaces


def put_children(conn: sqlite3.Connection, submission_id: int, listed: str) -> None:
    """The submission's children from ``listed``: a JSON array of [hash, child, categories
    ';'-joined, risk] rows, each hash once."""
    conn.execute(
        "INSERT INTO submission_children (submission_id, hash, child, categories, risk)"
        " SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
        " json_extract(value, '$[2]'), json_extract(value, '$[3]') FROM json_each(?2)",
        (submission_id, listed),
    )


def month_duplicates(conn: sqlite3.Connection, month: str) -> list[dict[str, Any]]:
    """The children listed by two or more stations for ``month``: one row per (hash,
    station), ordered by hash and station name."""
    rows = conn.execute(
        """
        WITH listed AS (
            SELECT c.hash, s.station_id, s.station_name, c.child
            FROM submissions AS s JOIN submission_children AS c ON c.submission_id = s.id
            WHERE s.month = ?
        ),
        twice AS (
            SELECT hash FROM listed GROUP BY hash HAVING count(DISTINCT station_id) > 1
        )
        SELECT listed.* FROM listed JOIN twice USING (hash)
        ORDER BY listed.hash, listed.station_name, listed.station_id
        """,
        (month,),
    )
    return [dict(r) for r in rows]


def months_on_file(conn: sqlite3.Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT DISTINCT month FROM submissions ORDER BY 1")]


def station_months(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Each station that ever submitted: its latest name, the months it submitted (in
    order) and when it was last imported."""
    rows = conn.execute(
        """
        SELECT station_id,
               (SELECT station_name FROM submissions AS n WHERE n.station_id = s.station_id
                ORDER BY month DESC, imported_at DESC LIMIT 1) AS station_name,
               group_concat(month, ';') AS months,
               max(imported_at) AS last_imported_at
        FROM (SELECT * FROM submissions ORDER BY station_id, month) AS s
        GROUP BY station_id
        ORDER BY station_name, station_id
        """
    )
    return [dict(r) for r in rows]
