"""One row of another department's list (低保、特困、残疾证、在押人员、辍学 ...): a person.

``parse_list_row`` turns the raw cells into a ``ListPerson`` (valid ID number, age on the
matching day, and what the list says about them) or raises InvalidInput with the reason in
Chinese, which the match reports as a row that could not be matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from wbz_cli.domain.children import ADULT_AGE, normalise_name
from wbz_cli.domain.enums import Category
from wbz_cli.domain.errors import InvalidInput, WbzError
from wbz_cli.domain.idnumber import IdInfo, parse_id_number
from wbz_cli.domain.match_report import KIND_CATEGORY, ListKind
from wbz_cli.domain.roster import cell_text, roster_date

#: A status cell saying the person's entitlement or certificate has ended.
ENDED_WORDS = (
    "注销",
    "失效",
    "过期",
    "作废",
    "停保",
    "退保",
    "取消",
    "停发",
    "无效",
    "撤销",
    "终止",
)
SELF_RELATIONS = frozenset({"本人", "户主", "申请人", "本人(户主)", "户主本人"})
_NAME_AND_ID = frozenset({"name", "id_number"})
_TEXT_LIMITS = {"relation": 20, "community": 100, "school": 100, "notes": 200}
_ENDED = re.compile("|".join(ENDED_WORDS))
_GRADE = re.compile(r"([1-4一二三四壹贰叁肆])\s*级|^\s*([1-4一二三四])\s*$")
_GRADE_VALUE = {"一": 1, "二": 2, "三": 3, "四": 4, "壹": 1, "贰": 2, "叁": 3, "肆": 4}


@dataclass(slots=True)  # not frozen: 50,000 of them are made at once
class ListPerson:
    """A valid row of a department's list."""

    row: int
    name: str
    info: IdInfo
    age: int
    head: str | None = None
    head_id_number: str | None = None
    relation: str | None = None
    community: str | None = None
    grade: int | None = None  # disability grade 1-4
    ended: bool = False  # the list's status column says the entitlement has ended
    status: str | None = None
    detained_on: date | None = None
    school: str | None = None
    notes: str | None = None

    @property
    def is_child(self) -> bool:
        return self.age < ADULT_AGE


def disability_grade(value: object) -> int | None:
    """``一级`` / ``1级`` / ``二级（重度）`` / ``3`` -> 1..4; None when blank or unreadable."""
    text = cell_text(value)
    if not text:
        return None
    m = _GRADE.search(text)
    if not m:
        return None
    digit = m.group(1) or m.group(2)
    return int(digit) if digit.isdigit() else _GRADE_VALUE[digit]


def status_ended(value: object) -> bool:
    return _ended(cell_text(value))


@lru_cache(maxsize=1024)  # a list repeats a handful of statuses 50,000 times
def _ended(text: str) -> bool:
    return bool(text) and _ENDED.search(text) is not None


def parse_list_row(row: int, cells: Mapping[str, object], on: date) -> ListPerson:
    """Validate one row; raise InvalidInput with why it cannot be matched."""
    return list_row_parser({key: i for i, key in enumerate(cells)}, on)(row, list(cells.values()))


def list_row_parser(
    columns: Mapping[str, int], on: date
) -> Callable[[int, Sequence[object]], ListPerson]:
    """``parse_list_row`` for rows as the sheet gives them (lists of cells), with where each
    field is (``columns``: field key -> 0-based column) worked out once for 50,000 rows; a
    column past the end of a short row is blank."""
    id_at, name_at = columns.get("id_number"), columns.get("name")
    others = tuple((key, i) for key, i in columns.items() if key not in _NAME_AND_ID)
    on_year, on_day = on.year, (on.month, on.day)

    def parse(row: int, raw: Sequence[object]) -> ListPerson:
        width = len(raw)
        value = None if id_at is None else raw[id_at] if id_at < width else ""
        info = parse_id_number(value)
        birth = info.birth_date
        if birth > on:
            raise InvalidInput(
                f"身份证号中的出生日期 {birth.isoformat()} 晚于核对日期 {on.isoformat()}，"
                "请核对号码"
            )
        name = None if name_at is None else raw[name_at] if name_at < width else ""
        person = ListPerson(
            row,
            normalise_name(name if type(name) is str else cell_text(name)),
            info,
            on_year - birth.year - (on_day < (birth.month, birth.day)),  # age_on(birth, on)
        )
        for key, i in others:  # only the columns the list has
            value = raw[i] if i < width else ""
            if value is None or value == "":
                continue
            text = (value if type(value) is str else cell_text(value)).replace("\u3000", " ")
            text = text.strip()
            if not text:
                continue
            text = text[:200]
            if key == "head":
                person.head = normalise_name(text) or None
            elif key == "head_id_number":
                with suppress(WbzError):  # the person's own number is what is matched
                    person.head_id_number = parse_id_number(text).number
            elif key == "detained_on":
                with suppress(WbzError):  # an unreadable date: the row is still matched
                    person.detained_on = roster_date(value, "入狱日期")
            elif key == "certificate_status":
                person.status = text[:20]
                person.ended = _ended(text)  # text is already stripped: status_ended(text)
            elif key == "disability_grade":
                person.grade = disability_grade(text)
            elif key in _TEXT_LIMITS:
                setattr(person, key, text[: _TEXT_LIMITS[key]])
        return person

    return parse


def raw_id_text(cells: Mapping[str, object]) -> str:
    """The ID cell as the user sees it, for the rows that could not be matched."""
    return cell_text(cells.get("id_number"))


def family_member(p: ListPerson) -> bool:
    """The row is a household member of the list's person (户主), not that person."""
    if p.relation and p.relation not in SELF_RELATIONS:
        return True
    if p.head_id_number and p.head_id_number != p.info.number:
        return True
    return bool(p.head) and p.head != p.name


def candidate_category(kind: ListKind, p: ListPerson) -> Category | None:
    """The category an unregistered child on the list may belong to."""
    if kind is ListKind.DETENTION and family_member(p):
        return Category.DE_FACTO_UNSUPPORTED
    return KIND_CATEGORY[kind]


def candidate_reason(kind: ListKind, p: ListPerson) -> str | None:
    """Why an unregistered child on the list may qualify; None when the list says not."""
    head = f"（户主：{p.head}）" if p.head and p.head != p.name else ""
    if kind is ListKind.DETENTION and family_member(p):
        who = p.head or "户主"
        return (
            f"{who}在押/服刑，其子女可能属于事实无人抚养儿童"
            "（父母双方均无法履行抚养义务满 6 个月等），请核实另一方监护情况"
        )
    if kind is ListKind.LOWINCOME:
        return f"低保/低收入家庭儿童{head}，可能属于困难儿童"
    if kind is ListKind.EXTREME_POVERTY:
        return f"特困供养家庭儿童{head}，可能属于困难儿童；请核实是否孤儿或事实无人抚养"
    if kind is ListKind.DISABILITY:
        if p.ended:
            return None
        grade = f"{p.grade} 级" if p.grade else "等级未填"
        return f"持残疾证（{grade}），可能属于残疾儿童（困境儿童·自身残疾）"
    if kind is ListKind.DETENTION:
        return "未成年人在押/服刑名单中，需关注并核实监护和帮教情况"
    if kind is ListKind.DROPOUT:
        school = f"（{p.school}）" if p.school else ""
        return f"辍学{school}，需核实并跟进劝返复学"
    return "其他部门名单中的儿童，请核实是否需要关注"


def unmatched_row(row: int, name: str, raw_id: str, reason: str) -> dict[str, Any]:
    return {"row": row, "name": name, "id_number": raw_id, "reason": reason}
