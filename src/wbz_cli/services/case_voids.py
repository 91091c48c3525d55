"""Voiding a case period opened by mistake (a ``wbz reopen`` of the wrong child, say) with
``wbz case void``, and bringing it back with ``wbz case unvoid``. Only the child's latest
case period can be voided, and never the first (the registration's): the child is then
closed again as the period before it ended. The period stays in case_periods with who, when
and why (migration m0907); every reader leaves it out, so the active, new and closed counts
move at once (the report's kept parts follow by the change triggers of m0703). A void that
would leave a record outside any case period (a visit, a payment in the reopened months) is
refused with the list of those records, as ``wbz update`` refuses a correction."""

from __future__ import annotations

from datetime import date
from typing import Any

from wbz_cli.domain import particulars as rules
from wbz_cli.domain.corrections import void_reason
from wbz_cli.domain.errors import NotFound, RuleViolation
from wbz_cli.domain.particulars import CategoryPeriod, Particulars, Period, Record
from wbz_cli.services.category_voids import VOID_FIELDS, overlap
from wbz_cli.store import children as q
from wbz_cli.store import records as rq
from wbz_cli.store.children import require_child
from wbz_cli.store.particulars import dated_records
from wbz_cli.store.session import Store, now_text

STATUS_FIELDS = ("status", "closed_on", "close_reason")


def void_case(store: Store, key: str, opened_on: date, reason: str) -> dict[str, Any]:
    """Withdraw the child's latest case period, opened on ``opened_on``; the child is closed
    as the period before it was."""
    text = void_reason(reason, "误恢复在册")
    day = opened_on.isoformat()
    with store.write() as conn:
        row = require_child(conn, key)
        cid = int(row["id"])
        cases = q.case_periods(conn, cid)
        found = [p for p in cases if p["opened_on"] == day]
        if not found:
            raise NotFound(f"{row['code']} 没有 {day} 立案的期间：请用 wbz show {row['code']} 查看")
        period = found[0]
        if period["id"] != cases[-1]["id"]:
            raise RuleViolation(
                f"只能作废最近的一段立案期间（{row['code']} 最近一段"
                f"自 {cases[-1]['opened_on']} 起）"
            )
        if len(cases) == 1:
            raise RuleViolation(
                f"{day} 是 {row['code']} 唯一的立案期间，不能作废；登记有误请用 wbz update 更正"
            )
        birth = date.fromisoformat(row["birth_date"])
        kinds = [
            CategoryPeriod(k["category"], k["start_on"], k["end_on"])
            for k in q.category_periods(conn, cid)
        ]

        def held(periods: list[Any]) -> Particulars:
            spans = [Period(p["opened_on"], p["closed_on"]) for p in periods]
            return Particulars(birth, row["registered_on"], spans, kinds)

        records = [Record(*r) for r in dated_records(conn, cid) if r[0] != "case"]
        broken = rules.broken_by(records, held(cases), held(cases[:-1]))
        if broken:
            change = f"作废自 {day} 起的立案期间"
            raise RuleViolation(rules.refusal(row["code"], change, broken))
        marks = {"voided_at": now_text(), "voided_by": store.operator, "void_reason": text}
        rq.set_void(conn, "case_periods", int(period["id"]), *marks.values())
        before_status = {f: row[f] for f in STATUS_FIELDS}
        previous = cases[-2]
        status = {
            "status": "closed",
            "closed_on": previous["closed_on"],
            "close_reason": previous["close_reason"],
        }
        q.update(conn, "children", cid, {**status, "updated_at": now_text()})
        key_ = f"{row['code']}/case/{period['id']}"
        store.audit("void", "case", key_, dict.fromkeys(VOID_FIELDS), marks)
        store.audit("update", "child", row["code"], before_status, status)
    return {"code": row["code"], "opened_on": day, **status}


def unvoid_case(store: Store, key: str, opened_on: date) -> dict[str, Any]:
    """Bring a voided case period back, unless the child's case was reopened meanwhile."""
    day = opened_on.isoformat()
    with store.write() as conn:
        row = require_child(conn, key)
        cid = int(row["id"])
        found = [p for p in rq.voided_case_periods(conn, cid) if p["opened_on"] == day]
        if not found:
            raise NotFound(f"{row['code']} 没有 {day} 立案、已作废的期间")
        period = found[0]
        mine = Period(period["opened_on"], period["closed_on"])
        for p in q.case_periods(conn, cid):
            if overlap(mine, Period(p["opened_on"], p["closed_on"])) or p["opened_on"] > day:
                raise RuleViolation(
                    f"不能恢复：{row['code']} 已另有自 {p['opened_on']} 起的立案期间，"
                    "与作废的这段重叠或在其后"
                )
        marks = {f: period[f] for f in VOID_FIELDS}
        rq.set_void(conn, "case_periods", int(period["id"]), None, None, None)
        before_status = {f: row[f] for f in STATUS_FIELDS}
        status = {
            "status": "closed" if period["closed_on"] else "active",
            "closed_on": period["closed_on"],
            "close_reason": period["close_reason"],
        }
        q.update(conn, "children", cid, {**status, "updated_at": now_text()})
        key_ = f"{row['code']}/case/{period['id']}"
        store.audit("unvoid", "case", key_, marks, dict.fromkeys(VOID_FIELDS))
        store.audit("update", "child", row["code"], before_status, status)
    return {"code": row["code"], "opened_on": day, **status}
