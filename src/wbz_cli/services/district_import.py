"""``wbz district import``: the stations' submission files loaded into the district file,
one submission per station and month. Each file is read (size-limited), decrypted when
encrypted, unpacked with the district's key and checked; a file that cannot be taken is
refused with one line and the others still load. New: inserted; the same content again:
unchanged; other content: it replaces the earlier one, with an audit row saying what
changed. Written in transactions of BATCH_FILES files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wbz_cli.domain import submission as package
from wbz_cli.domain.district_submission import (
    MAX_FILE_BYTES,
    Submission,
    changes,
    check_unpacked_size,
    newer_schema,
    submission_of,
)
from wbz_cli.domain.errors import InvalidInput, WbzError
from wbz_cli.store.district_session import DistrictStore
from wbz_cli.store.district_submissions import (
    put_children,
    put_submission,
    submission_on_file,
)
from wbz_cli.store.encryption import decrypt, is_encrypted
from wbz_cli.store.migrations import available
from wbz_cli.store.session import now_text

#: Files per write transaction: a year's 18,000 files in 36 commits, each some 60 MB.
BATCH_FILES = 500


@dataclass(frozen=True)
class Refused:
    file: str
    reason: str


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
    (once) when an encrypted file comes."""
    key_hex = store.setting("key")
    if not key_hex:
        raise InvalidInput("区县数据库中没有区县密钥：请用 wbz district init 建立区县数据库")
    key = bytes.fromhex(key_hex)
    entries = package_files(paths)
    summary = ImportSummary(files=len(entries))
    secret = _once(passphrase)
    latest = available()[-1]
    for start in range(0, len(entries), BATCH_FILES):
        batch = entries[start : start + BATCH_FILES]
        with store.write():
            for entry in batch:
                if isinstance(entry, Refused):
                    summary.refused.append(entry)
                    continue
                try:
                    data, sub = _read(entry, key, secret, latest)
                except WbzError as exc:
                    summary.refused.append(Refused(str(entry), exc.message))
                    continue
                _load(store, entry, data, sub, summary)
            if start + BATCH_FILES >= len(entries) and summary.taken > summary.unchanged:
                _audit_batch(store, summary)
        advance(len(batch))
    return summary


def _audit_batch(store: DistrictStore, summary: ImportSummary) -> None:
    counts = {k: v for k, v in summary.as_json().items() if k != "refused"}
    store.audit(
        "district_import", "district", None, None, {**counts, "refused": len(summary.refused)}
    )


def _read(
    path: Path, key: bytes, secret: Callable[[], str], latest: str
) -> tuple[bytes, Submission]:
    with open(path, "rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(
            f"文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB，不像 wbz 生成的报送包：未导入"
        )
    if is_encrypted(data[:16]):
        try:
            data = decrypt(data, secret())
        except InvalidInput:
            raise InvalidInput(
                "加密的报送包无法解密（密码不正确或文件已损坏）：请核对密码"
                "（与 wbz restore 相同：提示时输入，或环境变量 WBZ_BACKUP_PASSPHRASE）"
            ) from None
    check_unpacked_size(data)
    sub = submission_of(package.unpack(data, key))
    if newer_schema(sub.schema_version, latest):
        raise InvalidInput(
            f"报送包来自更新版本的 wbz（数据库结构 {sub.schema_version}）：请先升级 wbz 后再导入"
        )
    return data, sub


def _load(
    store: DistrictStore, path: Path, data: bytes, sub: Submission, summary: ImportSummary
) -> None:
    digest = hashlib.sha256(data).hexdigest()
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
        "figures": _json(sub.figures),
        "by_community": _json(sub.by_community),
        "children_count": len(sub.children),
    }
    record = f"{sub.station_id} {sub.month}"
    submission_id = put_submission(store.conn, values, earlier["id"] if earlier else None)
    put_children(store.conn, _child_rows(submission_id, sub))
    if earlier is None:
        summary.loaded += 1
        store.audit(
            "submission_import", "submission", record, None,
            {"station_name": sub.station_name, "month": sub.month, "file": path.name,
             "children_count": len(sub.children)},
        )  # fmt: skip
        return
    summary.replaced += 1
    before, after = changes(
        json.loads(earlier["figures"]), sub.figures, earlier["children_count"], len(sub.children)
    )
    store.audit(
        "submission_replace", "submission", record,
        {"file": earlier["file_name"], "created_at": earlier["created_at"], **before},
        {"file": path.name, "created_at": sub.created_at, **after},
    )  # fmt: skip


def _child_rows(
    submission_id: int, sub: Submission
) -> Iterable[tuple[int, str, str, str, str | None]]:
    return [(submission_id, *c) for c in sub.children]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
