"""The match report as a workbook: one sheet per section, Chinese headers, ID numbers as
text (masked unless revealed), control and bidi characters of the list made visible,
formula-like text kept as text; writing it is logged like every export."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from wbz_cli.domain.enums import Category, Gender, GuardianSituation
from wbz_cli.domain.printable import printable
from wbz_cli.domain.privacy import mask_id
from wbz_cli.sheets.output import Target
from wbz_cli.sheets.writer import Sheet, write_sheets
from wbz_cli.store.session import Store

_CATEGORY = {c.value: c.label for c in Category}
_GENDER = {g.value: g.label for g in Gender}
_SITUATION = {s.value: s.label for s in GuardianSituation}
_ACTION = {
    "add": "新增类别",
    "end": "结束类别",
    "review": "核实",
    "follow_up": "跟进",
    "situation": "监护人状况",
}

# (sheet, section key, [(header, key, display)], ID column index)
SECTIONS: tuple[tuple[str, str, Sequence[tuple[str, str, Any]]], ...] = (
    (
        "未登记儿童",
        "candidates",
        (
            ("行号", "row", None),
            ("姓名", "name", None),
            ("身份证号码", "id_number", None),
            ("性别", "gender", _GENDER),
            ("出生日期", "birth_date", None),
            ("年龄", "age", None),
            ("可能类别", "category", _CATEGORY),
            ("原因", "reason", None),
            ("户主", "head", None),
            ("社区", "community", None),
            ("学校", "school", None),
        ),
    ),
    (
        "在册儿童变化建议",
        "changes",
        (
            ("序号", "no", None),
            ("行号", "row", None),
            ("儿童编号", "code", None),
            ("姓名", "name", None),
            ("建议", "action", _ACTION),
            ("类别", "category", _CATEGORY),
            ("监护人状况", "situation", _SITUATION),
            ("原因", "reason", None),
        ),
    ),
    (
        "监护人",
        "guardians",
        (
            ("行号", "row", None),
            ("姓名", "name", None),
            ("身份证号码", "id_number", None),
            ("家庭编号", "household", None),
            ("关系", "relation", None),
            ("在册儿童", "children", None),
            ("现状况", "situation", _SITUATION),
            ("建议状况", "proposed_situation", _SITUATION),
            ("说明", "note", None),
        ),
    ),
    (
        "无法匹配",
        "unmatched",
        (
            ("行号", "row", None),
            ("姓名", "name", None),
            ("身份证号码", "id_number", None),
            ("原因", "reason", None),
        ),
    ),
)


def _cell(value: Any, key: str, display: Any, reveal: bool) -> Any:
    """The cell as the user reads it; text from the list goes through ``printable`` as on
    screen and in --errors files (formulas are the writer's guard)."""
    shown = _value(value, key, display, reveal)
    return printable(shown, keep_lines=True) if isinstance(shown, str) else shown


def _value(value: Any, key: str, display: Any, reveal: bool) -> Any:
    if value is None:
        return ""
    if key == "id_number":
        return str(value) if reveal else mask_id(str(value))
    if isinstance(value, list):
        return "、".join(map(str, value))
    if display is not None:
        return display.get(value, value)
    return value


def _rows(
    items: list[dict[str, Any]], columns: Sequence[tuple[str, str, Any]], reveal: bool
) -> Iterator[list[Any]]:
    for item in items:
        yield [_cell(item.get(key), key, display, reveal) for _, key, display in columns]


def write_report(store: Store, out: Target, data: dict[str, Any], reveal: bool, source: str) -> int:
    sheets = [
        Sheet(
            name,
            [h for h, _, _ in columns],
            _rows(data[key], columns, reveal),
            text_columns=[i for i, (_, k, _) in enumerate(columns) if k == "id_number"],
        )
        for name, key, columns in SECTIONS
    ]
    count = write_sheets(out, sheets)
    with store.write():
        store.audit(
            "export",
            "match",
            source,
            None,
            {"file": out.name, "rows": count, "reveal": reveal, **data["summary"]},
        )
    return count
