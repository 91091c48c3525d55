"""A lead (线索) as the services hand it to the CLI: the listed lead with its running
deadline (``Lead``), and one lead's file with its timeline (``LeadFile``), with dates as
dates and the domain's enums. ``as_row()`` gives the row ``wbz refer list`` / ``refer show``
print: the same keys, in the same order, with ISO dates and enum keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from wbz_cli.domain.leads import AgencyType, Deadline
from wbz_cli.domain.vocab import LeadSource, LeadStatus, LeadType


@dataclass(frozen=True, slots=True)
class Lead:
    code: str
    found_on: date
    type: LeadType
    mandatory: bool
    source: LeadSource
    source_agency: str | None
    reference: str | None
    child: str | None
    name: str | None
    summary: str | None
    status: LeadStatus
    agency: str | None
    agency_type: AgencyType | None
    #: the running deadline (None once the lead is closed)
    deadline: Deadline | None
    days_overdue: int

    def as_row(self) -> dict[str, Any]:
        d = self.deadline
        return {
            "code": self.code,
            "found_on": self.found_on.isoformat(),
            "type": self.type._value_,
            "mandatory": self.mandatory,
            "source": self.source._value_,
            "source_agency": self.source_agency,
            "reference": self.reference,
            "child": self.child,
            "name": self.name,
            "summary": self.summary,
            "status": self.status._value_,
            "agency": self.agency,
            "agency_type": self.agency_type._value_ if self.agency_type else None,
            "deadline": d.kind if d else None,
            "reason": d.reason if d else None,
            "due_on": d.due.isoformat() if d else None,
            "days_overdue": self.days_overdue,
        }


@dataclass(frozen=True, slots=True)
class LeadEvent:
    """One step of a lead's timeline; ``undo`` marks an undo, ``undone`` a step undone."""

    status: LeadStatus
    on: date
    agency: str | None
    agency_type: AgencyType | None
    note: str | None
    operator: str | None
    undo: bool
    undone: bool

    def as_row(self) -> dict[str, Any]:
        return {
            "status": self.status._value_,
            "on": self.on.isoformat(),
            "agency": self.agency,
            "agency_type": self.agency_type._value_ if self.agency_type else None,
            "note": self.note,
            "operator": self.operator,
            "undo": self.undo,
            "undone": self.undone,
        }


@dataclass(frozen=True, slots=True)
class LeadFile:
    """One lead (``wbz refer show``): the lead, the moves allowed now and its timeline."""

    lead: Lead
    allowed_moves: tuple[LeadStatus, ...]
    events: tuple[LeadEvent, ...]

    def as_row(self) -> dict[str, Any]:
        return {
            **self.lead.as_row(),
            "allowed_moves": [s._value_ for s in self.allowed_moves],
            "events": [e.as_row() for e in self.events],
        }
