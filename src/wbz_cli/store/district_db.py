"""Opening the district's file (区县汇总数据库): as the station's (``store/db``) owner-only,
WAL, foreign keys, busy timeout and its own migrations (``store/district_migrations``), and
a separate kind of file: its header's application id is ``DISTRICT_APPLICATION_ID``. A
station's file, or any other file, is refused before anything is written to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from wbz_cli.store.db import (
    APPLICATION_ID,
    DISTRICT_APPLICATION_ID,
    _ask_for_wal,
    _create_private,
    _tighten_mode,
)
from wbz_cli.store.sqlite_file import (
    BUSY_TIMEOUT_MS,
    SQLITE_MAGIC,
    StoreError,
    explain_sqlite_error,
)

#: The district file's name when the global ``--db`` is not given.
DEFAULT_NAME = "district.db"


def open_district(path: Path, *, create: bool = False) -> sqlite3.Connection:
    """The district file at ``path``, opened and migrated. ``create`` (``wbz district
    init``): the file must not exist yet (or be empty) and is made with mode 0600;
    otherwise it must be a district file already."""
    path = Path(path)
    if create:
        refuse_existing(path)
        _create_private(path)
    else:
        _refuse_not_district(path)
        _tighten_mode(path)
    try:
        conn = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
            check_same_thread=False,
        )  # fmt: skip
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _refuse_code_and_newer(conn, path)
        if _ask_for_wal(conn) not in ("wal", None):
            conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        from wbz_cli.store.district_migrations import migrate

        migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(explain_sqlite_error(exc, path)) from None
    return conn


def file_kind(path: Path) -> str | None:
    """What the file at ``path`` is, by its header: "district", "station", "sqlite"
    (another program's, or an old station file without an application id), "empty",
    "other" (not SQLite); None when there is no file."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"无法读取 {path}：{exc.strerror}") from None
    if not head:
        return "empty"
    if not head.startswith(SQLITE_MAGIC):
        return "other"
    app = int.from_bytes(head[68:72], "big")
    if app == DISTRICT_APPLICATION_ID:
        return "district"
    if app == APPLICATION_ID:
        return "station"
    return "sqlite"


STATION_REFUSAL = (
    "{path} 这是未保站数据库，不是区县汇总数据库，文件未被改动："
    "区县命令请用 --db 指定区县数据库（由 wbz district init 创建），未保站的数据请用 wbz 的其他命令"
)


def refuse_existing(path: Path) -> None:
    """Refuse to make a district file where a file (other than an empty one) is."""
    kind = file_kind(path)
    if kind in (None, "empty"):
        return
    if kind == "district":
        raise StoreError(f"区县数据库 {path} 已存在，未做任何修改：请换一个 --db 路径")
    if kind == "station":
        raise StoreError(STATION_REFUSAL.format(path=path))
    raise StoreError(f"{path} 已存在且不是区县数据库，文件未被改动：请换一个 --db 路径")


def _refuse_not_district(path: Path) -> None:
    kind = file_kind(path)
    if kind == "district":
        return
    if kind in (None, "empty"):
        raise StoreError(
            f"区县数据库 {path} 不存在：请先运行 wbz district init --name 区县名 "
            "--key-out 密钥文件，或用 --db 指定区县数据库"
        )
    if kind == "station":
        raise StoreError(STATION_REFUSAL.format(path=path))
    raise StoreError(
        f"{path} 不是区县汇总数据库，文件未被改动：请用 --db 指定 wbz district init 创建的文件"
    )


def _refuse_code_and_newer(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a district file carrying a trigger or view (its migrations make none, so any is
    another program's code that would run inside wbz's writes), or migrations this version
    does not know (a newer wbz wrote it)."""
    from wbz_cli.store.district_migrations import newer

    code = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name"
    ).fetchall()
    later = newer(conn)
    if not code and not later:
        return
    conn.close()
    if later:
        raise StoreError(f"区县数据库 {path} 来自更新版本的 wbz：请先升级 wbz，文件未被改动")
    names = "、".join(str(r[1]) for r in code)
    raise StoreError(
        f"区县数据库 {path} 含有 wbz 没有创建的触发器或视图（{names}），为安全起见拒绝打开，"
        "文件未被改动"
    )
