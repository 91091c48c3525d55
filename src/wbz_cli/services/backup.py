"""Backing up and restoring the database file, with an audit row for each."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.store import backup as files
from wbz_cli.store.session import Store


def resolve_out(out: Path, db_path: Path, encrypted: bool) -> Path:
    """``OUT`` as a file; a folder gets a dated file name inside it."""
    out = Path(out)
    if out.is_dir():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        out = out / f"{Path(db_path).stem}-{stamp}.{'wbzenc' if encrypted else 'db'}"
    companions = (Path(f"{db_path}{suffix}") for suffix in ("-wal", "-shm", "-journal"))
    if _same(out, db_path) or any(_same(out, path) for path in companions):
        raise InvalidInput("备份文件不能是数据库文件本身，请换一个路径")
    if not out.parent.is_dir():
        raise InvalidInput(f"目录 {out.parent} 不存在，请先创建或换一个路径")
    return out


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == Path(b).resolve()
    except OSError:
        return False


def backup(store: Store, out: Path, passphrase: str | None) -> dict[str, Any]:
    """Write a consistent copy of the open database to ``out``; logged in the audit log."""
    size = files.write_backup(store.conn, out, passphrase)
    children = store.conn.execute("SELECT count(*) FROM children").fetchone()[0]
    done = {
        "path": str(out),
        "encrypted": passphrase is not None,
        "bytes": size,
        "children": int(children),
    }
    with store.write():
        store.audit("backup", "database", str(out), None, done)
    return done


@dataclass
class Candidate:
    """A backup read into memory and verified, ready to replace the database."""

    source: Path
    image: sqlite3.Connection
    checked: files.Verified


def prepare_restore(source: Path, ask_passphrase: Callable[[], str]) -> Candidate:
    """Read ``source`` (decrypting if needed) and verify it; nothing on disk changes."""
    from wbz_cli.store.encryption import is_encrypted

    try:
        with open(source, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        raise InvalidInput(f"备份文件 {source} 不存在，请检查路径") from None
    except IsADirectoryError:
        raise InvalidInput(f"{source} 是文件夹，请给出备份文件的路径") from None
    passphrase = ask_passphrase() if is_encrypted(head) else None
    data, encrypted = files.load(source, passphrase)
    image = files.open_image(data)
    try:
        checked = files.verify(image, encrypted)
    except BaseException:
        image.close()
        raise
    return Candidate(Path(source), image, checked)


def apply_restore(db_path: Path, candidate: Candidate, operator: str) -> dict[str, Any]:
    """Replace ``db_path`` with the verified copy, keeping the replaced file aside."""
    try:
        aside = files.replace_database(Path(db_path), candidate.image)
    finally:
        candidate.image.close()
    store = Store.open(Path(db_path), operator, create=False)
    try:
        done = {
            "from": str(candidate.source),
            "encrypted": candidate.checked.encrypted,
            "children": candidate.checked.children,
            "replaced": str(aside) if aside else None,
        }
        with store.write():
            store.audit("restore", "database", str(db_path), None, done)
    finally:
        store.close()
    return done
