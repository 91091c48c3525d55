"""The monthly report's figures as METRICS.md defines them: keys, Chinese labels, and the
empty report in which every key is present and 0."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from wbz_cli.domain.enums import Category, Risk
from wbz_cli.domain.vocab import ResourceKind, ServiceType, VisitMode

#: (dotted key, label) for the scalar figures, in the order reports show them.
SCALARS: tuple[tuple[str, str], ...] = (
    ("month", "统计月份"),
    ("station", "填报单位"),
    ("children.active", "在册儿童"),
    ("children.new", "本月新增"),
    ("children.closed", "本月退出"),
    ("households.active", "在册家庭"),
    ("visits.total", "走访随访次数"),
    ("visits.children_reached", "覆盖儿童"),
    ("visits.overdue", "逾期未访"),
    ("referrals.found", "发现线索"),
    ("referrals.transferred", "移送线索"),
    ("referrals.done", "办结线索"),
    ("referrals.open", "在办线索"),
    ("referrals.overdue", "超期线索"),
    ("referrals.mandatory", "强制报告"),
    ("referrals.children_helped", "救助儿童"),
    ("services.total", "服务次数"),
    ("services.children_served", "服务儿童"),
    ("subsidies.payments", "补贴发放人次"),
    ("subsidies.amount_yuan", "补贴发放金额(元)"),
    ("activities.count", "活动场次"),
    ("activities.participants", "活动人次"),
)

#: (dotted key of the breakdown, label, {sub key: label}).
BREAKDOWNS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("children.by_category", "各类别在册", {m.value: m.label for m in Category}),
    ("children.by_risk", "风险等级", {m.value: m.label for m in Risk}),
    ("visits.by_mode", "方式", {m.value: m.label for m in VisitMode}),
    ("services.by_type", "服务类型", {m.value: m.label for m in ServiceType}),
    ("resources.by_kind", "资源库", {m.value: m.label for m in ResourceKind}),
)

#: Sections of the report and their Chinese titles, by the first part of the key.
SECTIONS = {
    "children": "儿童",
    "households": "家庭",
    "visits": "走访随访",
    "referrals": "线索转介",
    "services": "服务",
    "subsidies": "补贴",
    "activities": "活动",
    "resources": "资源库",
}

# Added with the project and gift records (issue 25; METRICS.md): figures of the station, not
# split by community or worker; a ``_yuan`` figure is exact money, "0.00" when nothing.
SCALARS += (
    ("projects.active", "在办项目"),
    ("projects.spent_yuan", "项目支出(元)"),
)
SECTIONS.update(projects="项目")
SCALARS += (
    ("gifts.count", "物资心愿"),
    ("gifts.value_yuan", "物资价值(元)"),
)
SECTIONS.update(gifts="物资心愿")
#: Sections of the station as a whole: not columns of the per-community or per-worker sheets.
STATION_ONLY: tuple[str, ...] = ("projects", "gifts")

#: Figures that are counts of children or events and can be split by community or worker.
SPLITTABLE_SECTIONS = ("children", "households", "visits", "referrals", "services", "subsidies")


def empty_report(month: str, station: str) -> dict[str, Any]:
    """Every key of METRICS.md present, 0 where nothing happened."""
    report: dict[str, Any] = {}
    for key, _ in SCALARS:
        set_path(report, key, "0.00" if key.endswith("_yuan") else 0)
    report["month"] = month
    report["station"] = station
    report["subsidies"]["amount_yuan"] = "0.00"
    for key, _, members in BREAKDOWNS:
        set_path(report, key, dict.fromkeys(members, 0))
    return report


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
    for key, label in SCALARS:
        if key == dotted:
            return label
    for key, label, members in BREAKDOWNS:
        if dotted.startswith(key + "."):
            sub = dotted[len(key) + 1 :]
            return f"{label}·{members.get(sub, sub)}"
    return dotted


def natural_key(name: str) -> list[Any]:
    """Sort 第2居民区 before 第10居民区."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]
