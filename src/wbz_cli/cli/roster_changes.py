"""The changes a roster import makes to children on file, as lines below its summary table:
moves to another community (迁移) apart, then every other field changed (变更), each list cut
at SHOWN lines (``--format json`` lists them all)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from wbz_cli.domain import labels

#: Lines of each list shown on screen.
SHOWN = 20
_SHOWN_AS: dict[str, Callable[[Any], str]] = {
    "categories": labels.category,
    "risk": labels.risk,
    "income_status": labels.income,
}


def change_lines(changes: Sequence[dict[str, Any]]) -> list[str]:
    """``changes``: the import report's (child, row, field, label, old, new; phones masked)."""
    moves = [c for c in changes if c["field"] == "community" and c["old"]]
    others = [c for c in changes if not (c["field"] == "community" and c["old"])]
    lines = _listed("迁移", [f"{c['child']} 第{c['row']}行 {c['old']} → {c['new']}" for c in moves])
    return lines + _listed(
        "变更",
        [
            f"{c['child']} 第{c['row']}行 {c['label']} {_value(c, 'old')} → {_value(c, 'new')}"
            for c in others
        ],
    )


def _listed(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    more = len(items) - SHOWN
    tail = [f"  另有 {more} 处，见 --format json"] if more > 0 else []
    return [f"{title}：", *(f"  {item}" for item in items[:SHOWN]), *tail]


def _value(change: dict[str, Any], key: str) -> str:
    value = change[key]
    if value is None or value == "" or value == []:
        return "（空）"
    show = _SHOWN_AS.get(change["field"])
    if show is not None:
        return show(value)
    return str(value)
