"""A child as the services hand it to the CLI: one line of the register (``ChildSummary``)
and the whole file (``ChildFile``), with dates as dates and the domain's enums.

``as_row()`` gives the plain row the CLI prints (JSON, CSV, table): the same keys, in the
same order, with the values as the file stores them (ISO dates, enum keys)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from wbz_cli.domain.enums import CaseStatus, Category, DifficultSubtype, Gender, Risk


def iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


@dataclass(frozen=True, slots=True)
class ChildSummary:
    """One child on the register as of a day (``wbz children``)."""

    code: str
    name: str
    id_number: str
    gender: Gender
    birth_date: date
    age: int
    categories: tuple[Category, ...]
    community: str | None
    worker: str | None
    risk: Risk
    status: CaseStatus
    household: str | None
    guardian: str | None
    guardian_relation: str | None
    guardian_phone: str | None
    address: str | None
    registered_on: date
    closed_on: date | None
    #: a ``CloseReason`` key, or "merged" for a child merged into another
    close_reason: str | None

    def as_row(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "id_number": self.id_number,
            "gender": self.gender._value_,
            "birth_date": self.birth_date.isoformat(),
            "age": self.age,
            "categories": [c._value_ for c in self.categories],
            "community": self.community,
            "worker": self.worker,
            "risk": self.risk._value_,
            "status": self.status._value_,
            "household": self.household,
            "guardian": self.guardian,
            "guardian_relation": self.guardian_relation,
            "guardian_phone": self.guardian_phone,
            "address": self.address,
            "registered_on": self.registered_on.isoformat(),
            "closed_on": iso(self.closed_on),
            "close_reason": self.close_reason,
        }


@dataclass(frozen=True, slots=True)
class CategoryPeriod:
    category: Category
    subtype: DifficultSubtype | None
    start_on: date
    end_on: date | None
    #: "ended", "age_limit", ... (None while it holds with no end in sight)
    end_reason: str | None

    def as_row(self) -> dict[str, Any]:
        return {
            "category": self.category._value_,
            "subtype": self.subtype._value_ if self.subtype else None,
            "start_on": self.start_on.isoformat(),
            "end_on": iso(self.end_on),
            "end_reason": self.end_reason,
        }


@dataclass(frozen=True, slots=True)
class CasePeriod:
    opened_on: date
    closed_on: date | None
    close_reason: str | None

    def as_row(self) -> dict[str, Any]:
        return {
            "opened_on": self.opened_on.isoformat(),
            "closed_on": iso(self.closed_on),
            "close_reason": self.close_reason,
        }


@dataclass(frozen=True, slots=True)
class RiskChange:
    code: str
    risk: Risk
    effective_on: date
    source: str

    def as_row(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "risk": self.risk._value_,
            "effective_on": self.effective_on.isoformat(),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class ChildFile:
    """A child's whole file (``wbz show``): the register line, categories, cases and risk
    over time, the household, the care record's sections and the codes merged into it."""

    child: ChildSummary
    category_history: tuple[CategoryPeriod, ...]
    case_history: tuple[CasePeriod, ...]
    risk_history: tuple[RiskChange, ...]
    #: the household's details and guardians (services/child_file.household_detail)
    household_detail: dict[str, Any] | None
    #: assessments, visits, leads, plans, services, subsidies, agreements, voided records
    care: dict[str, Any]
    merged_from: tuple[str, ...]

    @property
    def code(self) -> str:
        return self.child.code

    def as_row(self) -> dict[str, Any]:
        return {
            **self.child.as_row(),
            "category_history": [k.as_row() for k in self.category_history],
            "case_history": [p.as_row() for p in self.case_history],
            "risk_history": [r.as_row() for r in self.risk_history],
            "household_detail": self.household_detail,
            **self.care,
            "merged_from": list(self.merged_from),
        }
