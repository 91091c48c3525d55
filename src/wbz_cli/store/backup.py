"""Copies of the database: backups (plain or encrypted), automatic backups, verified restores.

Every copy is taken with SQLite's online backup API in one step, so it is a consistent
snapshot even while another process writes (WAL readers never block writers). Plain copies
are written to a temporary file beside the target and renamed into place; encrypted copies
are made in memory, so no unencrypted copy ever touches the disk. Every file is 0600.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.sheets import output
from wbz_cli.sheets.output import Target
from wbz_cli.store.sqlite_file import (
    BUSY_TIMEOUT_MS,
    SQLITE_MAGIC,
    StoreError,
    explain_sqlite_error,
)

#: How many automatic backups to keep per database file (env WBZ_AUTO_BACKUPS overrides).
AUTO_KEEP = 10
BACKUP_DIR = "backups"
_AUTO_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(-\d+)?-(?P<reason>[a-z_]+)\.db$")


def _open_source(
    source: Path | sqlite3.Connection, mode: str = "rw"
) -> tuple[sqlite3.Connection, bool]:
    if isinstance(source, sqlite3.Connection):
        return source, False
    uri = Path(source).resolve().as_uri() + f"?mode={mode}"  # never creates; escapes ?#%
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn, True


def snapshot(source: Path | sqlite3.Connection, mode: str = "rw") -> bytes:
    """The whole database as bytes of a rollback-journal SQLite file, taken in one step."""
    conn, owned = _open_source(source, mode)
    try:
        memory = sqlite3.connect(":memory:")
        try:
            conn.backup(memory)
            data = bytearray(memory.serialize())
        finally:
            memory.close()
    finally:
        if owned:
            conn.close()
    if len(data) >= 20:
        data[18:20] = b"\x01\x01"  # not WAL: a standalone file (and one deserialize accepts)
    return bytes(data)


def write_private(target: Target, data: bytes) -> None:
    output.write_bytes(target, data)


def copy_to_file(source: Path | sqlite3.Connection, target: Target) -> None:
    """A consistent plain copy of ``source`` at ``target`` (0600, rollback journal)."""
    conn, owned = None, False
    try:
        conn, owned = _open_source(source)
        with output.staged(target) as tmp:
            dest = sqlite3.connect(tmp)
            try:
                conn.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(explain_sqlite_error(exc, target.path)) from None
    finally:
        if owned and conn is not None:
            conn.close()


def write_backup(source: Path | sqlite3.Connection, out: Target, passphrase: str | None) -> int:
    """Write a backup of ``source`` to ``out`` (claimed by ``sheets.output.claim``);
    encrypted when a passphrase is given."""
    if passphrase is None:
        copy_to_file(source, out)
    else:
        from wbz_cli.store.encryption import encrypt

        try:
            data = snapshot(source)
        except sqlite3.DatabaseError as exc:
            raise StoreError(explain_sqlite_error(exc, out.path)) from None
        write_private(out, encrypt(data, passphrase))
    return out.path.stat().st_size


# -- automatic backups ------------------------------------------------------------------------


def backup_dir(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / BACKUP_DIR


def _db_file(conn: sqlite3.Connection) -> Path | None:
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None


def has_data(conn: sqlite3.Connection) -> bool:
    """Whether the database holds anything worth keeping (any child, any audited write)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return any(
        conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() is not None
        for t in ("children", "audit_log", "households")
        if t in tables
    )


def auto_backup(
    source: Path | sqlite3.Connection, reason: str, keep: int | None = None
) -> Path | None:
    """Keep a plain copy in ``backups/`` beside the database before a risky change.

    ``reason`` is a short key (``migrate``, ``import``, ``restore``) put in the file name.
    Returns the new file, or None when the database is missing, in memory or empty. The
    folder is 0700 and only the last ``keep`` automatic copies of this database are kept.
    """
    if isinstance(source, sqlite3.Connection):
        db_path = _db_file(source)
        conn: sqlite3.Connection | None = source
    else:
        db_path = Path(source)
        conn = None
    if db_path is None or not db_path.exists():
        return None
    owned = None
    try:
        if conn is None:
            owned = conn = _open_source(db_path)[0]
        if not has_data(conn):
            return None
        folder = backup_dir(db_path)
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = folder / f"{db_path.stem}-{stamp}-{reason}.db"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{db_path.stem}-{stamp}-{n}-{reason}.db"
        copy_to_file(conn, Target(target, "db"))  # a new name of its own: nothing to claim
    except (OSError, sqlite3.DatabaseError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) else exc.__class__.__name__
        raise StoreError(
            f"无法在修改前自动备份数据库（{detail}）：请检查 {db_path.parent} 是否可写，"
            "本次操作未做任何修改"
        ) from None
    finally:
        if owned is not None:
            owned.close()
    prune(db_path, keep if keep is not None else _keep())
    return target


def _keep() -> int:
    try:
        return max(1, int(os.environ.get("WBZ_AUTO_BACKUPS", AUTO_KEEP)))
    except ValueError:
        return AUTO_KEEP


def auto_backups(db_path: Path) -> list[Path]:
    """This database's automatic backups, oldest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        m = _AUTO_NAME.match(path.name)
        if m and m.group("stem") == Path(db_path).stem:
            found.append((m.group("stamp"), path.stat().st_mtime_ns, path))
    return [p for _, _, p in sorted(found)]


def prune(db_path: Path, keep: int) -> None:
    for old in auto_backups(db_path)[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()


# -- verifying and restoring ------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A kind of wbz file, as a copy of it must be to be restored: its tables, the package of
    its migrations and the table whose rows the user is told of (children; a district
    file's submissions, ``store/district_backup``)."""

    name: str
    tables: frozenset[str]
    migrations: str
    counted: str


STATION = Kind(
    "station",
    frozenset({"schema_migrations", "children", "audit_log"}),
    "wbz_cli.store.migrations",
    "children",
)


@dataclass(frozen=True)
class Verified:
    records: int  # rows of the kind's ``counted`` table
    migrations: int
    encrypted: bool
    kind: str = STATION.name


def load(path: Path, passphrase: str | None = None) -> tuple[bytes, bool]:
    """The SQLite bytes in a backup file (decrypted if needed), and whether it was encrypted."""
    from wbz_cli.store.encryption import decrypt, is_encrypted

    if Path(path).exists() and not Path(path).is_file():  # a device or pipe may never end
        raise InvalidInput(f"{path} 不是 wbz 备份文件（不是普通文件），请换一份")
    try:
        blob = Path(path).read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"备份文件 {path} 不存在，请检查路径") from None
    if is_encrypted(blob):
        if passphrase is None:
            raise InvalidInput(
                "这是加密备份，需要密码：请设置 WBZ_BACKUP_PASSPHRASE 或在提示时输入"
            )
        return decrypt(blob, passphrase), True
    if not blob.startswith(SQLITE_MAGIC):
        raise InvalidInput(f"{path} 不是 wbz 备份文件（既不是数据库也不是加密备份），请换一份")
    if Path(f"{path}-wal").exists():  # a copied live file: its last commits are in the -wal
        try:
            return snapshot(Path(path), "ro"), False
        except sqlite3.DatabaseError:
            raise InvalidInput("备份文件已损坏，无法读取：请换一份备份") from None
    data = bytearray(blob)
    data[18:20] = b"\x01\x01"
    return bytes(data), False


def open_image(data: bytes) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    try:
        conn.deserialize(data)
    except sqlite3.DatabaseError:
        conn.close()
        raise InvalidInput("备份文件已损坏，无法读取：请换一份备份") from None
    return conn


def verify(conn: sqlite3.Connection, encrypted: bool = False, kind: Kind = STATION) -> Verified:
    """Refuse a copy that is damaged, breaks foreign keys, or is not a wbz file of ``kind``."""
    import importlib

    bad = "备份文件未通过检查（{}），不能用来恢复：请换一份备份，当前数据库未被修改"
    try:
        check = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            raise InvalidInput(bad.format("数据页损坏"))
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise InvalidInput(bad.format("存在指向不存在记录的数据"))
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not kind.tables <= tables:
            raise InvalidInput(bad.format("不是 wbz 数据库"))
        names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations")]
        records = count_rows(conn, kind)
    except sqlite3.DatabaseError:
        raise InvalidInput(bad.format("无法读取")) from None
    unknown = sorted(set(names) - set(importlib.import_module(kind.migrations).available()))
    if unknown:
        raise InvalidInput(
            f"备份来自更新版本的 wbz（含未知的表结构 {unknown[0]}）：请先升级 wbz 再恢复"
        )
    if not names:
        raise InvalidInput(bad.format("不是 wbz 数据库：没有记录任何表结构版本"))
    refuse_foreign_schema(conn, kind.migrations)
    return Verified(records, len(names), encrypted, kind.name)


def count_rows(conn: sqlite3.Connection, kind: Kind) -> int:
    """The rows of ``kind``'s counted table in the open file: children, or submissions."""
    return int(conn.execute(f"SELECT count(*) FROM {kind.counted}").fetchone()[0])


def refuse_foreign_schema(conn: sqlite3.Connection, package: str = STATION.migrations) -> None:
    """A copy is restored only when its schema is, object by object, what the migrations
    it records (of ``package``) create: a foreign trigger would run inside wbz's writes, a
    missing column would fail them later."""
    from wbz_cli.store.schema_check import TYPES, compare, summary

    try:
        found = compare(conn, tuple(TYPES), package)
    except sqlite3.DatabaseError:
        raise InvalidInput(
            "备份文件未通过检查（无法读取表结构），不能用来恢复：请换一份备份"
        ) from None
    if found:
        raise InvalidInput(
            f"备份文件的表结构与 wbz 创建的不一致，不能用来恢复：{summary(found)}。"
            "请换一份可信的备份，当前数据库未被修改"
        )


def replaced_name(db_path: Path, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = Path(f"{db_path}.replaced-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = Path(f"{db_path}.replaced-{stamp}-{n}")
    return target


def replace_database(db_path: Path, image: sqlite3.Connection) -> Path | None:
    """Put the verified ``image`` in place of ``db_path``; the old file is kept aside first."""
    aside = None
    if db_path.exists():
        aside = replaced_name(db_path)
        try:
            copy_to_file(db_path, Target(aside, "db"))
        except (StoreError, sqlite3.DatabaseError):
            # The current file is damaged: keep its bytes as they are, then start afresh.
            _copy_raw(db_path, aside)
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{db_path}{suffix}").unlink()
    try:
        if not db_path.exists():
            fd = os.open(db_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        dest = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dest.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            dest.execute("PRAGMA journal_mode = WAL")
            image.backup(dest)
        finally:
            dest.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(explain_sqlite_error(exc, db_path)) from None
    return aside


def _copy_raw(db_path: Path, aside: Path) -> None:
    write_private(Target(aside, "db"), db_path.read_bytes())
    wal = Path(f"{db_path}-wal")
    if wal.exists():
        write_private(Target(Path(f"{aside}-wal"), "db"), wal.read_bytes())
