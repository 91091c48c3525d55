"""Turning stored keys into the Chinese labels shown in tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wbz_cli.domain.enums import (
    CaseStatus,
    Category,
    CloseReason,
    Gender,
    GuardianSituation,
    IncomeStatus,
    LabeledEnum,
    Risk,
)
from wbz_cli.domain.vocab import Problem, VisitMode


def label_of(cls: type[LabeledEnum]) -> Callable[[Any], str]:
    table = {m.value: m.label for m in cls}

    def show(value: Any) -> str:
        if value is None or value == "":
            return ""
        if isinstance(value, list | tuple):
            return "、".join(table.get(str(v), str(v)) for v in value)
        return table.get(str(value), str(value))

    return show


category = label_of(Category)

_SHORT_CATEGORY = {
    "orphan": "孤儿",
    "de_facto_unsupported": "事实无人抚养",
    "difficult": "困境",
    "low_income": "困难",
    "left_behind": "留守",
    "migrant": "流动",
    "disabled": "残疾",
    "other": "其他",
}


def category_short(value: Any) -> str:
    """Short category names for narrow tables (孤儿、留守 ...)."""
    items = value if isinstance(value, list | tuple) else [value] if value else []
    return "、".join(_SHORT_CATEGORY.get(str(v), str(v)) for v in items)


risk = label_of(Risk)
gender = label_of(Gender)
status = label_of(CaseStatus)
close_reason = label_of(CloseReason)
income = label_of(IncomeStatus)
situation = label_of(GuardianSituation)

visit_mode = label_of(VisitMode)
problem = label_of(Problem)
