"""``wbz district init``: a new district file with the district's name and a new key, and the
key file the stations need (``wbz init --district-key FILE``)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from wbz_cli.domain import submission
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.printable import printable
from wbz_cli.sheets.output import Target, write_text
from wbz_cli.store.district_db import refuse_existing
from wbz_cli.store.district_session import DistrictStore
from wbz_cli.store.district_submissions import put_district_settings
from wbz_cli.store.session import now_text

NAME_MAX = 50

__all__ = ["NewDistrict", "district_name", "init_district", "refuse_existing"]


@dataclass(frozen=True)
class NewDistrict:
    name: str
    key_id: str
    db_path: Path
    key_path: Path


def district_name(raw: str) -> str:
    name = raw.strip()
    if not name or len(name) > NAME_MAX or printable(name) != name:
        raise InvalidInput(
            f"区县名称“{printable(raw)}”无效：请给出 1 至 {NAME_MAX} 个字符的名称，如 --name 莱阳市"
        )
    return name


def init_district(db_path: Path, operator: str, name: str, key_out: Target) -> NewDistrict:
    """Make the district file at ``db_path`` (refused when a file is there), keep a new key
    in it and write the key file; on any failure the new district file is removed again."""
    name = district_name(name)
    key = submission.new_key()
    key_id = submission.key_id(key)
    store = DistrictStore.open_district(db_path, operator, create=True)
    try:
        with store.write():
            put_district_settings(
                store.conn,
                {"name": name, "key": key.hex(), "key_id": key_id, "created_at": now_text()},
            )
            store.audit("district_init", "district", name, None, {"name": name, "key_id": key_id})
            write_text(key_out, submission.key_text(key, name))
            store.audit(
                "export", "district key", key_out.path.name, None,
                {"file": str(key_out.path), "key_id": key_id},
            )  # fmt: skip
    except BaseException:
        store.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{db_path}{suffix}").unlink()
        raise
    store.close()
    return NewDistrict(name, key_id, Path(db_path), key_out.path)
