"""The monthly report's figures as METRICS.md defines them: keys, Chinese labels, and the
empty report in which every key is present and 0."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from wbz_cli.domain.report_keys import ADDED, FIRST_WAVE, SECTION_TITLES, label_of

#: (dotted key, label) for the scalar figures of the first wave, in the order reports show them.
SCALARS: tuple[tuple[str, str], ...] = tuple(
    (k.key, k.label) for k in FIRST_WAVE if k.members is None
)

#: (dotted key of the breakdown, label, {sub key: label}) of the first wave.
BREAKDOWNS: tuple[tuple[str, str, dict[str, str]], ...] = tuple(
    (k.key.rsplit(".", 1)[0], k.label, {m.value: m.label for m in k.members})
    for k in FIRST_WAVE
    if k.members is not None
)

#: Sections of the report and their Chinese titles, by the first part of the key.
SECTIONS = SECTION_TITLES

#: Figures that are counts of children or events and can be split by community or worker.
SPLITTABLE_SECTIONS = (
    "children", "households", "visits", "referrals", "services", "subsidies", "care", "plans"
)  # fmt: skip


def empty_report(month: str, station: str) -> dict[str, Any]:
    """Every key of METRICS.md present, 0 where nothing happened."""
    report: dict[str, Any] = {}
    for key, _ in SCALARS:
        set_path(report, key, 0)
    report["month"] = month
    report["station"] = station
    report["subsidies"]["amount_yuan"] = "0.00"
    for key, _, members in BREAKDOWNS:
        set_path(report, key, dict.fromkeys(members, 0))
    for entry in ADDED:
        if entry.key != "as_of":
            for dotted, _ in entry.expanded():
                set_path(report, dotted, _empty_value(dotted))
    return report


def _empty_value(dotted: str) -> Any:
    """An added figure's value when nothing happened: money "0.00", a rate "—", else 0."""
    if dotted.endswith("_yuan"):
        return "0.00"
    return "—" if dotted.endswith("_rate") else 0


def set_path(tree: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    node = tree
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def get_path(tree: dict[str, Any], dotted: str) -> Any:
    node: Any = tree
    for part in dotted.split("."):
        node = node[part]
    return node


def flatten(tree: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted key, value) for every leaf, in the tree's order."""
    for key, value in tree.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from flatten(value, dotted + ".")
        else:
            yield dotted, value


def label_for(dotted: str) -> str:
    """The Chinese label of a dotted key, e.g. ``visits.by_mode.home`` -> 方式·入户."""
    return label_of(dotted)


def natural_key(name: str) -> list[Any]:
    """Sort 第2居民区 before 第10居民区."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def section_rows(section: str) -> Iterator[tuple[str, str]]:
    """(dotted key, label) of every figure of ``section`` as tables and sheets list them: the
    first wave's single figures, its breakdowns, then the keys added since, expanded."""
    for key, label in SCALARS[2:]:
        if key.split(".")[0] == section:
            yield key, label
    for key, label, members in BREAKDOWNS:
        if key.split(".")[0] == section:
            for sub, sub_label in members.items():
                yield f"{key}.{sub}", f"{label}·{sub_label}"
    for entry in ADDED:
        if entry.section == section:
            yield from entry.expanded()
