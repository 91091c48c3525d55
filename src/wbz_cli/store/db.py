"""Opening the database file: owner-only mode, WAL, foreign keys, busy timeout, migrations."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from wbz_cli.store.sqlite_file import (
    BUSY_TIMEOUT_MS,
    SQLITE_MAGIC,
    StoreError,
    explain_sqlite_error,
)

#: SQLite's application id of a wbz file ("wbz1"), set by migration m0802.
APPLICATION_ID = int.from_bytes(b"wbz1", "big")
#: SQLite's application id of a district's file ("wbzD", ``store/district_db``): a separate
#: kind of file that station commands refuse, and the other way round.
DISTRICT_APPLICATION_ID = int.from_bytes(b"wbzD", "big")

T = TypeVar("T")


def connect(path: Path, *, create: bool = True, inspect: bool = False) -> sqlite3.Connection:
    """Open (creating with mode 0600 if allowed) and migrate the database at ``path``.

    A file carrying a trigger or view the migrations did not create is refused; ``inspect``
    (``wbz doctor``) opens it nonetheless, to report it, and then leaves it unmigrated."""
    from wbz_cli.store.migrations import migrate

    path = Path(path)
    if not path.exists():
        if not create:
            raise StoreError(f"数据库文件 {path} 不存在，请先运行 wbz init 或用 --db 指定文件")
        _create_private(path)
    else:
        _refuse_foreign(path)
        _tighten_mode(path)
    try:
        conn = sqlite3.connect(
            str(path),
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        foreign = _foreign_code(conn, path, refuse=not inspect)
        mode = _ask_for_wal(conn)
        if mode not in ("wal", None) and not path.name.startswith(":"):
            conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        if not foreign:  # a migration's writes would run the foreign triggers
            migrate(conn, before_change=_keep_a_copy)
    except sqlite3.DatabaseError as exc:
        raise StoreError(explain_sqlite_error(exc, path)) from None
    return conn


def _keep_a_copy(conn: sqlite3.Connection) -> None:
    """An existing file is about to change shape: keep a copy in ``backups/`` first."""
    from wbz_cli.store.backup import auto_backup

    auto_backup(conn, "migrate")


def _foreign_code(conn: sqlite3.Connection, path: Path, *, refuse: bool) -> bool:
    """Whether the file holds a trigger or view the migrations did not create (or one they
    did, changed): such code would run inside wbz's own writes. Refused when ``refuse``."""
    from wbz_cli.store.schema_check import foreign_code, newer, summary

    found = foreign_code(conn)
    if found and refuse:
        from_newer = newer(conn)
        conn.close()
        if from_newer:
            raise StoreError(
                f"数据库 {path} 来自更新版本的 wbz（含本版本不认识的表结构）：请先升级 wbz"
            )
        raise StoreError(
            f"数据库 {path} 含有 wbz 没有创建的触发器或视图：{summary(found)}。"
            "文件可能被其他程序改动过，为安全起见拒绝打开，未做任何修改："
            "请运行 wbz doctor 查看，或用 wbz restore 从备份恢复"
        )
    return bool(found)


def _refuse_foreign(path: Path) -> None:
    """Refuse an existing file that is not a wbz database (not SQLite at all, or another
    program's SQLite file, such as a browser's history) before anything is written to it:
    no WAL switch, no migration, no change of mode. An empty file, or an SQLite file without
    tables, is a new database. The header's application id tells a wbz file (and a file of
    another program that sets one); a file without one, made before m0802, is looked into."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError:
        return  # the opening below explains what is wrong with the path
    if not head:
        return
    if not head.startswith(SQLITE_MAGIC):
        raise StoreError(
            f"{path} 不是有效的 wbz 数据库或已损坏（不是 SQLite 文件），文件未被改动："
            "请检查 --db 路径，或用 wbz restore 从备份恢复"
        )
    tables = _refuse_other_program(path, head)
    if tables:
        _refuse_changed_tables(path, wal=head[18:20] == b"\x02\x02")


def refuse_other_program(path: Path) -> None:
    """Refuse to replace ``path`` (``wbz restore``) when it is another program's SQLite file;
    a damaged file, or a wbz file with a changed schema, is what a restore mends."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError:
        return
    if head.startswith(SQLITE_MAGIC):
        _refuse_other_program(path, head)


def _refuse_other_program(path: Path, head: bytes) -> set[str] | None:
    """Refuse an SQLite file whose header names another program, or without wbz's
    ``schema_migrations``; the tables of a file without an application id (None for a wbz
    file, or one that cannot be read so)."""
    app = int.from_bytes(head[68:72], "big")
    if app == APPLICATION_ID:
        return None
    if app == DISTRICT_APPLICATION_ID:
        raise StoreError(
            f"{path} 这是区县汇总数据库，不是未保站数据库，文件未被改动："
            "请用 wbz district 命令打开它（未保站的数据库由 wbz init 创建）"
        )
    tables = None if app else _peek_tables(path, wal=head[18:20] == b"\x02\x02")
    if app or (tables and "schema_migrations" not in tables):
        raise StoreError(
            f"{path} 是其他程序的 SQLite 数据库，不是 wbz 数据库，文件未被改动："
            "请检查 --db 路径（wbz 的数据库由 wbz init 创建）"
        )
    return tables


def _refuse_changed_tables(path: Path, *, wal: bool) -> None:
    """A file made before m0802 (no application id) is a wbz file only when its tables are
    what the migrations it records made: a fake ``schema_migrations`` beside other tables,
    or a table missing a column, would be migrated (and switched to WAL) and then fail."""
    from wbz_cli.store.schema_check import compare, summary

    def changed(conn: sqlite3.Connection) -> str | None:
        try:
            found = compare(conn, ("table",))
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                return None  # the ordinary opening waits for the writer
            return "schema_migrations"
        return summary(found) if found else None

    found = _peek(path, changed, wal=wal)
    if found:
        raise StoreError(
            f"{path} 不是 wbz 数据库，或被其他程序改动过：表结构与 wbz 创建的不一致"
            f"（{found}），文件未被改动：请检查 --db 路径，或用 wbz restore 从备份恢复"
        )


def _peek_tables(path: Path, *, wal: bool) -> set[str] | None:
    """The file's table names, read without writing anything; None when it cannot be read so
    (damaged, or locked by a writer): the ordinary opening then deals with it."""
    rows = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return _peek(path, lambda conn: {str(r[0]) for r in conn.execute(rows)}, wal=wal)


def _peek(path: Path, look: Callable[[sqlite3.Connection], T], *, wal: bool) -> T | None:
    """``look`` at the file through a connection that writes nothing; None when it cannot be
    read so (damaged, or locked by a writer).

    A WAL file without its ``-wal`` has nothing outside the file, and a read-only connection
    would create the ``-wal`` and ``-shm``: it is read as immutable. Otherwise a read-only
    connection writes nothing to a rollback-journal file, and only the existing ``-shm`` of
    a WAL file in use."""
    immutable = wal and not Path(f"{path}-wal").exists()
    uri = path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=0)
        try:
            return look(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None


def _ask_for_wal(conn: sqlite3.Connection) -> str | None:
    """Put the file in WAL mode; the mode it is in, or None when another connection is writing
    it with a rollback journal (a bulk import, ``rollback_journal``): this connection then
    works in that mode, waiting for the file's locks as usual, and the next opening asks
    for WAL again."""
    try:
        return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc).lower():
            raise
        return None


@contextmanager
def rollback_journal(conn: sqlite3.Connection) -> Iterator[None]:
    """Outside a transaction, for one very large write (a province's roster): the database in
    rollback-journal mode while it lasts, then in WAL again.

    SQLite's documentation says WAL "works best with smaller transactions" and that "for
    transactions larger than about 100 megabytes, traditional rollback journal modes will
    likely be faster" (sqlite.org/wal.html). A 100,000-child import writes some 100 MB of new
    pages: in WAL mode each is written to the log, given a checksum, and copied into the file
    again at the checkpoint; with a journal, a new page is written once and only the pages
    that held data before are copied to the journal. Both are as safe: the commit is atomic,
    and a journal left by a crash is rolled back at the next opening.

    The switch needs the file to itself: while another connection has it open, the write
    stays in WAL mode. Every opening asks for WAL again (``connect``), so a failed switch
    back is mended by the next command."""
    switched = False
    if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        # "database is locked" when another connection has the file open: it stays in WAL
        with suppress(sqlite3.OperationalError):
            switched = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    try:
        yield
    finally:
        if switched:  # another connection may have opened the file since: connect() mends it
            with suppress(sqlite3.OperationalError):
                conn.execute("PRAGMA journal_mode = WAL")


def _create_private(path: Path) -> None:
    if path.parent and not path.parent.exists():
        raise StoreError(f"目录 {path.parent} 不存在，请先创建或换一个 --db 路径")
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError(f"无法创建数据库文件 {path}：{exc.strerror}") from None
    os.close(fd)


def _tighten_mode(path: Path) -> None:
    """Children's data: the file is readable by its owner only."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077 and os.access(path, os.W_OK):
            os.chmod(path, mode & 0o700)
    except OSError:
        pass
