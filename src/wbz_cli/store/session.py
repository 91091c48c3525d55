"""A connection with who is acting: every write runs in one transaction and leaves audit rows."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any

from wbz_cli.store.db import connect, rollback_journal
from wbz_cli.store.report_parts import bulk_load, bump_stamp, report_tracking
from wbz_cli.store.sqlite_file import StoreError, begin_immediate, explain_sqlite_error


def now_text() -> str:
    """The moment now, as the ISO text with offset kept in the records' time columns."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


#: SQLite's page cache during a bulk write: the indexes written at random places (ID numbers,
#: birth dates: some 3 MB each per 100,000 children) stay in memory; the rest is written out
#: as it fills. 32 MB was no faster (paired runs) and peaked 15-30 MB higher.
BULK_CACHE_KB = 16 * 1024


class Store:
    """The open database and the operator; ``with store.write():`` is one transaction."""

    def __init__(self, conn: sqlite3.Connection, operator: str, path: Path | str = "") -> None:
        self.conn = conn
        self.operator = operator
        self.path = path
        self._depth = 0
        self._audit_rows = 0  # audit rows written in the open transaction

    @classmethod
    def open(
        cls, path: Path, operator: str, *, create: bool = True, inspect: bool = False
    ) -> Store:
        """``inspect``: for ``wbz doctor``, a file with foreign triggers or views is opened
        (and not migrated) instead of refused (``connect``)."""
        return cls(connect(path, create=create, inspect=inspect), operator, path)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE); nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        try:
            begin_immediate(self.conn)
        except sqlite3.OperationalError as exc:
            raise StoreError(explain_sqlite_error(exc, self.path)) from None
        self._depth = 1
        changes = self.conn.total_changes
        self._audit_rows = 0
        try:
            yield self.conn
            if self.conn.total_changes - changes > self._audit_rows:
                self._mark_changed()
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._rollback()
            raise StoreError(explain_sqlite_error(exc, self.path)) from None
        except BaseException:
            self._rollback()
            raise
        finally:
            self._depth = 0

    def _mark_changed(self) -> None:
        """Inside a write that changed data: stored report snapshots are stale."""
        bump_stamp(self.conn)

    @contextmanager
    def read_snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction for all the figures of one report: every query inside sees
        the database as it stood at the first read, whatever other connections commit
        meanwhile, so the figures, the parts' change marks and the write stamp agree. The
        transaction ends on exit, on an error too. Inside a transaction already open (a
        write), that one is read and left to its owner. The report's temporary tables are
        kept in memory."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("PRAGMA temp_store = MEMORY")  # not allowed inside a transaction
        self.conn.execute("BEGIN")  # deferred: the snapshot starts at the first read
        try:
            yield self.conn
        except BaseException:
            self._rollback()
            raise
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")  # nothing written: only the read snapshot ends

    @contextmanager
    def bulk_write(self, rows: int | None) -> Iterator[sqlite3.Connection]:
        """One write transaction for a bulk import of ``rows`` rows (None: not known before
        reading), as ``write()`` (all or nothing, audited), set up for many rows:

        - foreign keys not enforced while it lasts: every id a bulk import writes is one it
          has just inserted or read in the same transaction, and the check costs a lookup per
          written row (0.3 s of a 100,000-row roster);
        - a bulk load (``report_parts.BULK_ROWS`` rows or more) in rollback-journal mode
          (``db.rollback_journal``) and with the report's change triggers suspended
          (``report_parts.report_tracking``);
        - a page cache of BULK_CACHE_KB, so that the indexes written at random places stay
          in memory.

        Each setting is put back afterwards, whatever happens. Not inside another write."""
        if self._depth:
            raise RuntimeError("bulk_write() inside a write transaction")
        conn = self.conn
        with (
            foreign_keys_off(conn),  # set outside the transaction: inside it does nothing
            rollback_journal(conn) if bulk_load(rows) else nullcontext(),
            self.write(),
            report_tracking(conn, rows=rows),
            _cache_size(conn, BULK_CACHE_KB),
        ):
            yield conn

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def audit(
        self,
        action: str,
        record_type: str,
        record_key: str | None,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> None:
        """Write one audit row; must be called inside ``write()``."""
        if not self._depth:
            raise RuntimeError("audit() outside a write transaction")
        before_d, after_d = _changed_fields(before, after)
        self.conn.execute(
            "INSERT INTO audit_log (at, operator, action, record_type, record_key, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                datetime.now().astimezone().isoformat(timespec="seconds"),
                self.operator,
                action,
                record_type,
                record_key,
                _dump(before_d),
                _dump(after_d),
            ),
        )
        self._audit_rows += 1

    def audit_many(
        self,
        entries: Iterable[
            tuple[str, str, str | None, Mapping[str, Any] | None, Mapping[str, Any] | None]
        ],
    ) -> None:
        """Write many audit rows at once (bulk imports); each entry as for ``audit``."""
        if not self._depth:
            raise RuntimeError("audit_many() outside a write transaction")
        at = datetime.now().astimezone().isoformat(timespec="seconds")
        rows = []
        for action, record_type, record_key, before, after in entries:
            before_d, after_d = _changed_fields(before, after)
            rows.append(
                (
                    at,
                    self.operator,
                    action,
                    record_type,
                    record_key,
                    _dump(before_d),
                    _dump(after_d),
                )
            )
        self.conn.executemany(
            "INSERT INTO audit_log (at, operator, action, record_type, record_key, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self._audit_rows += len(rows)

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default


@contextmanager
def foreign_keys_off(conn: sqlite3.Connection) -> Iterator[None]:
    """Foreign keys not enforced while it lasts (set outside a transaction: inside one it does
    nothing), then as they were."""
    was = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if was else 'OFF'}")


@contextmanager
def _cache_size(conn: sqlite3.Connection, kb: int) -> Iterator[None]:
    was = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{kb}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(was)}")


def _changed_fields(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """For an update keep only the fields that changed; inserts and deletes keep all."""
    if before is None or after is None:
        return (dict(before) if before else None, dict(after) if after else None)
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _dump(value: Mapping[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
