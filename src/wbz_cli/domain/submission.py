"""The station's monthly submission to its district (报送包) as a file: the one format both
sides share (issue 21). The station writes it (``wbz report monthly --format package``), the
district reads it (``wbz district import``).

The file is gzip-compressed UTF-8 JSON, an envelope around the body kept as a string, so
that its checksum and seal are over exact bytes::

    {"format": "wbz-submission", "version": 1, "key_id": "…", "body_sha256": "…",
     "seal": "…", "body": "{…}"}

- ``body_sha256``: SHA-256 of the body's UTF-8 bytes; a damaged file fails it.
- ``key_id``: which district key sealed it (an HMAC of a fixed text, never the key).
- ``seal``: HMAC-SHA256 of the body's bytes with the district key: a file changed by hand
  after it was written (its checksum recomputed) fails it. A station without the district
  key writes neither ``key_id`` nor ``seal`` and no children: no key, no list.

The body (a dict) is built by the station and read by the district; its keys are listed in
``BODY_KEYS``. Each child of ``children`` is ``{"hash", "child", "categories", "risk"}``:
``hash`` is ``child_hash(key, id_number)``, never the ID number itself.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
import secrets
import zlib
from typing import Any

from wbz_cli.domain.errors import InvalidInput

FORMAT = "wbz-submission"
VERSION = 1
SUFFIX = ".wbzpkg"
KEY_ENV = "WBZ_DISTRICT_KEY"
KEY_BYTES = 32
#: What a file may unpack to: a station of 5,000 children writes some 1.5 MB. The same limit
#: as ``district_submission.MAX_BODY_BYTES`` (which imports this module, so cannot be
#: imported here; tests/cli/test_district_unpack_limit.py checks that they agree).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_KEY_ID_TEXT = b"wbz district key id v1"
_KEY_FILE_HEADER = "# wbz 区县密钥"

#: The body's keys: station {id, name, district}, month "YYYY-MM", as_of (last day counted),
#: created_at, tool_version, schema_version (the station's latest migration), figures (the
#: report's flat key -> value), by_community (community -> key -> value), children (list).
BODY_KEYS = (
    "station",
    "month",
    "as_of",
    "created_at",
    "tool_version",
    "schema_version",
    "figures",
    "by_community",
    "children",
)


class SubmissionError(InvalidInput):
    """A file that cannot be taken as this district's submission."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def key_text(key: bytes, district: str) -> str:
    """The key file's text (``wbz district init --key-out``)."""
    return f"{_KEY_FILE_HEADER}：{district}（请妥善保管，只交给本区县的未保站）\n{key.hex()}\n"


def parse_key(text: str) -> bytes:
    """A district key from a key file's text or a bare value (64 hexadecimal characters);
    comment lines (``#``) are skipped."""
    lines = [
        ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")
    ]
    value = "".join(lines)
    try:
        key = bytes.fromhex(value)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise InvalidInput(
            "区县密钥格式不对：应为区县用 wbz district init --key-out 生成的密钥文件"
            f"（{KEY_BYTES * 2} 位十六进制字符）"
        )
    return key


def key_id(key: bytes) -> str:
    """A name for the key that does not reveal it: the first 16 hex digits of an HMAC."""
    return hmac.new(key, _KEY_ID_TEXT, hashlib.sha256).hexdigest()[:16]


def child_hash(key: bytes, id_number: str) -> str:
    """The child's pseudonym in submissions: HMAC-SHA256 of the ID number (upper case, no
    spaces) with the district key. The same child has the same hash in every station of the
    district, and none outside it."""
    normal = "".join(id_number.split()).upper()
    return hmac.new(key, normal.encode("ascii"), hashlib.sha256).hexdigest()


def pack(body: dict[str, Any], key: bytes | None) -> bytes:
    """The file's bytes for ``body``; sealed with ``key`` (None: no seal, and the body must
    have no children)."""
    missing = [k for k in BODY_KEYS if k not in body]
    if missing:
        raise ValueError(f"submission body lacks {missing}")
    if key is None and body["children"]:
        raise ValueError("children are only written with a district key")
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    raw = text.encode("utf-8")
    envelope = {
        "format": FORMAT,
        "version": VERSION,
        "key_id": key_id(key) if key is not None else None,
        "body_sha256": hashlib.sha256(raw).hexdigest(),
        "seal": hmac.new(key, raw, hashlib.sha256).hexdigest() if key is not None else None,
        "body": text,
    }
    data = json.dumps(envelope, ensure_ascii=False).encode("utf-8")
    return gzip.compress(data, compresslevel=6, mtime=0)


def is_submission(head: bytes) -> bool:
    """Whether the file's first bytes may be a plain submission (gzip)."""
    return head[:2] == b"\x1f\x8b"


def unpack(data: bytes, key: bytes | None) -> dict[str, Any]:
    """The body of a submission, checked: its format, its checksum and, with ``key``, that
    this district's key sealed it. Raises SubmissionError with one Chinese line."""
    return checked_body(json.loads(sealed_text(data, key)))


def checked_body(body: Any) -> dict[str, Any]:
    """``body`` (the parsed body text) if it is a dict with every key of BODY_KEYS."""
    if not isinstance(body, dict) or any(k not in body for k in BODY_KEYS):
        raise SubmissionError("报送包已损坏（内容不完整）：请让未保站重新生成并发送")
    return body


def sealed_text(data: bytes, key: bytes | None) -> str:
    """The body's text of a submission, checked as ``unpack`` checks it (not yet parsed); a
    file that would unpack to more than MAX_UNPACKED_BYTES (one made to fill the memory) is
    refused when the limit is reached, not unpacked whole."""
    try:
        envelope = json.loads(_unpacked(data, MAX_UNPACKED_BYTES).decode("utf-8"))
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError):
        raise SubmissionError(
            "不是 wbz 报送包，或文件已损坏（无法解压读取）：请让未保站重新生成并发送"
        ) from None
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise SubmissionError("不是 wbz 报送包：请检查文件")
    version = envelope.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise SubmissionError("报送包来自更新版本的 wbz，本版本无法读取：请先升级 wbz")
    text = envelope.get("body")
    if not isinstance(text, str):
        raise SubmissionError("报送包已损坏（缺少内容）：请让未保站重新生成并发送")
    raw = text.encode("utf-8")
    if envelope.get("body_sha256") != hashlib.sha256(raw).hexdigest():
        raise SubmissionError("报送包已损坏（校验和不符）：请让未保站重新生成并发送")
    if key is not None:
        sealed_by = envelope.get("key_id")
        if sealed_by is None:
            raise SubmissionError(
                "报送包没有用区县密钥封存：请让未保站用 wbz init --district-key 设置密钥后重新生成"
            )
        if sealed_by != key_id(key):
            raise SubmissionError("报送包不属于本区县（区县密钥不同）：未导入")
        seal = hmac.new(key, raw, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(str(envelope.get("seal") or ""), seal):
            raise SubmissionError(
                "报送包内容在生成后被改动过（封签不符）：未导入，请让未保站重新发送"
            )
    return text


def _unpacked(data: bytes, limit: int) -> bytes:
    """The gzip file's content, as ``gzip.decompress`` gives it (every member, zero padding
    between them skipped, each member's CRC and length checked by zlib), in one pass that
    stops at ``limit`` bytes: past it, one Chinese line. A damaged file raises zlib.error or
    EOFError."""
    members: list[bytes] = []
    size = 0
    while data or not members:
        member = zlib.decompressobj(wbits=31)  # 31: one gzip member, header and trailer
        content = member.decompress(data, limit + 1 - size)
        size += len(content)
        if size > limit:
            raise SubmissionError(
                f"报送包解压后超过 {limit // (1024 * 1024)} MB，不像 wbz 生成的文件："
                "未读取，请让未保站重新生成并发送"
            )
        if not member.eof:
            raise EOFError("truncated")
        members.append(content)
        data = member.unused_data.lstrip(b"\x00")
    return b"".join(members)
