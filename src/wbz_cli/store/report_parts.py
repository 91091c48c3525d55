"""Stored parts of reports, the write stamp, and the changes that make a part stale
(migration m0703 explains the parts and the triggers that record ``report_changes``).

``data_stamp.stamp`` is moved on by ``Store.write`` at the commit of every transaction that
changed a row. A part computed at stamp S holds while neither its own change stamp nor that of
``*`` is S or later. Saving parts is not a user's write: it does not move the stamp and is not
audited, and on a read-only or busy file it is skipped (the next report computes again).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from wbz_cli.store.sqlite_file import begin_immediate

#: Households (or children without one) per bucket; must equal the triggers' (m0703).
BUCKET_SIZE = 4096
#: The part of the leads not linked to a child; every part at once.
NO_CHILD_PART = "nochild"
ALL = "*"
#: From this many rows a write is a bulk load: see ``report_tracking``.
BULK_ROWS = 10_000
#: A stored part: (first_day, last_day, part, stamp, version, data).
PartRow = tuple[str, str, str, int, str, str]


def bulk_load(rows: int | None) -> bool:
    """Whether a write of ``rows`` rows (None: not known before reading, as for a CSV file) is
    a bulk load."""
    return rows is None or rows >= BULK_ROWS


def bucket_part(bucket: int) -> str:
    return f"b{bucket}"


def bucket_count(conn: sqlite3.Connection) -> int:
    """How many buckets the children's ids and household ids span (two index lookups)."""
    top = conn.execute(
        "SELECT max(coalesce((SELECT max(household_id) FROM children), 0),"
        " coalesce((SELECT max(id) FROM children), 0))"
    ).fetchone()[0]
    return int(top) // BUCKET_SIZE + 1


def month_part(month: str) -> str:
    return f"m{month}"


def schema_version(conn: sqlite3.Connection) -> int:
    """How many migrations the file has had (``PRAGMA user_version``): a stored part holds
    only under the schema it was computed with."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def write_stamp(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT stamp FROM data_stamp WHERE id = 1").fetchone()
    return int(row[0]) if row else 0


def bump_stamp(conn: sqlite3.Connection) -> None:
    """Inside a write transaction: mark the data as changed."""
    conn.execute(
        "INSERT INTO data_stamp (id, stamp) VALUES (1, 1)"
        " ON CONFLICT (id) DO UPDATE SET stamp = stamp + 1"
    )


def settle_outside_writes(conn: sqlite3.Connection) -> None:
    """Outside a transaction: if another program changed rows since wbz last wrote (their
    changes carry the current stamp, which only wbz moves), move the stamp on, so that the
    parts computed now are known to include them. Skipped on a read-only or busy file: the
    report is then computed from scratch, which is as correct, only slower. Inside a
    transaction (a write still open) nothing is done."""
    if conn.in_transaction:
        return
    outside = conn.execute(
        "SELECT 1 FROM report_changes WHERE stamp >= coalesce((SELECT stamp FROM data_stamp"
        " WHERE id = 1), 0) LIMIT 1"
    ).fetchone()
    if not outside:
        return
    try:
        begin_immediate(conn)
    except sqlite3.OperationalError:
        return
    try:
        bump_stamp(conn)
        conn.execute("COMMIT")
    except sqlite3.DatabaseError:
        conn.execute("ROLLBACK")


def changes(conn: sqlite3.Connection) -> dict[str, int]:
    """{part: stamp current when a row it depends on last changed}."""
    return dict(conn.execute("SELECT part, stamp FROM report_changes").fetchall())


def load(
    conn: sqlite3.Connection, period: tuple[str, str], version: str, part: str | None = None
) -> dict[str, tuple[int, str]]:
    """{part: (stamp, data)} stored for the period under ``version`` (only ``part``, if
    given)."""
    sql = "SELECT part, stamp, data FROM report_parts WHERE first_day = ? AND last_day = ?"
    params: list[str] = [*period]
    if part is not None:
        sql += " AND part = ?"
        params.append(part)
    rows = conn.execute(sql + " AND version = ?", (*params, version))
    return {name: (stamp, data) for name, stamp, data in rows}


def still_current(stored_stamp: int, part: str, changed: dict[str, int]) -> bool:
    return changed.get(part, -1) < stored_stamp and changed.get(ALL, -1) < stored_stamp


def save(conn: sqlite3.Connection, rows: list[PartRow]) -> None:
    """Keep the computed parts unless the file cannot be written now; a part computed
    meanwhile from newer data (another wbz) is not replaced, and stale parts go. Inside a
    transaction (a write still open, whose data may yet roll back) nothing is kept."""
    if not rows or conn.in_transaction:
        return
    try:
        begin_immediate(conn)
    except sqlite3.OperationalError:
        return  # read-only file, or another program is writing: compute again next time
    try:
        conn.executemany(
            "INSERT INTO report_parts (first_day, last_day, part, stamp, version, data)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (first_day, last_day, part) DO UPDATE"
            " SET stamp = excluded.stamp, version = excluded.version, data = excluded.data"
            " WHERE excluded.stamp >= report_parts.stamp",
            rows,
        )
        conn.execute(
            "DELETE FROM report_parts WHERE stamp <= (SELECT max(c.stamp) FROM report_changes c"
            f" WHERE c.part IN (report_parts.part, '{ALL}'))"
        )
        conn.execute("COMMIT")
    except sqlite3.DatabaseError:
        conn.execute("ROLLBACK")  # a full disk, say: the report itself is unaffected
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def mark_all_changed(conn: sqlite3.Connection) -> None:
    """Inside a write transaction: every stored part is stale."""
    conn.execute(
        "INSERT INTO report_changes (part, stamp) VALUES (?, ?)"
        " ON CONFLICT (part) DO UPDATE SET stamp = excluded.stamp",
        (ALL, write_stamp(conn)),
    )


@contextmanager
def tracking_suspended(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside a write transaction that changes many children (a roster import): the change
    triggers are dropped for its duration (a row trigger costs about 3 µs per row written)
    and every part is marked stale instead; the triggers come back exactly as they were, in
    the same transaction, whatever happens."""
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        " AND name LIKE 'report\\_track\\_%' ESCAPE '\\'"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        for _, sql in triggers:
            conn.execute(sql)
        mark_all_changed(conn)


def report_tracking(conn: sqlite3.Connection, *, rows: int | None) -> AbstractContextManager[None]:
    """For a write of ``rows`` rows (None: not known before reading, as for a CSV file): a
    bulk load (a province's roster) runs with the change triggers suspended, as they would
    cost about a second per 100,000 rows and the report after such a load recomputes nearly
    everything anyway; a smaller one keeps them, so that only the parts it touches are
    recomputed."""
    if not bulk_load(rows):
        return nullcontext()
    return tracking_suspended(conn)
