"""``wbz report explain KEY``: the records behind one figure of a period's report, for the
whole station or one community or worker, and the figure they make (domain/explain_keys.py
says per key what a row is and how rows add up)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.explain_keys import ExplainKey, resolve
from wbz_cli.domain.money import format_fen, parse_yuan
from wbz_cli.domain.report import GroupBy, Period
from wbz_cli.domain.vocab import FINAL_LEAD_STATUSES
from wbz_cli.store import explain as q
from wbz_cli.store.figures import NO_CHILD, UNKNOWN
from wbz_cli.store.session import Store

#: The columns of every row, in order (JSON keys, CSV header).
COLUMNS = ("child", "id_number", "name", "community", "worker", "date", "record",
           "amount_yuan", "participants", "part")  # fmt: skip


@dataclass
class Explanation:
    key: str
    entry: ExplainKey
    period: Period
    by: GroupBy
    group: str | None
    rows: list[dict[str, Any]]
    #: The figure the rows make: an int, money ("12.50") or a rate ("50.0%", "—").
    figure: int | str


def explain(
    store: Store, key: str, period: Period, by: GroupBy = None, group: str | None = None
) -> Explanation:
    entry, member = resolve(key)
    if (by is None) != (group is None):
        raise InvalidInput("--by 和 --group 须一起使用，例如 --by community --group 第1居民区")
    if by is not None and entry.station:
        raise InvalidInput(f"{key} 是全站的数字，不按社区或儿童主任划分，请去掉 --by 和 --group")
    if by is not None and group is not None:
        _check_group(store, by, group)
    raw = _raw_rows(store, entry, member, period)
    if by is not None:
        raw = [r for r in raw if _group_of(r, by) == group]
    kept = _distinct(raw, entry)
    rows = [_row(r, entry) for r in kept]
    return Explanation(key, entry, period, by, group, rows, figure_of(entry, rows))


def figure_of(entry: ExplainKey, rows: list[dict[str, Any]]) -> int | str:
    """The figure ``rows`` make by the key's measure."""
    if entry.measure == "amount":
        return format_fen(sum(parse_yuan(r["amount_yuan"]) for r in rows))
    if entry.measure == "participants":
        return sum(int(r["participants"]) for r in rows)
    if entry.measure == "rate":
        top = sum(1 for r in rows if r["part"] == "numerator")
        bottom = sum(1 for r in rows if r["part"] == "denominator")
        if not bottom:
            return "—"
        rate = (Decimal(top * 100) / bottom).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return f"{rate}%"
    return len(rows)


def _check_group(store: Store, by: str, group: str) -> None:
    names = [*q.group_names(store.conn, by), UNKNOWN, NO_CHILD]
    if group not in names:
        import difflib

        near = difflib.get_close_matches(group, names, n=3, cutoff=0.3) or names[:3]
        what = "社区" if by == "community" else "儿童主任"
        raise InvalidInput(f"没有{what}“{group}”，相近的：{'、'.join(near)}，请检查 --group")


def _group_of(row: dict[str, Any], by: str) -> str:
    if row["child"] is None:
        return NO_CHILD
    return str(row[by] or UNKNOWN)


def _distinct(rows: list[dict[str, Any]], entry: ExplainKey) -> list[dict[str, Any]]:
    """One row per child or household (the first), for the figures that count those."""
    if entry.per == "record":
        return rows
    column = "household" if entry.per == "household" else "child"
    seen: set[Any] = set()
    out = []
    for row in rows:
        unit = (row[column], row.get("part")) if row[column] is not None else None
        if unit is not None and unit not in seen:
            seen.add(unit)
            out.append(row)
    return out


def _row(raw: dict[str, Any], entry: ExplainKey) -> dict[str, Any]:
    """A row as shown: the household's code is the record of a household figure."""
    fen = raw.get("amount_fen")
    return {
        "child": raw["child"],
        "id_number": raw["id_number"],
        "name": raw["name"],
        "community": raw["community"],
        "worker": raw["worker"],
        "date": raw["on_date"],
        "record": raw["household"] if entry.per == "household" else raw["record"],
        "amount_yuan": None if fen is None else format_fen(int(fen)),
        "participants": raw.get("participants"),
        "part": raw.get("part"),
    }


def _raw_rows(
    store: Store, entry: ExplainKey, member: str | None, period: Period
) -> list[dict[str, Any]]:
    special = _SPECIAL.get(entry.query)
    if special is not None:
        return special(store, entry, member, period)
    return q.explain_rows(store.conn, entry.query, {**period.params, "k": member})


def _overdue_children(
    store: Store, entry: ExplainKey, member: str | None, period: Period
) -> list[dict[str, Any]]:
    """visits.overdue: the children ``wbz due`` finds overdue on the period's last day."""
    from wbz_cli.services.due import overdue_child_ids_on

    ids = sorted(overdue_child_ids_on(store.conn, period.last))
    children = q.children_by_id(store.conn, ids)
    return [{**children[i], "on_date": None, "record": None} for i in ids]


def _lead_rows(
    store: Store, entry: ExplainKey, member: str | None, period: Period
) -> list[dict[str, Any]]:
    """The ``referrals.*`` leads, read from each lead's moves (reversed ones left out) up to
    the period's last day, with the deadline rules in force on that day."""
    from wbz_cli.services.lead_queries import deadline_of, load_policy, to_events
    from wbz_cli.store.leads import events_by_lead

    first, last = period.params["a"], period.params["b"]
    leads = q.leads_by_id(store.conn, last)
    history = events_by_lead(store.conn, None, last)
    policy = load_policy(store.conn, period.last)
    pick = _LEAD_PICKS[entry.pattern]
    found: list[tuple[dict[str, Any], str | None]] = []
    for lead_id, lead in leads.items():
        moves = history.get(lead_id, [])
        in_period = first <= lead["found_on"] <= last
        day: str | None = None
        if pick in ("found", "mandatory", "type", "source"):
            wanted = {
                "found": True,
                "mandatory": bool(lead["mandatory"]),
                "type": lead["type"] == member,
                "source": lead["source"] == member,
            }[pick]
            day = lead["found_on"] if in_period and wanted else None
        elif pick in ("transferred", "done"):
            day = next((on for s, on, _ in moves if s == pick and first <= on <= last), None)
        elif moves and moves[-1][0] not in FINAL_LEAD_STATUSES:  # open on the last day
            if pick == "open":
                day = lead["found_on"]
            else:
                deadline = deadline_of(lead, to_events(moves), period.last, policy)
                if deadline is not None and deadline.days_overdue(period.last) > 0:
                    day = deadline.due.isoformat()
        if day is not None:
            found.append((lead, day))
    ids = sorted({int(lead["child_id"]) for lead, _ in found if lead["child_id"] is not None})
    children = q.children_by_id(store.conn, ids)
    rows = []
    for lead, day in sorted(found, key=lambda f: (f[1] or "", f[0]["code"])):
        child = children.get(lead["child_id"]) if lead["child_id"] is not None else None
        base = child or {"child": None, "name": lead["summary"], "id_number": None,
                         "community": None, "worker": None, "household": None}  # fmt: skip
        rows.append({**base, "on_date": day, "record": lead["code"]})
    return rows


_LEAD_PICKS = {
    "referrals.found": "found",
    "referrals.mandatory": "mandatory",
    "referrals.by_type.{k}": "type",
    "referrals.by_source.{k}": "source",
    "referrals.transferred": "transferred",
    "referrals.done": "done",
    "referrals.children_helped": "done",
    "referrals.open": "open",
    "referrals.overdue": "overdue",
}

_Rows = Callable[[Store, ExplainKey, "str | None", Period], list[dict[str, Any]]]
_SPECIAL: dict[str, _Rows] = {
    "overdue_children": _overdue_children,
    "leads_found": _lead_rows,
    "leads_transferred": _lead_rows,
    "leads_done": _lead_rows,
    "leads_open": _lead_rows,
    "leads_overdue": _lead_rows,
    "leads_mandatory": _lead_rows,
}
