"""Backing up and restoring the database file, with an audit row for each."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.sheets import output
from wbz_cli.sheets.output import Ask, Target
from wbz_cli.store import backup as files
from wbz_cli.store.db import refuse_other_program
from wbz_cli.store.district_backup import DISTRICT, kind_of
from wbz_cli.store.district_db import file_kind
from wbz_cli.store.district_session import DistrictStore
from wbz_cli.store.session import Store


def resolve_out(
    out: Path, db_path: Path, encrypted: bool, *, force: bool, ask: Ask | None
) -> Target:
    """``OUT`` as a file (a folder gets a new dated file name inside it), claimed as the
    backup's output: never the database or its journals, an existing file only with
    ``force`` or when ``ask`` says yes."""
    out = Path(out)
    if out.is_dir():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        suffix = "wbzenc" if encrypted else "db"
        name, n = f"{Path(db_path).stem}-{stamp}", 1
        out = out / f"{name}.{suffix}"
        while out.exists():
            n += 1
            out = out.with_name(f"{name}-{n}.{suffix}")
    kinds = ("wbzenc",) if encrypted else ("db",)
    return output.claim(out, kinds, protected=output.database_files(db_path), force=force, ask=ask)


def backup(store: Store, out: Target, passphrase: str | None) -> dict[str, Any]:
    """Write a consistent copy of the open database (a station's or a district's) to
    ``out``; logged in its audit log. ``kind``: "station" or "district"; the rows the user is
    told of under the key ``children`` or ``submissions``."""
    size = files.write_backup(store.conn, out, passphrase)
    kind = kind_of(store.conn)
    done = {
        "path": str(out.path),
        "encrypted": passphrase is not None,
        "bytes": size,
        "kind": kind.name,
        kind.counted: files.count_rows(store.conn, kind),
    }
    with store.write():
        store.audit("backup", "database", str(out.path), None, done)
    return done


@dataclass
class Candidate:
    """A backup read into memory and verified, ready to replace the database."""

    source: Path
    image: sqlite3.Connection
    checked: files.Verified

    def summary(self) -> dict[str, Any]:
        """Its kind ("station" or "district") and its rows under ``children`` or
        ``submissions``, as ``backup`` and ``apply_restore`` report them."""
        kind = DISTRICT if self.checked.kind == DISTRICT.name else files.STATION
        return {"kind": kind.name, kind.counted: self.checked.records}


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
        checked = files.verify(image, encrypted, kind_of(image))
    except BaseException:
        image.close()
        raise
    return Candidate(Path(source), image, checked)


#: Restoring one kind of file's backup onto the other kind of file.
STATION_ONTO_DISTRICT = (
    "{source} 是未保站数据库的备份，{db} 是区县汇总数据库：不能用它恢复，文件未被改动；"
    "恢复未保站数据库请用 --db 指定未保站数据库"
)
DISTRICT_ONTO_STATION = (
    "{source} 是区县汇总数据库的备份，{db} 是未保站数据库：不能用它恢复，文件未被改动；"
    "恢复区县数据库请用 --db 指定区县数据库（如 --db district.db）"
)
DISTRICT_ONTO_OTHER = (
    "{db} 不是区县汇总数据库（是其他程序或旧版 wbz 的 SQLite 数据库），文件未被改动："
    "恢复区县数据库请用 --db 指定区县数据库"
)


def refuse_other_kind(db_path: Path, candidate: Candidate) -> None:
    """Refuse to put the verified copy in place of another kind of file: a station's backup
    onto a district's file or the other way round, or onto another program's SQLite file.
    No file, an empty one or a damaged one (not SQLite) is what a restore makes or mends."""
    found = file_kind(Path(db_path))
    names = {"source": candidate.source, "db": db_path}
    if candidate.checked.kind != DISTRICT.name:
        if found == "district":
            raise InvalidInput(STATION_ONTO_DISTRICT.format(**names))
        refuse_other_program(Path(db_path))
    elif found == "station":
        raise InvalidInput(DISTRICT_ONTO_STATION.format(**names))
    elif found == "sqlite":
        raise InvalidInput(DISTRICT_ONTO_OTHER.format(**names))


def apply_restore(db_path: Path, candidate: Candidate, operator: str) -> dict[str, Any]:
    """Replace ``db_path`` with the verified copy, keeping the replaced file aside."""
    try:
        refuse_other_kind(Path(db_path), candidate)
        aside = files.replace_database(Path(db_path), candidate.image)
    finally:
        candidate.image.close()
    store = (
        DistrictStore.open_district(Path(db_path), operator)
        if candidate.checked.kind == DISTRICT.name
        else Store.open(Path(db_path), operator, create=False)
    )
    try:
        done = {
            "from": str(candidate.source),
            "encrypted": candidate.checked.encrypted,
            **candidate.summary(),
            "replaced": str(aside) if aside else None,
        }
        with store.write():
            store.audit("restore", "database", str(db_path), None, done)
    finally:
        store.close()
    return done
