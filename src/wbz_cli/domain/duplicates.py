"""Possible duplicate children and merging two files' periods, as pure rules.

Two children on file are possibly the same person when their names agree after folding
width and dropping spaces and middle dots, and their birth dates agree (the ID numbers must
differ: the register refuses the same number twice). Merging B into A joins their case
periods and each category's periods where they overlap or touch, so that A never has two
open periods of the same kind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from wbz_cli.domain.errors import RuleViolation

_SPACES = re.compile(r"[\s\u00a0\u200b\u3000·・•.．]+")


def name_key(name: str | None) -> str:
    """Names compared for duplicates: width folded (NFKC), spaces and middle dots removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name or "")).casefold()


def duplicate_groups(rows: Iterable[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows (``name``, ``birth_date``, ``code`` ...) grouped by name key and birth date;
    only groups of two or more, in order of their first code."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((name_key(row["name"]), row["birth_date"]), []).append(row)
    found = [sorted(g, key=lambda r: r["code"]) for g in groups.values() if len(g) > 1]
    return sorted(found, key=lambda g: g[0]["code"])


@dataclass(frozen=True)
class Period:
    """[start, end) with end None while open; ``tag`` is the reason it ended."""

    start: str
    end: str | None
    tag: str | None = None
    extra: str | None = None  # e.g. a category's subtype


def union_periods(periods: Sequence[Period]) -> list[Period]:
    """Join periods that overlap or touch; the end (and its reason) of the latest-ending one."""
    out: list[Period] = []
    for p in sorted(periods, key=lambda p: p.start):
        if out and (out[-1].end is None or p.start <= out[-1].end):
            last = out[-1]
            longer = p if last.end is not None and (p.end is None or p.end > last.end) else last
            out[-1] = Period(last.start, longer.end, longer.tag, last.extra or p.extra)
        else:
            out.append(p)
    return out


def check_same_person(a: dict[str, Any], b: dict[str, Any], force: bool) -> None:
    """Refuse to merge two children whose ID numbers give different births or genders."""
    if a["id"] == b["id"]:
        raise RuleViolation(f"{a['code']} 和 {b['code']} 是同一名儿童（可能已合并），无需合并")
    if force:
        return
    differ = []
    if a["birth_date"] != b["birth_date"]:
        differ.append(f"出生日期（{a['birth_date']} 与 {b['birth_date']}）")
    if a["gender"] != b["gender"]:
        differ.append("性别")
    if differ:
        raise RuleViolation(
            f"{a['code']} 和 {b['code']} 的身份证号所含{'、'.join(differ)}不同，可能不是同一人；"
            "确认是同一人（如其中一个号码登记错误）时请加 --force"
        )
