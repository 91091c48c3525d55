"""What a bureau template can name: every figure by its dotted key, the station's details,
subsidy sums by type, and the lists a row can repeat over (花名册, 补贴发放表, communities)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from wbz_cli.domain.metrics import flatten, label_for, set_path
from wbz_cli.domain.money import format_fen
from wbz_cli.domain.privacy import mask_id, mask_phone
from wbz_cli.domain.vocab import SubsidyType
from wbz_cli.store.figures import NO_CHILD
from wbz_cli.store.subsidies import payments_to_children

if TYPE_CHECKING:
    from wbz_cli.domain.report import Report
    from wbz_cli.store.session import Store


def template_context(
    store: Store, report: Report, reveal: bool, include_unlinked: bool = False
) -> dict[str, Any]:
    """Every name a template can use. ``include_unlinked``: the rows of community_figures
    and worker_figures include the leads linked to no child (（未关联儿童）), which a
    bureau's form of communities has no line for."""
    context: dict[str, Any] = {k: _money(k, v) for k, v in flatten(report.figures)}
    context.update(
        {
            "district": store.setting("district") or "",
            "period.first": report.period.first.isoformat(),
            "period.last": report.period.last.isoformat(),
        }
    )
    context.update(_subsidy_sums(report))
    context["children"] = _roster(store, report, reveal)
    context["subsidy_payments"] = _payments(store, report, reveal)
    for by in ("community", "worker"):
        context[f"{by}_figures"] = _group_rows(report, by, include_unlinked)
    context.update(breakdown_lists(report))
    return context


def word_context(
    store: Store, report: Report, reveal: bool, include_unlinked: bool = False
) -> dict[str, Any]:
    """What a Word template can use: the names of ``template_context`` as Jinja reaches them,
    figures nested (``{{ visits.total }}``, ``{{ period.last }}``), each list under its name
    with underscores (``children_by_category``, ``community_figures``; the roster, whose name
    the figures ``children`` take, as ``roster``), its rows nested the same way."""
    out: dict[str, Any] = {}
    for key, value in template_context(store, report, reveal, include_unlinked).items():
        if isinstance(value, list):
            name = "roster" if key == "children" else key.replace(".", "_")
            out[name] = [_nested(row) for row in value]
        else:
            set_path(out, key, value)
    return out


def _nested(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        set_path(out, key, value)
    return out


def breakdown_lists(report: Report) -> dict[str, list[dict[str, Any]]]:
    """Each breakdown of the report (``children.by_category``, ``subsidies.by_type``, ...) as
    a list a row can repeat over: index, key, label (Chinese) and the member's value, or its
    measures (payments, amount_yuan, ...) when it has several; and ``trend``, the last 12
    months (month, visits, leads)."""
    lists = {key: _members(key, node) for key, node in _breakdowns(report.figures)}
    if "subsidies.by_type" not in lists:
        sums = _subsidy_sums(report)
        lists["subsidies.by_type"] = [
            {"index": n, "key": kind.value, "label": kind.label,
             "payments": sums[f"subsidies.by_type.{kind.value}.payments"],
             "amount_yuan": sums[f"subsidies.by_type.{kind.value}.amount_yuan"]}
            for n, kind in enumerate(SubsidyType, 1)
        ]  # fmt: skip
    visits, leads = report.trend.get("visits", {}), report.trend.get("leads", {})
    lists["trend"] = [
        {"index": n, "month": month, "visits": visits[month], "leads": leads.get(month, 0)}
        for n, month in enumerate(visits, 1)
    ]
    return lists


def _breakdowns(tree: dict[str, Any], prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
    """(dotted key, node) of every dict below a section (``visits.by_mode``), outermost."""
    found: list[tuple[str, dict[str, Any]]] = []
    for key, node in tree.items():
        if isinstance(node, dict):
            dotted = f"{prefix}{key}"
            found += [(dotted, node)] if prefix else _breakdowns(node, dotted + ".")
    return found


def _members(key: str, node: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for n, (member, value) in enumerate(node.items(), 1):
        # a member with several measures (subsidies.by_type.orphan.payments, ...) is labelled
        # by its first measure's label: 分类型人次·孤儿基本生活费 -> 孤儿基本生活费
        first = f"{member}.{next(iter(value))}" if isinstance(value, dict) and value else member
        row: dict[str, Any] = {"index": n, "key": member, "label": _label(key, first)}
        if isinstance(value, dict):
            row.update((k, _money(k, v)) for k, v in flatten(value))
        else:
            row["value"] = value
        rows.append(row)
    return rows


def _label(key: str, member: str) -> str:
    """The member's own label: 孤儿 for children.by_category.orphan (its key if it has none)."""
    label = label_for(f"{key}.{member}")
    return label.split("·", 1)[1] if "·" in label else member


def _subsidy_sums(report: Report) -> dict[str, Any]:
    """``subsidies.by_type.KEY.payments|amount_yuan`` for every type, and the bureau's
    ``subsidies.difficult.*``: every type other than the orphans' allowance."""
    out: dict[str, Any] = {}
    other_payments = other_fen = 0
    for kind in SubsidyType:
        entry = report.subsidy_types.get(kind.value, {"payments": 0, "fen": 0})
        out[f"subsidies.by_type.{kind.value}.payments"] = entry["payments"]
        out[f"subsidies.by_type.{kind.value}.amount_yuan"] = Decimal(format_fen(entry["fen"]))
        if kind is not SubsidyType.ORPHAN:
            other_payments += entry["payments"]
            other_fen += entry["fen"]
    out["subsidies.difficult.payments"] = other_payments
    out["subsidies.difficult.amount_yuan"] = Decimal(format_fen(other_fen))
    return out


def _roster(store: Store, report: Report, reveal: bool) -> list[dict[str, Any]]:
    from wbz_cli.domain.labels import category, gender, risk
    from wbz_cli.store.children import list_children

    rows = list_children(store.conn, report.period.last.isoformat(), status="active")
    out = []
    for n, row in enumerate(rows, 1):
        cats = (row["categories"] or "").split(",") if row["categories"] else []
        out.append(
            {
                "index": n,
                "code": row["code"],
                "name": row["name"],
                "gender": gender(row["gender"]),
                "id_number": row["id_number"] if reveal else mask_id(row["id_number"]),
                "birth_date": row["birth_date"],
                "categories": category(cats),
                "community": row["community"] or "",
                "risk": risk(row["risk"]),
                "guardian": row["guardian"] or "",
                "relation": row["guardian_relation"] or "",
                "guardian_phone": (
                    row["guardian_phone"] if reveal else mask_phone(row["guardian_phone"])
                )
                or "",
                "address": row["address"] or "",
                "worker": row["worker"] or "",
                "registered_on": row["registered_on"],
            }
        )
    return out


def _payments(store: Store, report: Report, reveal: bool) -> list[dict[str, Any]]:
    labels = {k.value: k.label for k in SubsidyType}
    period = report.period
    rows = payments_to_children(store.conn, period.first.isoformat(), period.last.isoformat())
    return [
        {
            "index": n,
            "code": r["code"],
            "name": r["name"],
            "id_number": r["id_number"] if reveal else mask_id(r["id_number"]),
            "community": r["community"] or "",
            "type": labels.get(r["type"], r["type"]),
            "month": r["month"],
            "amount_yuan": Decimal(format_fen(r["amount_fen"])),
        }
        for n, r in enumerate(rows, 1)
    ]


def _group_rows(report: Report, by: str, include_unlinked: bool) -> list[dict[str, Any]]:
    groups = report.breakdown(by)  # type: ignore[arg-type]
    names = sorted(g for g in groups if include_unlinked or g != NO_CHILD)
    rows = []
    for n, name in enumerate(names, 1):
        row: dict[str, Any] = {"index": n, "name": name}
        row.update(flatten(groups[name]))
        rows.append(row)
    return rows


def _money(key: str, value: Any) -> Any:
    """Money ("1200.50" in keys ending _yuan) as an exact number, so a cell holding only
    it is a number; everything else as it is."""
    return Decimal(value) if key.endswith("_yuan") and isinstance(value, str) else value
