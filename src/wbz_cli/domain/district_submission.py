"""What the district takes from a station's submission (``domain/submission``'s body): the
body's fields checked, one Chinese line for what is wrong; and what changed between two
submissions of the same station and month (the audit row of a resubmission)."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from wbz_cli.domain.submission import SubmissionError, checked_body

#: A submission file on disk, and its content once decompressed (a station of 5,000
#: children writes some 200 KB, 1.5 MB decompressed).
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_BODY_BYTES = 200 * 1024 * 1024
#: A file this small unpacks to at most some 64 MB (deflate's ratio is at most 1032:1).
SMALL_FILE_BYTES = 64 * 1024

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


#: A listed child: (hash, the station's code for the child, categories ';'-joined, risk).
ListedChild = tuple[str, str, str, str | None]
_HEX = re.compile(r"[0-9a-f]*")
_DECODER = json.JSONDecoder()

#: The children's list as ``submission.pack`` writes it (keys sorted, compact; categories and
#: risk as wbz's keys, the child's code without quotes or escapes) is checked by this pattern
#: and its fields read by ``_CHILD_FIELDS`` rather than parsed as JSON into a dict per child:
#: a body read and checked in 1.17 ms CPU instead of 2.56 (25 s of a district's year of 18,000
#: files). Any other form is parsed as JSON and checked field by field (``_children``).
_CHILD_AS_WRITTEN = (
    r'\{"categories":\[(?:"[a-z_]+"(?:,"[a-z_]+")*)?\],"child":"[^"\\\x00-\x1f]+",'
    r'"hash":"[0-9a-f]{64}","risk":(?:null|"[a-z_]+")\}'
)
_CHILDREN_AS_WRITTEN = re.compile(rf"\[(?:{_CHILD_AS_WRITTEN}(?:,{_CHILD_AS_WRITTEN})*)?\]")
_CHILD_FIELDS = re.compile(
    r'\{"categories":\[([^\]]*)\],"child":"([^"]*)","hash":"([^"]*)","risk":(?:null|"([^"]*)")\}'
)


class _ListAsWritten(list[ListedChild]):
    """``body["children"]`` when the pattern checked the list: its children, read from its
    text by ``_children_as_written``."""


@dataclass(frozen=True)
class Submission:
    station_id: str
    station_name: str
    month: str
    as_of: str | None
    created_at: str | None
    tool_version: str | None
    schema_version: str | None
    figures: dict[str, Any]
    children_count: int
    #: the listed children as a JSON array of [hash, child, categories, risk]: sent from a
    #: worker and stored as one text, not as tuples (-8% CPU)
    children_json: str
    #: figures and by_community as the district file stores them (compact JSON text)
    figures_json: str
    by_community_json: str


def check_unpacked_size(data: bytes) -> None:
    """Refuse a compressed file that would unpack to more than MAX_BODY_BYTES (a file made to
    fill the memory), before it is unpacked whole. A file of up to SMALL_FILE_BYTES cannot
    unpack to more than about a thousand times its size, and is not looked into twice."""
    if len(data) <= SMALL_FILE_BYTES:
        return
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            size = len(fh.read(MAX_BODY_BYTES + 1))
    except (OSError, EOFError, zlib.error):
        return  # unpack says the file is damaged
    if size > MAX_BODY_BYTES:
        raise SubmissionError(
            f"报送包解压后超过 {MAX_BODY_BYTES // (1024 * 1024)} MB，不像 wbz 生成的文件：未导入"
        )


def newer_schema(schema_version: str | None, latest: str) -> bool:
    """Whether the station's file had migrations this version does not know (names sort in
    the order they run)."""
    return isinstance(schema_version, str) and schema_version > latest


def parsed_body(text: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The body's text parsed (checked as ``submission.unpack`` checks it), and the text of
    each of its top-level values as the file has it: figures and by_community are stored
    as they came rather than encoded again (-20% CPU of an import)."""
    try:
        body, values = _top_level(text)
    except (json.JSONDecodeError, StopIteration, IndexError, TypeError):
        try:  # not the compact form the station writes
            return checked_body(json.loads(text)), {}
        except json.JSONDecodeError:
            raise SubmissionError(
                "报送包已损坏（内容无法读取）：请让未保站重新生成并发送"
            ) from None
    return checked_body(body), values


def _top_level(text: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The compact JSON object ``text`` parsed one top-level value at a time, each
    value's text kept. JSONDecodeError (or IndexError, TypeError) when it is not compact."""
    if text[:2] != '{"':
        raise TypeError(text[:2])
    body: dict[str, Any] = {}
    values: dict[str, str] = {}
    pos = 1
    while True:
        key, pos = _DECODER.raw_decode(text, pos)
        if not isinstance(key, str) or text[pos] != ":":
            raise TypeError(key)
        as_written = _CHILDREN_AS_WRITTEN.match(text, pos + 1) if key == "children" else None
        if as_written:
            end = as_written.end()
            body[key] = _ListAsWritten(_children_as_written(text[pos + 1 : end]))
        else:
            body[key], end = _DECODER.raw_decode(text, pos + 1)
        values[key] = text[pos + 1 : end]
        if text[end] == "}" and end == len(text) - 1:
            return body, values
        if text[end] != ",":
            raise TypeError(text[end])
        pos = end + 1


def submission_of(body: dict[str, Any], texts: Mapping[str, str] | None = None) -> Submission:
    """The body's fields checked; SubmissionError naming the first one wrong. ``texts``:
    its top-level values' text as ``parsed_body`` gives it."""
    station = body.get("station")
    if not isinstance(station, dict):
        _incomplete("station")
    station_id, name = station.get("id"), station.get("name")
    if not isinstance(station_id, str) or not station_id.strip():
        _incomplete("station.id")
    if not isinstance(name, str) or not name.strip():
        _incomplete("station.name")
    month = body.get("month")
    if not isinstance(month, str) or not _MONTH.match(month):
        _incomplete("month")
    figures, by_community = body.get("figures"), body.get("by_community")
    if not isinstance(figures, dict):
        _incomplete("figures")
    if not isinstance(by_community, dict):
        _incomplete("by_community")
    listed = body.get("children")
    if not isinstance(listed, list):
        _incomplete("children")
    return Submission(
        station_id=station_id.strip(),
        station_name=name.strip(),
        month=month,
        as_of=_text_or_none(body, "as_of"),
        created_at=_text_or_none(body, "created_at"),
        tool_version=_text_or_none(body, "tool_version"),
        schema_version=_text_or_none(body, "schema_version"),
        figures=figures,
        **_children_json(_children(listed)),
        **_stored_json(figures, by_community, texts or {}),
    )


def _children_json(children: list[ListedChild]) -> dict[str, Any]:
    return {"children_count": len(children), "children_json": _json(children)}


def _stored_json(
    figures: dict[str, Any], by_community: dict[str, Any], texts: Mapping[str, str]
) -> dict[str, Any]:
    """figures_json and by_community_json: the file's own text when the file was written as
    the station writes it (its figures' text is theirs encoded again), else encoded."""
    stored = _json(figures)
    own = texts.get("by_community", "\\u")
    if figures and texts.get("figures") == stored and "\\u" not in own:
        return {"figures_json": stored, "by_community_json": own}
    return {"figures_json": stored, "by_community_json": _json(by_community)}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _children_as_written(text: str) -> list[ListedChild]:
    """The children of a list ``_CHILDREN_AS_WRITTEN`` matched, as ``_children`` gives them."""
    return [
        (child_hash, code, categories.replace('"', "").replace(",", ";"), risk or None)
        for categories, code, child_hash, risk in _CHILD_FIELDS.findall(text)
    ]


def _children(listed: list[Any]) -> list[ListedChild]:
    """The listed children, each hash once (the first listing kept). A year of a district
    lists some 6 million: each field is taken and checked for all children at once."""
    if isinstance(listed, _ListAsWritten):
        return _each_hash_once(listed)
    if not listed:
        return []
    try:
        fields = [(i["hash"], i["child"], i["categories"], i["risk"]) for i in listed]
        hashes, codes, categories, risks = (list(column) for column in zip(*fields, strict=True))
        if set(map(len, hashes)) != {64}:
            _incomplete("children 的 hash")
        if not _HEX.fullmatch("".join(hashes)):
            _incomplete("children 的 hash")
        if not set(map(type, codes)) <= {str} or not min(map(len, codes)):
            _incomplete("children 的 child")
        if not set(map(type, risks)) <= {str, type(None)}:
            _incomplete("children 的 risk")
        if not set(map(type, categories)) <= {list}:
            _incomplete("children 的 categories")
        if not set(map(type, itertools.chain.from_iterable(categories))) <= {str}:
            _incomplete("children 的 categories")
        joined = [";".join(c) for c in categories]
    except (TypeError, KeyError, AttributeError):
        _incomplete("children")
    return _each_hash_once(list(zip(hashes, codes, joined, risks, strict=True)))


def _each_hash_once(rows: list[ListedChild]) -> list[ListedChild]:
    """``rows`` with each hash once, its first listing kept."""
    if len({row[0] for row in rows}) == len(rows):
        return rows
    first: dict[str, ListedChild] = {}
    for row in rows:
        first.setdefault(row[0], row)
    return list(first.values())


def _text_or_none(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str | int):
        _incomplete(key)
    return str(value)


def _incomplete(field: str) -> NoReturn:
    raise SubmissionError(f"报送包内容不完整（{field} 缺失或格式不对）：请让未保站重新生成并发送")


def changes(
    old_figures: dict[str, Any], new_figures: dict[str, Any], old_children: int, new_children: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(before, after) of a resubmission: each figure that changed (a key gone is None
    after, a new key None before) and the number of children listed when it changed."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in sorted(set(old_figures) | set(new_figures)):
        old, new = old_figures.get(key), new_figures.get(key)
        if old != new:
            before[f"figures.{key}"], after[f"figures.{key}"] = old, new
    if old_children != new_children:
        before["children_count"], after["children_count"] = old_children, new_children
    return before, after
