"""Leads (线索): record, link to a child, move through the states; change the deadline policy.

Reading (one lead, listings, the policy in force) is in ``lead_queries``."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wbz_cli.domain import leads as rules
from wbz_cli.domain.children import format_code, normalise_text
from wbz_cli.domain.dates import check_not_future
from wbz_cli.domain.errors import Conflict, InvalidInput, RuleViolation
from wbz_cli.domain.leads import AgencyType, Rule
from wbz_cli.domain.vocab import LeadSource, LeadStatus, LeadType
from wbz_cli.services.lead_queries import load_policy, require_lead
from wbz_cli.store import leads as q
from wbz_cli.store.children import require_child
from wbz_cli.store.session import Store, now_text


@dataclass
class Outcome:
    """What a write did: the lead's code and status, and warnings for the user."""

    code: str
    status: str
    mandatory: bool = False
    warnings: list[str] = field(default_factory=list)


def _text(raw: str | None, limit: int) -> str | None:
    return normalise_text(raw, limit) or None if raw is not None else None


def add_lead(
    store: Store,
    today: date,
    *,
    lead_type: LeadType,
    source: LeadSource,
    on: date | None = None,
    child: str | None = None,
    to: str | None = None,
    agency_type: AgencyType | None = None,
    mandatory: bool = False,
    summary: str | None = None,
    reference: str | None = None,
    source_agency: str | None = None,
) -> Outcome:
    """Record a lead; an incoming one (police, procuratorate, court) starts as verified."""
    day = on or today
    check_not_future(day, today, "发现日期")
    summary_text = _text(summary, 500)
    reference_text = _text(reference, 100)
    to_text = _text(to, 100)
    if agency_type is not None and not to_text:
        raise InvalidInput("--agency-type 需与 --to（移送单位）一起使用")
    status = rules.initial_status(source.value)
    incoming = source.value in rules.INCOMING_SOURCES
    origin = _text(source_agency, 100) or (source.label if incoming else None)
    flagged = rules.is_mandatory(lead_type.value, mandatory)
    out = Outcome("", status, flagged)
    with store.write() as conn:
        child_row = require_child(conn, child) if child else None
        if child_row is None and not summary_text:
            raise InvalidInput(
                "未指定儿童时请用 --summary 简要描述线索（如 姓名、住址、情况），"
                "儿童登记后可用 wbz refer link 关联"
            )
        if reference_text and (dup := q.lead_by_reference(conn, source.value, reference_text)):
            raise Conflict(
                f"{source.label}的文号“{reference_text}”已登记为线索 {dup['code']}，"
                f"请用 wbz refer show {dup['code']} 查看"
            )
        lid = q.next_id(conn, "leads")
        stamp = now_text()
        values: dict[str, Any] = {
            "id": lid,
            "code": format_code("L", lid),
            "child_id": int(child_row["id"]) if child_row else None,
            "type": lead_type.value,
            "source": source.value,
            "mandatory": int(flagged),
            "status": status,
            "found_on": day.isoformat(),
            "agency": None,
            "agency_type": None,
            "summary": summary_text,
            "reference": reference_text,
            "source_agency": origin,
            "created_at": stamp,
            "updated_at": stamp,
        }
        out.code = str(values["code"])
        q.insert(conn, "leads", values)
        note = "接收移送线索" + (f"（文号 {reference_text}）" if reference_text else "")
        _event(
            store,
            conn,
            lid,
            status,
            day,
            origin if incoming else None,
            None,
            note if incoming else None,
        )
        store.audit(
            "insert",
            "lead",
            out.code,
            None,
            {k: v for k, v in values.items() if k not in ("created_at", "updated_at")},
        )
        if to_text:
            kind = agency_type or rules.guess_agency_type(to_text)
            rules.check_move(out.code, status, "transferred")
            _apply_move(store, conn, values, "transferred", day, to_text, kind.value, None)
            out.status = "transferred"
            out.warnings += _transfer_warnings(flagged, kind)
    if flagged and not incoming and out.status != "transferred":
        out.warnings.append(
            f"{out.code} 属于强制报告情形，须于发现当日（{day.isoformat()}）移送公安机关："
            f"wbz refer move {out.code} --status transferred --agency 派出所名称"
        )
    return out


def _event(
    store: Store,
    conn: sqlite3.Connection,
    lead_id: int,
    status: str,
    day: date,
    agency: str | None,
    agency_type: str | None,
    note: str | None,
    reverses: int | None = None,
) -> None:
    q.insert(
        conn,
        "lead_events",
        {
            "reverses": reverses,
            "lead_id": lead_id,
            "status": status,
            "on_date": day.isoformat(),
            "agency": agency,
            "agency_type": agency_type,
            "note": note,
            "operator": store.operator,
            "created_at": now_text(),
        },
    )


def _apply_move(
    store: Store,
    conn: sqlite3.Connection,
    lead: Any,
    status: str,
    day: date,
    agency: str | None,
    agency_type: str | None,
    note: str | None,
) -> None:
    before = {
        "status": lead["status"],
        "agency": lead["agency"],
        "agency_type": lead["agency_type"],
    }
    after = {"status": status, "agency": agency, "agency_type": agency_type}
    _event(store, conn, int(lead["id"]), status, day, agency, agency_type, note)
    q.update(conn, "leads", int(lead["id"]), {**after, "updated_at": now_text()})
    store.audit(
        "move", "lead", lead["code"], before, {**after, "on": day.isoformat(), "note": note}
    )


def _transfer_warnings(mandatory: bool, kind: AgencyType) -> list[str]:
    if mandatory and kind is not AgencyType.POLICE:
        return [
            f"强制报告线索应移送公安机关，本次接收单位类型为“{kind.label}”，请确认已同时报告公安"
        ]
    return []


def move_lead(
    store: Store,
    today: date,
    code: str,
    status: LeadStatus,
    *,
    on: date | None = None,
    agency: str | None = None,
    agency_type: AgencyType | None = None,
    note: str | None = None,
) -> Outcome:
    """Move a lead to ``status`` on ``on``: allowed by the state machine, dated in order."""
    day = on or today
    check_not_future(day, today, "变更日期")
    agency_text = _text(agency, 100)
    note_text = _text(note, 500)
    with store.write() as conn:
        lead = require_lead(conn, code)
        rules.check_move(lead["code"], lead["status"], status.value)
        history = q.events_in_force(conn, int(lead["id"]))
        last_status, last_on = (
            (history[-1]["status"], history[-1]["on_date"])
            if history
            else (lead["status"], lead["found_on"])
        )
        if day.isoformat() < last_on:
            raise RuleViolation(
                f"日期 {day.isoformat()} 早于上一次变更"
                f"（{rules.label(last_status)}，{last_on}），请核对"
            )
        warnings: list[str] = []
        if status.value == "transferred":
            if not agency_text:
                raise InvalidInput("移送时请用 --agency 写明接收单位（如 某某派出所）")
            kind = agency_type or rules.guess_agency_type(agency_text)
            warnings = _transfer_warnings(bool(lead["mandatory"]), kind)
            new_agency, new_type = agency_text, kind.value
        else:
            if agency_type is not None:
                raise InvalidInput("--agency-type 只用于移送（--status transferred）")
            new_agency, new_type = agency_text or lead["agency"], lead["agency_type"]
        _apply_move(store, conn, lead, status.value, day, new_agency, new_type, note_text)
    return Outcome(lead["code"], status.value, bool(lead["mandatory"]), warnings)


def undo_move(
    store: Store, today: date, code: str, reason: str, *, on: date | None = None
) -> Outcome:
    """Take back the lead's latest move in force: write an undo event after it (the history
    keeps both) and restore the status and agency the lead had before that move."""
    day = on or today
    check_not_future(day, today, "撤销日期")
    reason_text = _text(reason, 500)
    if not reason_text:
        raise InvalidInput("请用 --reason 写明撤销的原因（如 误点了受理）")
    with store.write() as conn:
        lead = require_lead(conn, code)
        history = q.events_in_force(conn, int(lead["id"]))
        if len(history) < 2:
            raise RuleViolation(
                f"线索 {lead['code']} 还没有可撤销的变更（只有登记时的状态"
                f"“{rules.label(history[-1]['status'] if history else lead['status'])}”）；"
                "如登记有误，请用 wbz refer move 改为撤回（withdrawn）"
            )
        undone, restored = history[-1], history[-2]
        if day.isoformat() < undone["on_date"]:
            raise RuleViolation(
                f"撤销日期 {day.isoformat()} 早于所撤销的变更日期 {undone['on_date']}，请核对"
            )
        first = restored["id"] == history[0]["id"]
        agency = None if first else restored["agency"]
        agency_type = None if first else restored["agency_type"]
        note = f"撤销 {undone['on_date']} 的“{rules.label(undone['status'])}”：{reason_text}"
        _event(
            store, conn, int(lead["id"]), restored["status"], day, agency, agency_type, note,
            reverses=int(undone["id"]),
        )  # fmt: skip
        q.update(
            conn,
            "leads",
            int(lead["id"]),
            {
                "status": restored["status"],
                "agency": agency,
                "agency_type": agency_type,
                "updated_at": now_text(),
            },
        )
        store.audit(
            "undo_move",
            "lead",
            lead["code"],
            {k: lead[k] for k in ("status", "agency", "agency_type")},
            {
                "status": restored["status"],
                "agency": agency,
                "agency_type": agency_type,
                "undone_on": undone["on_date"],
                "on": day.isoformat(),
                "reason": reason_text,
            },
        )
    return Outcome(lead["code"], str(restored["status"]), bool(lead["mandatory"]))


def link_lead(store: Store, code: str, child: str, *, replace: bool = False) -> dict[str, str]:
    """Attach a lead recorded before the child was registered to the child's file."""
    with store.write() as conn:
        lead = require_lead(conn, code)
        row = require_child(conn, child)
        if lead["child_id"] == row["id"]:
            raise RuleViolation(f"线索 {lead['code']} 已关联 {row['code']}，无需重复关联")
        if lead["child_id"] is not None and not replace:
            raise Conflict(
                f"线索 {lead['code']} 已关联儿童 {lead['child']}；如需改为 {row['code']}，"
                "请加 --replace"
            )
        q.update(conn, "leads", int(lead["id"]), {"child_id": row["id"], "updated_at": now_text()})
        store.audit("link", "lead", lead["code"], {"child": lead["child"]}, {"child": row["code"]})
    return {"lead": lead["code"], "child": row["code"], "name": row["name"]}


def set_policy(
    store: Store, today: date, key: str, days: int, working: bool | None, on: date | None = None
) -> dict[str, Any]:
    """Change one deadline rule from ``on`` (default today; audited). ``working`` None keeps
    the way days are counted. Days before ``on`` keep the rule they had."""
    name = rules.policy_key(key)
    if not 0 <= days <= 365:
        raise InvalidInput(f"期限天数 {days} 无效，请填 0 到 365 之间的整数")
    day = on or today
    with store.write() as conn:
        old = load_policy(conn, day)[name]
        new = Rule(days, old.working if working is None else working)
        q.set_policy(conn, name, day.isoformat(), new.days, new.working)
        store.audit(
            "update",
            "lead_policy",
            name,
            {"days": old.days, "working": old.working},
            {"days": new.days, "working": new.working, "effective_on": day.isoformat()},
        )
    return {
        "key": name,
        "label": rules.POLICY_LABELS[name],
        "text": new.text(),
        "effective_on": day.isoformat(),
    }
