"""A period's report as data: the period, the snapshot of per-cell counts it is cut from, and
the sums of those cells into the station, each community or each worker (METRICS.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from wbz_cli.domain.metrics import empty_report, set_path
from wbz_cli.domain.money import format_fen

GroupBy = Literal["community", "worker"] | None

#: Joins the two halves of a cell key "community<SEP>worker".
SEP = "\x1f"


def split_cell(cell: str) -> tuple[str, str]:
    community, _, worker = cell.partition(SEP)
    return community, worker


@dataclass(frozen=True)
class Period:
    """The days a report counts. ``last`` is the last day counted: the period's own last day
    once it is over; while it is not (it ends today or later), today, and then ``running``:
    today is not over, so a visit due today is not yet overdue (as in ``wbz due
    --overdue``)."""

    first: date
    last: date
    label: str
    running: bool = False

    @property
    def as_of(self) -> str:
        """The last day counted, ISO (the report's ``as_of``)."""
        return self.last.isoformat()

    @property
    def ranged(self) -> bool:
        """A ``report range`` period (labelled "first至last"), not a calendar month's: its JSON
        and CSV carry ``period``/``start``/``end`` instead of ``month``."""
        return self.label != self.first.strftime("%Y-%m")

    @property
    def params(self) -> dict[str, str]:
        return {"a": self.first.isoformat(), "b": self.last.isoformat()}


@dataclass
class Snapshot:
    cells: dict[str, dict[str, int]]
    households: dict[str, dict[str, int]]
    station: dict[str, int]
    matrix: dict[str, dict[str, int]]
    trend: dict[str, dict[str, int]]
    #: Households with a visit, service or payment in the period, per level (as households).
    served: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class Report:
    period: Period
    figures: dict[str, Any]
    by: GroupBy = None
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    trend: dict[str, dict[str, int]] = field(default_factory=dict)
    subsidy_types: dict[str, dict[str, int]] = field(default_factory=dict)
    #: The category x risk matrix of the active children at the period's end.
    matrix: dict[str, dict[str, int]] = field(default_factory=dict)
    station: str = ""
    snapshot: Snapshot | None = field(default=None, repr=False)

    def as_json(self) -> dict[str, Any]:
        out = dict(self.figures)
        if self.by:
            out[f"by_{self.by}"] = self.groups
        return out

    def breakdown(self, by: Literal["community", "worker"]) -> dict[str, dict[str, Any]]:
        """Each community's or worker's figures (totals derived), from the same snapshot."""
        if by == self.by:
            return self.groups
        assert self.snapshot is not None
        groups = sum_levels(self.snapshot, by, self.period.label, self.station)
        derive_totals(groups.values())
        date_reports(groups.values(), self.period)
        return groups


def sum_levels(snap: Snapshot, by: GroupBy, label: str, station: str) -> dict[str, dict[str, Any]]:
    """The cells summed into the whole station (group "") or each community or worker, as
    METRICS.md reports them."""
    sums: dict[str, dict[str, int]] = {}
    for cell, counts in snap.cells.items():
        group = "" if by is None else split_cell(cell)[0 if by == "community" else 1]
        target = sums.setdefault(group, {})
        for key, n in counts.items():
            target[key] = target.get(key, 0) + n
    out: dict[str, dict[str, Any]] = {}
    households = snap.households.get(by or "", {})
    for group, counts in sums.items():
        report = out[group] = empty_report(label, station)
        for key, n in counts.items():
            if key == "subsidies.fen":
                set_path(report, "subsidies.amount_yuan", format_fen(n))
            elif key.startswith("subsidy_types."):
                _, kind, measure = key.split(".")
                value = format_fen(n) if measure == "fen" else n
                name = "amount_yuan" if measure == "fen" else measure
                set_path(report, f"subsidies.by_type.{kind}.{name}", value)
            elif key != "care.left_behind_agreed":
                set_path(report, key, n)
        set_path(report, "households.active", households.get(group, 0))
        set_path(report, "households.served", snap.served.get(by or "", {}).get(group, 0))
        left_behind = report["children"]["by_category"]["left_behind"]
        agreed = counts.get("care.left_behind_agreed", 0)
        report["care"]["agreement_rate"] = agreement_rate(agreed, left_behind)
    return out


def agreement_rate(agreed: int, left_behind: int) -> str:
    """care.agreement_rate: "100.0%" (one decimal, half up), "—" when there are none."""
    if not left_behind:
        return "—"
    tenths = (agreed * 1000 * 2 + left_behind) // (left_behind * 2)
    return f"{tenths // 10}.{tenths % 10}%"


def derive_totals(parts: Iterable[dict[str, Any]]) -> None:
    """The totals that METRICS.md defines as sums of a breakdown."""
    for part in parts:
        part["visits"]["total"] = sum(part["visits"]["by_mode"].values())
        part["services"]["total"] = sum(part["services"]["by_type"].values())


def date_reports(reports: Iterable[dict[str, Any]], period: Period) -> None:
    """Write the period's ``as_of`` (the last day counted) into each of ``reports``."""
    for report in reports:
        report["as_of"] = period.as_of
