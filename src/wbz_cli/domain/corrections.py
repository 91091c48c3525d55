"""An edit of one stored record (改错), as each kind's add-time checks receive it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from wbz_cli.domain.children import normalise_text
from wbz_cli.domain.errors import InvalidInput


@dataclass(frozen=True)
class Edit:
    """A record as stored and the fields to change (``unvoid`` gives none: the record is
    checked as it stands). ``child`` is the code of the child it belongs to; ``again`` allows
    a twin of a record on file (``--again``)."""

    row: Mapping[str, Any]
    child: str | None
    changes: Mapping[str, Any]
    today: date
    again: bool

    def value(self, field: str, column: str | None = None) -> Any:
        """The new value of ``field`` when given, else the stored ``column`` (default: the
        column of the same name)."""
        return self.changes[field] if field in self.changes else self.row[column or field]

    def text(self, field: str, limit: int = 500) -> Any:
        """A free-text field: the new text tidied as when first written (empty: none), else
        the stored one."""
        if field not in self.changes:
            return self.row[field]
        return normalise_text(self.changes[field], limit) or None

    def child_key(self) -> str:
        """The child the record is to belong to: the one given, else its own."""
        return str(self.changes.get("child", self.child or ""))


def void_reason(reason: str, example: str) -> str:
    """The reason given for a void, tidied; refused when empty (``example`` shows one)."""
    text = normalise_text(reason, 500)
    if not text:
        raise InvalidInput(f"作废必须写明原因：请用 --reason 说明，如 --reason {example}")
    return text
