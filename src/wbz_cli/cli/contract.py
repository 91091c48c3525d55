"""The output contract's key names (CLI.md "The output contract"), applied where a command
prints its data: a child's code is ``child`` in every output, whatever the service calls it.

The services keep their own names (``code`` is a record's own code there); the renaming is
done here, once, so every command's JSON and CSV use the same key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any


def renamed(row: Mapping[str, Any], old: str, new: str) -> dict[str, Any]:
    """``row`` with key ``old`` called ``new``, in the same place among the keys."""
    return {new if k == old else k: v for k, v in row.items()}


def child_keyed(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row about a child whose code the service calls ``code``: the code under ``child``."""
    return renamed(row, "code", "child")


def child_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [child_keyed(row) for row in rows]


def household_keyed(household: Mapping[str, Any]) -> dict[str, Any]:
    """A household's record: its children listed by ``child`` (their code), not ``code``."""
    out = dict(household)
    if isinstance(out.get("children"), list):
        out["children"] = child_rows(out["children"])
    return out


def child_file_keyed(record: Mapping[str, Any]) -> dict[str, Any]:
    """A child's file (``wbz show``): the child's code under ``child``, and the household
    part's children likewise."""
    out = child_keyed(record)
    if isinstance(out.get("household_detail"), Mapping):
        out["household_detail"] = household_keyed(out["household_detail"])
    return out


def signed_overdue(
    rows: Iterable[Mapping[str, Any]], today: date, due_key: str, *, open_key: str | None = None
) -> list[dict[str, Any]]:
    """Rows whose ``days_overdue`` counts from the due date ``row[due_key]`` to ``today``:
    positive when overdue, 0 on the day it falls due, negative while not yet due, null when
    the row has no running due date (or ``row[open_key]`` is set: a closed plan)."""
    out = []
    for row in rows:
        due = row.get(due_key)
        closed = open_key is not None and row.get(open_key)
        days = None if not due or closed else (today - _as_date(due)).days
        out.append({**row, "days_overdue": days})
    return out


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
