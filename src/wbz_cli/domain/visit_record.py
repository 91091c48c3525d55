"""A visit as the services hand it to the CLI, with its date as a date and the domain's
enums; ``as_row()`` is the row ``wbz visit list`` prints, ``as_added()`` the one ``wbz visit
add`` prints (and the audit log keeps)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from wbz_cli.domain.vocab import Problem, VisitMode
from wbz_cli.domain.void_mark import VoidMark, void_columns


@dataclass(frozen=True, slots=True)
class Visit:
    id: int
    visited_on: date
    child: str
    name: str
    community: str | None
    mode: VisitMode
    worker: str | None
    problems: tuple[Problem, ...]
    action: str | None
    notes: str | None
    #: set in a list with ``--all`` only
    void: VoidMark | None = None
    #: the id of the pairing (结对) the visit was part of
    pair: int | None = None

    def as_row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "visited_on": self.visited_on.isoformat(),
            "child": self.child,
            "name": self.name,
            "community": self.community,
            "mode": self.mode._value_,
            "worker": self.worker,
            "problems": [p._value_ for p in self.problems],
            "action": self.action,
            "notes": self.notes,
            "pair": self.pair,
            **void_columns(self.void),
        }

    def as_added(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "child": self.child,
            "name": self.name,
            "visited_on": self.visited_on.isoformat(),
            "mode": self.mode._value_,
            "worker": self.worker,
            "problems": [p._value_ for p in self.problems],
            "action": self.action,
            "notes": self.notes,
            "pair": self.pair,
        }
