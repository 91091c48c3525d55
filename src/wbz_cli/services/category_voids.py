"""Voiding a category period added by mistake (``wbz category void``) and bringing it back
(``wbz category unvoid``). The period stays in child_categories with who, when and why
(migration m0906); every reader leaves it out, so the child's categories, the figures by
category and the subsidy checks move at once (the report's kept parts follow by the change
triggers of m0703). A void that would leave a payment of 孤儿 or 事实无人抚养 outside its
category is refused with the list of those payments, as ``wbz update`` refuses a correction
(services/particulars.py)."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from wbz_cli.domain import particulars as rules
from wbz_cli.domain.corrections import void_reason
from wbz_cli.domain.enums import Category
from wbz_cli.domain.errors import InvalidInput, NotFound, RuleViolation
from wbz_cli.domain.particulars import CategoryPeriod, Particulars, Period, Record
from wbz_cli.store import children as q
from wbz_cli.store import records as rq
from wbz_cli.store.children import require_child
from wbz_cli.store.particulars import dated_records
from wbz_cli.store.session import Store, now_text

VOID_FIELDS = ("voided_at", "voided_by", "void_reason")


def _pick(
    rows: list[sqlite3.Row], code: str, category: Category, start: date | None, state: str
) -> sqlite3.Row:
    """The one period of ``category`` among ``rows`` (starting on ``start`` when given)."""
    own = [k for k in rows if k["category"] == category.value]
    if start is not None:
        own = [k for k in own if k["start_on"] == start.isoformat()]
    if not own:
        since = f"自 {start.isoformat()} 起的" if start else ""
        raise NotFound(f"{code} 没有{since}{state}{category.label}类别：请用 wbz show {code} 查看")
    if len(own) > 1:
        days = "、".join(k["start_on"] for k in own)
        raise InvalidInput(
            f"{code} 有 {len(own)} 段{state}{category.label}类别（开始于 {days}）：请写明开始日期，"
            f"如 {category.value}={own[0]['start_on']}"
        )
    return own[0]


def void_category(
    store: Store, key: str, category: Category, start: date | None, reason: str
) -> dict[str, Any]:
    """Withdraw the child's period of ``category``; refused, naming the payments, when a
    payment of that category would be left outside it."""
    text = void_reason(reason, "误登类别")
    with store.write() as conn:
        row = require_child(conn, key)
        period = _pick(q.category_periods(conn, int(row["id"])), row["code"], category, start, "")
        change = f"作废{category.label}类别（自 {period['start_on']} 起）"
        void_period(store, conn, row, period, text, change)
    return {"code": row["code"], "category": category.value, "start_on": period["start_on"]}


def void_period(
    store: Store,
    conn: sqlite3.Connection,
    child: sqlite3.Row,
    period: sqlite3.Row,
    reason: str,
    change: str,
) -> None:
    """Void the child's live category ``period`` with the audit row, inside the caller's
    transaction; refused (``change``: what the refusal says could not be done), naming the
    payments, when a payment of that category would be left outside it."""
    cid = int(child["id"])
    live = q.category_periods(conn, cid)
    cases = [Period(c["opened_on"], c["closed_on"]) for c in q.case_periods(conn, cid)]
    birth = date.fromisoformat(child["birth_date"])

    def held(periods: list[sqlite3.Row]) -> Particulars:
        kept = [CategoryPeriod(k["category"], k["start_on"], k["end_on"]) for k in periods]
        return Particulars(birth, child["registered_on"], cases, kept)

    records = [Record(*r) for r in dated_records(conn, cid)]
    rest = [k for k in live if k["id"] != period["id"]]
    broken = rules.broken_by(records, held(live), held(rest))
    if broken:
        raise RuleViolation(rules.refusal(child["code"], change, broken))
    marks = {"voided_at": now_text(), "voided_by": store.operator, "void_reason": reason}
    rq.set_void(conn, "child_categories", int(period["id"]), *marks.values())
    key = f"{child['code']}/{period['id']}"
    store.audit("void", "category", key, dict.fromkeys(VOID_FIELDS), marks)


def unvoid_category(
    store: Store, key: str, category: Category, start: date | None
) -> dict[str, Any]:
    """Bring a voided period back, unless the child holds that category again meanwhile in
    days it would overlap."""
    with store.write() as conn:
        row = require_child(conn, key)
        voided = q.voided_category_periods(conn, int(row["id"]))
        period = _pick(voided, row["code"], category, start, "已作废的")
        unvoid_period(store, conn, row, period)
    return {"code": row["code"], "category": category.value, "start_on": period["start_on"]}


def unvoid_period(
    store: Store, conn: sqlite3.Connection, child: sqlite3.Row, period: sqlite3.Row
) -> None:
    """Bring the voided category ``period`` back with the audit row, inside the caller's
    transaction, unless the child holds that category again in days it would overlap."""
    category = Category.of(period["category"])
    mine = Period(period["start_on"], period["end_on"])
    for k in q.category_periods(conn, int(child["id"])):
        other = Period(k["start_on"], k["end_on"])
        if k["category"] == category.value and overlap(mine, other):
            raise RuleViolation(
                f"不能恢复：{child['code']} 已另有一段{category.label}类别"
                f"（自 {k['start_on']} 起），与作废的这段重叠；如需恢复，请先结束或作废那一段"
            )
    marks = {f: period[f] for f in VOID_FIELDS}
    rq.set_void(conn, "child_categories", int(period["id"]), None, None, None)
    key = f"{child['code']}/{period['id']}"
    store.audit("unvoid", "category", key, marks, dict.fromkeys(VOID_FIELDS))


def overlap(a: Period, b: Period) -> bool:
    return (a.end is None or b.start < a.end) and (b.end is None or a.start < b.end)
