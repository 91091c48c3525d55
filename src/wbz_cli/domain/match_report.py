"""What matching a list works on and produces: the register's children and guardians as the
match needs them, the proposals, and the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wbz_cli.domain.enums import Category, LabeledEnum


class ListKind(LabeledEnum):
    """名单类型"""

    LOWINCOME = ("lowincome", "低保", ("低保名单", "低收入", "低保户", "低边", "最低生活保障"))
    EXTREME_POVERTY = ("extreme_poverty", "特困", ("特困供养", "特困人员", "特困名单"))
    DISABILITY = ("disability", "残疾人", ("残疾", "残疾证", "持证残疾人"))
    DETENTION = ("detention", "服刑在押人员", ("在押服刑人员", "服刑", "在押", "服刑人员", "羁押"))
    DROPOUT = ("dropout", "辍学", ("辍学学生", "失学辍学", "控辍保学"))
    OTHER = ("other", "其他", ("其他名单",))


#: The category a child on the list may belong to (None: the list says nothing about one).
KIND_CATEGORY: dict[ListKind, Category | None] = {
    ListKind.LOWINCOME: Category.LOW_INCOME,
    ListKind.EXTREME_POVERTY: Category.LOW_INCOME,
    ListKind.DISABILITY: Category.DISABLED,
    ListKind.DETENTION: Category.OTHER,
    ListKind.DROPOUT: Category.OTHER,
    ListKind.OTHER: Category.OTHER,
}
#: Kinds whose complete list (``--complete``) lets absence end a category.
COMPLETE_KINDS = (ListKind.LOWINCOME, ListKind.EXTREME_POVERTY, ListKind.DISABILITY)
ADD, END, REVIEW, FOLLOW_UP, SITUATION = "add", "end", "review", "follow_up", "situation"
APPLICABLE = (ADD, END, SITUATION)


@dataclass(slots=True)
class RegChild:
    """A child on file as the match needs it."""

    id: int
    code: str
    name: str
    household_id: int | None
    income_status: str | None
    active: bool
    categories: set[str] = field(default_factory=set)


@dataclass(slots=True)
class RegGuardian:
    id: int
    household_id: int
    household: str
    name: str
    relation: str | None
    situation: str | None


@dataclass
class Register:
    children: dict[str, RegChild]  # ID number (a merged child's number too) -> child
    guardians: dict[str, list[RegGuardian]]  # guardian's ID number -> guardian rows
    households: dict[int, list[RegChild]]  # household id -> its children


@dataclass
class Proposal:
    """A change to a registered child (or a guardian) the list suggests."""

    no: int
    row: int
    code: str
    name: str
    action: str  # add | end | review | follow_up | situation
    category: str | None
    reason: str
    guardian_id: int | None = None
    situation: str | None = None

    @property
    def applicable(self) -> bool:
        return self.action in APPLICABLE


@dataclass
class MatchReport:
    kind: ListKind
    on: date
    complete: bool
    rows: int = 0
    registered: int = 0
    repeated: int = 0
    children_in_list: int = 0
    adults_in_list: int = 0
    adults_unlinked: int = 0
    confirmed: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    changes: list[Proposal] = field(default_factory=list)
    guardians: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "on": self.on.isoformat(),
            "complete": self.complete,
            "rows": self.rows,
            "repeated": self.repeated,
            "children_in_list": self.children_in_list,
            "adults_in_list": self.adults_in_list,
            "registered": self.registered,
            "confirmed": len(self.confirmed),
            "candidates": len(self.candidates),
            "changes": len(self.changes),
            "guardians": len(self.guardians),
            "adults_unlinked": self.adults_unlinked,
            "unmatched": len(self.unmatched),
        }
