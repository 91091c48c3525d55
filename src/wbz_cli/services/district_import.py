"""``wbz district import``: the stations' submission files loaded into the district file,
one submission per station and month. Each file is read and checked
(``services/district_read``); a file that cannot be taken is refused with one line and the
others still load. New: inserted; the same content again:
unchanged; other content: it replaces the earlier one, with an audit row saying what
changed. Written in transactions of BATCH_FILES files."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wbz_cli.domain import submission as package
from wbz_cli.domain.district_submission import changes
from wbz_cli.domain.errors import InvalidInput, WbzError
from wbz_cli.services.district_read import Checked, Refused, Unchanged, checked_files
from wbz_cli.store.district_session import DistrictStore
from wbz_cli.store.district_submissions import (
    put_children,
    put_submission,
    submission_digests,
    submission_on_file,
)
from wbz_cli.store.encryption import MAGIC, is_encrypted
from wbz_cli.store.migrations import available
from wbz_cli.store.session import now_text

#: Files per write transaction: a year's 18,000 files in 36 commits, each some 60 MB.
BATCH_FILES = 500


@dataclass
class ImportSummary:
    files: int = 0
    loaded: int = 0  # new (station, month) submissions
    replaced: int = 0  # an earlier submission replaced by other content
    unchanged: int = 0  # the same content again
    refused: list[Refused] = field(default_factory=list)

    @property
    def taken(self) -> int:
        return self.loaded + self.replaced + self.unchanged

    def as_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "loaded": self.loaded,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "refused": [{"file": r.file, "reason": r.reason} for r in self.refused],
        }


def package_files(paths: Sequence[Path]) -> list[Path | Refused]:
    """The files named, in the order given, a folder standing for its ``*.wbzpkg`` files (in
    name order), each file once; a path that names nothing to load is refused in its place."""
    found: dict[Path, Path | Refused] = {}
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir() if p.suffix.lower() == package.SUFFIX and p.is_file()
            )
            if not inside:
                found[path.absolute()] = Refused(str(path), f"文件夹里没有 {package.SUFFIX} 报送包")
            for p in inside:
                found.setdefault(p.resolve(), p)
        elif path.is_file():
            found.setdefault(path.resolve(), path)
        else:
            found[path.absolute()] = Refused(str(path), "文件不存在：请检查路径")
    return list(found.values())


def import_packages(
    store: DistrictStore,
    paths: Sequence[Path],
    passphrase: Callable[[], str],
    advance: Callable[[int], None] = lambda n: None,
) -> ImportSummary:
    """Load the submission files ``paths`` (files or folders); ``passphrase()`` is asked
    once, before anything is written, when any file is encrypted (``_asked_first``)."""
    key_hex = store.setting("key")
    if not key_hex:
        raise InvalidInput("区县数据库中没有区县密钥：请用 wbz district init 建立区县数据库")
    key = bytes.fromhex(key_hex)
    entries = package_files(paths)
    summary = ImportSummary(files=len(entries))
    on_file = submission_digests(store.conn)
    secret = _asked_first(entries, passphrase)
    checked = checked_files(entries, key, available()[-1], secret, on_file)
    with store.bulk_load():
        for start in range(0, len(entries), BATCH_FILES):
            count = min(BATCH_FILES, len(entries) - start)
            with store.write():
                for result in itertools.islice(checked, count):
                    if isinstance(result, Refused):
                        summary.refused.append(result)
                    elif isinstance(result, Unchanged):
                        summary.unchanged += 1
                    else:
                        _load(store, result, summary)
                if start + count >= len(entries) and summary.taken > summary.unchanged:
                    _audit_batch(store, summary)
            advance(count)
    return summary


def _audit_batch(store: DistrictStore, summary: ImportSummary) -> None:
    counts = {k: v for k, v in summary.as_json().items() if k != "refused"}
    store.audit(
        "district_import", "district", None, None, {**counts, "refused": len(summary.refused)}
    )


def _load(store: DistrictStore, checked: Checked, summary: ImportSummary) -> None:
    path, digest, sub = checked.path, checked.sha256, checked.submission
    earlier = submission_on_file(store.conn, sub.station_id, sub.month)
    if earlier is not None and earlier["file_sha256"] == digest:
        summary.unchanged += 1
        return
    values = {
        "station_id": sub.station_id,
        "station_name": sub.station_name,
        "month": sub.month,
        "as_of": sub.as_of,
        "created_at": sub.created_at,
        "imported_at": now_text(),
        "file_name": path.name,
        "file_sha256": digest,
        "tool_version": sub.tool_version,
        "schema_version": sub.schema_version,
        "figures": sub.figures_json,
        "by_community": sub.by_community_json,
        "children_count": sub.children_count,
    }
    record = f"{sub.station_id} {sub.month}"
    submission_id = put_submission(store.conn, values, earlier["id"] if earlier else None)
    put_children(store.conn, submission_id, sub.children_json)
    if earlier is None:
        summary.loaded += 1
        store.audit(
            "submission_import", "submission", record, None,
            {"station_name": sub.station_name, "month": sub.month, "file": path.name,
             "children_count": sub.children_count},
        )  # fmt: skip
        return
    summary.replaced += 1
    before, after = changes(
        json.loads(earlier["figures"]), sub.figures, earlier["children_count"], sub.children_count
    )
    store.audit(
        "submission_replace", "submission", record,
        {"file": earlier["file_name"], "created_at": earlier["created_at"], **before},
        {"file": path.name, "created_at": sub.created_at, **after},
    )  # fmt: skip


def _asked_first(entries: Sequence[Path | Refused], ask: Callable[[], str]) -> Callable[[], str]:
    """``ask`` once for all the files (``_once``), and asked now, before the first write
    transaction, if any file is encrypted: the clerk typing the passphrase must not hold the
    district file's write lock. A refusal (no passphrase typed) is kept: each encrypted file
    is then refused with its line, as a wrong passphrase is when the file is read."""
    secret = _once(ask)
    if any(isinstance(entry, Path) and _starts_encrypted(entry) for entry in entries):
        with contextlib.suppress(WbzError):
            secret()
    return secret


def _starts_encrypted(path: Path) -> bool:
    """Whether the file begins as an encrypted one (its first bytes only: some 11 us a
    file, 0.2 s for a year's 18,000). A file that cannot be read is refused when it is."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        return is_encrypted(os.read(fd, len(MAGIC)))
    except OSError:
        return False
    finally:
        os.close(fd)


def _once(ask: Callable[[], str]) -> Callable[[], str]:
    """``ask`` called the first time only; its answer (or its refusal) kept."""
    kept: list[str | WbzError] = []

    def once() -> str:
        if not kept:
            try:
                kept.append(ask())
            except WbzError as exc:
                kept.append(exc)
        value = kept[0]
        if isinstance(value, WbzError):
            raise value
        return value

    return once
