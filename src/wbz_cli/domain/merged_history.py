"""The history of two files of one child, merged by date (``wbz merge``). Pure.

On every day the merged child is what both files together say for that day: in a category
when either file has it in that category, in care when either file has an open case; the risk
in force is the latest assessment or change by date among both files, the kept child's on a
tie. A registration that recorded no risk (未评估 at registration or import) says nothing: it
never overrides a risk either file recorded on an earlier day.

Risk entries are stored so that the risk in force on a day is the entry with the latest
date, and on one date the last one written (``RISK_ON`` in store/children.py): the merged
list comes in the order to write them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wbz_cli.domain.duplicates import Period, union_periods

#: How an entry that only opened a file without an assessment was recorded.
OPENING_SOURCES = frozenset({"register", "import"})


@dataclass(frozen=True)
class RiskEntry:
    risk: str
    on: str  # ISO date it took effect
    source: str | None = None

    @property
    def says_nothing(self) -> bool:
        return self.risk == "unassessed" and self.source in OPENING_SOURCES


def merged_risks(kept: Sequence[RiskEntry], merged: Sequence[RiskEntry]) -> list[RiskEntry]:
    """Both files' risk entries (each in its own order: date, then as written) in the order
    to write them, so that the last entry on or before a day is the risk in force that day."""
    ranked = [(e.on, 0 if e.says_nothing else 1, n, e) for n, e in enumerate(merged)]
    ranked += [(e.on, 0 if e.says_nothing else 2, len(merged) + n, e) for n, e in enumerate(kept)]
    ranked.sort(key=lambda r: r[:3])
    out: list[RiskEntry] = []
    for _, _, _, entry in ranked:
        if entry.says_nothing and any(not e.says_nothing for e in out):
            continue  # an earlier assessment stays in force
        out.append(entry)
    return out


def merged_periods(kept: Sequence[Period], merged: Sequence[Period]) -> list[Period]:
    """Case periods (or one category's periods) of both files joined where they overlap."""
    return union_periods([*kept, *merged])


def merged_categories(
    kept: Mapping[str, Sequence[Period]], merged: Mapping[str, Sequence[Period]]
) -> dict[str, list[Period]]:
    return {
        key: merged_periods(kept.get(key, ()), merged.get(key, ()))
        for key in sorted({*kept, *merged})
    }
