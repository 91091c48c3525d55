"""The district's key on the station's side (issue 21): set once with ``wbz init
--district-key FILE`` and kept in the station's settings, or given for one run by the
environment variable WBZ_DISTRICT_KEY (a key or the path of a key file), which wins. The
key's value is never printed nor audited: the audit row names its ``key_id`` only.

Also the station's own id (``station_id``, a uuid4): made the first time a submission
needs it, never changed, and kept in the file, so a backup restored keeps it."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from wbz_cli.domain import submission
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.store.session import Store
from wbz_cli.store.settings import DISTRICT_KEY as KEY_SETTING
from wbz_cli.store.settings import put_settings

STATION_ID_SETTING = "station_id"
#: A key file is two short lines; anything much bigger is not one.
KEY_FILE_LIMIT = 4096


def read_key_file(path: Path, what: str) -> bytes:
    """The key in the key file at ``path``; one Chinese line if it cannot be read."""
    try:
        if path.is_dir():
            raise InvalidInput(f"{what} {path} 是文件夹：请给出区县发来的密钥文件")
        with path.open("rb") as handle:
            data = handle.read(KEY_FILE_LIMIT + 1)
    except FileNotFoundError:
        raise InvalidInput(f"{what} {path} 不存在：请给出区县发来的密钥文件") from None
    except OSError as exc:
        raise InvalidInput(f"{what} {path} 无法读取（{exc.strerror}）") from None
    return key_of_text(data, what)


def key_of_text(data: bytes, what: str) -> bytes:
    """The key in a key file's bytes (UTF-8, a BOM allowed)."""
    if len(data) > KEY_FILE_LIMIT:
        raise InvalidInput(f"{what} 不是区县密钥文件（文件太大）：请给出区县发来的密钥文件")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"{what} 不是区县密钥文件（不是文本）：请给出区县发来的密钥文件"
        ) from None
    return submission.parse_key(text)


def set_district_key(store: Store, key: bytes) -> str:
    """Keep ``key`` in the settings; audited by its key id only. Returns the key id."""
    key_id = submission.key_id(key)
    with store.write() as conn:
        old = store.setting(KEY_SETTING)
        before = {"key_id": submission.key_id(submission.parse_key(old))} if old else None
        put_settings(conn, {KEY_SETTING: key.hex()})
        after = {"note": "区县密钥已设置", "key_id": key_id}
        store.audit("init", "settings", KEY_SETTING, before, after)
    return key_id


def district_key(store: Store) -> bytes | None:
    """The key in force: the environment variable's, else the one set, else None."""
    value = os.environ.get(submission.KEY_ENV, "").strip()
    if value:
        return _env_key(value)
    stored = store.setting(KEY_SETTING)
    return submission.parse_key(stored) if stored else None


def _env_key(value: str) -> bytes:
    what = f"环境变量 {submission.KEY_ENV}"
    try:
        return submission.parse_key(value)
    except InvalidInput:
        pass
    path = Path(value)
    try:
        found = path.is_file()
    except (OSError, ValueError):
        found = False
    if not found:
        raise InvalidInput(
            f"{what} 既不是区县密钥，也不是存在的密钥文件：请设为区县密钥文件的路径，或取消该变量"
        )
    return read_key_file(path, what)


def station_id(store: Store) -> str:
    """The station's id, made (and audited) the first time it is asked for."""
    found = store.setting(STATION_ID_SETTING)
    if found:
        return found
    with store.write() as conn:
        found = store.setting(STATION_ID_SETTING)
        if found:
            return found
        made = str(uuid.uuid4())
        put_settings(conn, {STATION_ID_SETTING: made})
        store.audit("init", "settings", STATION_ID_SETTING, None, {STATION_ID_SETTING: made})
    return made
