"""Whether a listed record is voided, and why: the two columns a list with ``--all`` adds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class VoidMark:
    voided: bool
    reason: str | None

    def as_row(self) -> dict[str, Any]:
        return {"voided": self.voided, "void_reason": self.reason}


def void_columns(mark: VoidMark | None) -> dict[str, Any]:
    """The columns of ``mark``, or none for a list without ``--all``."""
    return mark.as_row() if mark is not None else {}
