"""Every file wbz writes for the user (reports, exports, error rows, filled templates,
backups) goes through here: ``claim`` checks the target before any work is done, and
``staged`` / ``opened`` write it.

``claim`` refuses the database and its -wal/-shm/-journal, every file the command reads and
its template, by resolved path and by (device, inode), so that a symlink or hard link to one
of them is refused too; it refuses a file name whose extension contradicts the content
(``-o x.xlsm`` for a workbook, ``-o x.csv`` for a backup), and an existing file unless the
user confirmed it or gave ``--force``.

The content is written owner-only (0600) to ``.NAME.wbz-PID.tmp`` beside the target and
renamed into place, so a crash or a full disk never leaves half a file where the user
expects a whole one; the temporary file is removed on error, and one left by a killed
process is removed by the next write into the same folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from wbz_cli.domain.errors import InvalidInput

#: What each kind of content may be called. An empty suffix (no extension) is allowed for
#: backups only, whose names are the user's to choose.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "xlsx": (".xlsx",),
    "csv": (".csv",),
    "json": (".json",),
    "db": (".db", ".sqlite", ".sqlite3", ".bak", ".backup", ""),
    "wbzenc": (".wbzenc", ".enc", ".bak", ".backup", ""),
    # an attachment written back out (``wbz attachment export``): its content's own type
    "pdf": (".pdf",),
    "jpeg": (".jpg", ".jpeg"),
    "png": (".png",),
    "docx": (".docx",),
    # the district key (``wbz district init --key-out``): a short text file
    "districtkey": (".key", ".txt"),
    # the station's monthly submission (报送包): any name is taken, .wbzpkg is its own
    "wbzpkg": (".wbzpkg", "*"),
}
#: In a kind's suffixes: any name at all is allowed for that kind.
ANY_SUFFIX = "*"
KIND_NAMES = {"xlsx": "Excel 工作簿", "csv": "CSV 表格", "json": "JSON", "db": "数据库备份",
              "wbzenc": "加密备份", "pdf": "PDF 文件", "jpeg": "JPEG 图片", "png": "PNG 图片",
              "docx": "Word 文档", "districtkey": "区县密钥文件",
              "wbzpkg": "报送包"}  # fmt: skip
SIDECARS = ("-wal", "-shm", "-journal")

#: ``.NAME.wbz-PID.tmp``, and ``.NAME.PID.tmp`` of backups written before this module.
_TEMP = re.compile(r"^\..+\.(?P<new>wbz-)?(?P<pid>\d+)\.tmp$")
#: Earlier versions' exports (``.wbz-XXXXXXXX.xlsx``) and reports (``.NAME.XXXXXXXX.part``)
#: had random names without a PID: theirs are removed once an hour old.
_RANDOM_TEMP = re.compile(r"^(?:\.wbz-[a-z0-9_]{8}\.(?:xlsx|csv)|\..+\.[a-z0-9_]{8}\.part)$")
RANDOM_TEMP_AGE = 3600

#: Asked when the target exists: ``ask(question)`` returns whether to replace it.
Ask = Callable[[str], bool]


@dataclass(frozen=True)
class Protected:
    """A file the command must not write over, and what to call it in the refusal."""

    path: Path
    what: str


@dataclass(frozen=True)
class Target:
    """A checked output, written only through ``staged``/``opened``. A path the user named
    becomes one only through ``claim``; wbz builds one directly only for a new name of its
    own (an automatic backup, the copy kept aside by a restore)."""

    path: Path
    kind: str
    protected: tuple[Protected, ...] = ()

    @property
    def name(self) -> str:
        return self.path.name


def database_files(db_path: Path) -> list[Protected]:
    """The database and the journal files SQLite keeps beside it (also beside the file a
    symlinked database points to)."""
    found = [Protected(Path(db_path), "数据库文件本身")]
    for base in dict.fromkeys((Path(db_path), _resolved(Path(db_path)))):
        found += [Protected(Path(f"{base}{s}"), "数据库的日志文件") for s in SIDECARS]
    return found


def claim(
    path: Path,
    kinds: Sequence[str],
    *,
    protected: Sequence[Protected] = (),
    force: bool = False,
    ask: Ask | None = None,
) -> Target:
    """Check ``path`` as the output of one of ``kinds`` (the one its extension names);
    raise ``InvalidInput`` with the fix, writing nothing. ``ask`` (None: nobody to ask)
    decides on an existing file when ``force`` is not given."""
    path = Path(path)
    for item in protected:
        if _same_file(path, item.path):
            raise InvalidInput(
                f"输出文件不能是{item.what}（{item.path.name}），请换一个路径，未写入任何文件"
            )
    kind = _kind_of(path, kinds)
    if path.is_dir():
        raise InvalidInput(f"{path} 是文件夹，请给出输出文件的路径")
    if not path.parent.is_dir():
        raise InvalidInput(f"目录 {path.parent} 不存在，请先创建或换一个路径")
    if path.exists() and not force:
        question = f"文件 {path} 已存在，替换它吗？"
        if ask is None or not ask(question):
            raise InvalidInput(f"文件 {path} 已存在，未替换：请换一个文件名，或加 --force 替换它")
    return Target(path, kind, tuple(protected))


def _kind_of(path: Path, kinds: Sequence[str]) -> str:
    suffix = path.suffix.lower()
    for kind in kinds:
        if suffix in SUFFIXES[kind] or ANY_SUFFIX in SUFFIXES[kind]:
            return kind
    wanted = list(dict.fromkeys(s for k in kinds for s in SUFFIXES[k] if s and s != ANY_SUFFIX))
    names = "、".join(KIND_NAMES[k] for k in kinds)
    raise InvalidInput(
        f"输出文件“{path.name}”的扩展名与内容（{names}）不符：请以 {' 或 '.join(wanted)} 结尾"
    )


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop: compare it as written
        return path.absolute()


def _same_file(a: Path, b: Path) -> bool:
    if _resolved(a) == _resolved(b):
        return True
    try:
        sa, sb = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def temp_name(target: Path) -> Path:
    """The temporary file beside ``target`` that this process writes before renaming."""
    return target.with_name(f".{target.name}.wbz-{os.getpid()}.tmp")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except (OverflowError, ValueError):  # no process has such a number
        return False
    return True


def _ours(entry: os.DirEntry[str], new_pattern: bool) -> bool:
    """Whether a temporary-looking file is one wbz wrote: the new names say so; an old
    backup's ``.NAME.PID.tmp`` is an (empty or) SQLite or encrypted-backup file."""
    if new_pattern:
        return True
    try:
        with open(entry.path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return head in (b"",) or head.startswith((b"SQLite format 3\x00", b"WBZBAK"))


def _leftover(entry: os.DirEntry[str]) -> bool:
    m = _TEMP.match(entry.name)
    if m is not None:
        return not _alive(int(m.group("pid"))) and _ours(entry, bool(m.group("new")))
    if _RANDOM_TEMP.match(entry.name):
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > RANDOM_TEMP_AGE
    return False


def prune_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files in ``folder`` left by wbz processes that no longer run
    (killed while writing); return them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and _leftover(entry):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def staged(target: Target) -> Iterator[Path]:
    """A new, empty 0600 file beside the target to write into (by path, e.g. for SQLite);
    it replaces the target when the block ends without error, and is removed otherwise."""
    for item in target.protected:  # it might have become one since the claim
        if _same_file(target.path, item.path):
            raise InvalidInput(f"输出文件不能是{item.what}（{item.path.name}），请换一个路径")
    folder = target.path.parent
    prune_temporaries(folder)
    tmp = temp_name(target.path)
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    try:
        yield tmp
        os.chmod(tmp, 0o600)
        os.replace(tmp, target.path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


@contextlib.contextmanager
def opened(target: Target) -> Iterator[IO[bytes]]:
    """A binary file object whose content replaces the target (0600) when the block ends
    without error; on error the target is untouched and nothing is left behind."""
    with staged(target) as tmp, open(tmp, "wb") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def write_text(target: Target, text: str, *, bom: bool = False) -> None:
    """UTF-8 text (with a BOM when Excel is to open it)."""
    with opened(target) as handle:
        handle.write(("\ufeff" if bom else "").encode() + text.encode("utf-8"))


def write_bytes(target: Target, data: bytes) -> None:
    with opened(target) as handle:
        handle.write(data)


def save_with(target: Target, save: Callable[[IO[bytes]], None]) -> None:
    """Run ``save(file)`` (e.g. ``workbook.save``) into the target."""
    with opened(target) as handle:
        save(handle)
