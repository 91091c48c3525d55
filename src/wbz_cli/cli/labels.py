"""Turning stored keys into the Chinese labels shown in tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wbz_cli.domain.enums import (
    Category,
    CaseStatus,
    CloseReason,
    Gender,
    GuardianSituation,
    IncomeStatus,
    LabeledEnum,
    Risk,
)


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
risk = label_of(Risk)
gender = label_of(Gender)
status = label_of(CaseStatus)
close_reason = label_of(CloseReason)
income = label_of(IncomeStatus)
situation = label_of(GuardianSituation)
