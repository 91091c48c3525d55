"""Entrusted-care agreements (委托照护协议) for left-behind children, and the rate of
left-behind children with a valid one.

An agreement is valid on day D when it was signed on or before D and D is not after its
``valid_until`` (no end date: valid until replaced or the child leaves the category)."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from wbz_cli.domain.children import check_name, normalise_phone, normalise_text
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.dates import check_not_future, parse_date
from wbz_cli.domain.errors import InvalidInput, RuleViolation
from wbz_cli.store import agreements as q
from wbz_cli.store.children import insert, require_child
from wbz_cli.store.records import void_marks
from wbz_cli.store.session import Store, now_text
from wbz_cli.store.visits import case_open_on


def add_agreement(
    store: Store,
    key: str,
    today: date,
    *,
    carer: str,
    relation: str,
    phone: str,
    signed_on: date,
    valid_until: date | None = None,
    school_notified: bool = False,
    committee_notified: bool = False,
    notes: str | None = None,
) -> dict[str, Any]:
    values = _agreement_values(
        carer, relation, phone, signed_on, valid_until, today,
        int(school_notified), int(committee_notified), normalise_text(notes) or None,
    )  # fmt: skip
    with store.write() as conn:
        child = _agreement_child(conn, key, signed_on, today)
        cid = int(child["id"])
        aid = insert(conn, "care_agreements", {"child_id": cid, **values, "created_at": now_text()})
        store.audit("insert", "care_agreement", f"{child['code']}/{aid}", None, values)
    return {"child": child["code"], "name": child["name"], **values}


def _agreement_values(
    carer: object,
    relation: object,
    phone: object,
    signed_on: date,
    valid_until: date | None,
    today: date,
    school_notified: int,
    committee_notified: int,
    notes: str | None,
) -> dict[str, Any]:
    """The columns of an agreement, after the checks of ``care-agreement add``."""
    check_not_future(signed_on, today, "签订日期")
    if valid_until is not None and valid_until < signed_on:
        raise InvalidInput(
            f"有效期至 {valid_until.isoformat()} 早于签订日期 {signed_on.isoformat()}，请核对"
        )
    relation_text = normalise_text(relation, 20)
    if not relation_text:
        raise InvalidInput("受托人与儿童的关系为空，请用 --relation 填写（如 祖母、叔叔）")
    values = {
        "carer": check_name(carer, "受托照护人姓名"),
        "relation": relation_text,
        "carer_phone": normalise_phone(phone),
        "signed_on": signed_on.isoformat(),
        "valid_until": valid_until.isoformat() if valid_until else None,
        "school_notified": school_notified,
        "committee_notified": committee_notified,
        "notes": notes,
    }
    if not values["carer_phone"]:
        raise InvalidInput("受托照护人电话为空，请用 --phone 填写")
    return values


def _agreement_child(
    conn: sqlite3.Connection, key: str, signed_on: date, today: date
) -> sqlite3.Row:
    """The child of an agreement: on file today and left-behind on the day signed or today."""
    child = require_child(conn, key)
    cid = int(child["id"])
    if not case_open_on(conn, cid, today.isoformat()):
        raise RuleViolation(f"{child['code']}（{child['name']}）已退出，不能登记委托照护协议")
    if not (
        q.left_behind_on(conn, cid, signed_on.isoformat())
        or q.left_behind_on(conn, cid, today.isoformat())
    ):
        raise RuleViolation(
            f"{child['code']} 不属于农村留守儿童，委托照护协议只为留守儿童登记；"
            "如属留守请先用 wbz update --add-category left_behind"
        )
    return child


def checked_agreement_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of the agreement with the changes (carer, relation, phone, signed_on,
    valid_until, school_notified, committee_notified, notes) applied, after the checks of
    ``care-agreement add``."""
    signed_on = parse_date(e.value("signed_on"), "签订日期")
    until = e.value("valid_until")
    values = _agreement_values(
        e.value("carer"), e.value("relation"), e.value("phone", "carer_phone"), signed_on,
        parse_date(until, "有效期") if until else None, e.today,
        int(e.value("school_notified")), int(e.value("committee_notified")), e.text("notes"),
    )  # fmt: skip
    _agreement_child(conn, e.child_key(), signed_on, e.today)
    return values


def list_agreements(
    store: Store, key: str | None, today: date, include_voided: bool = False
) -> list[dict[str, Any]]:
    child_id = int(require_child(store.conn, key)["id"]) if key else None
    rows = q.list_agreements(
        store.conn, today.isoformat(), child_id=child_id, include_voided=include_voided
    )
    return [
        {
            "child": r["child"],
            "name": r["name"],
            "carer": r["carer"],
            "relation": r["relation"],
            "carer_phone": r["carer_phone"],
            "signed_on": r["signed_on"],
            "valid_until": r["valid_until"],
            "school_notified": bool(r["school_notified"]),
            "committee_notified": bool(r["committee_notified"]),
            "valid": bool(r["valid"]),
            "id": r["id"],
            **(void_marks(r) if include_voided else {}),
        }
        for r in rows
    ]


def agreement_rate(conn: sqlite3.Connection, on: date) -> dict[str, Any]:
    """Left-behind children (active and in the category on ``on``) with a valid agreement."""
    rows = q.left_behind_coverage(conn, on.isoformat())
    covered = sum(1 for r in rows if r["covered"])
    total = len(rows)
    rate = (
        str((Decimal(covered * 100) / total).quantize(Decimal("0.01"), ROUND_HALF_UP))
        if total
        else None
    )
    return {
        "on": on.isoformat(),
        "left_behind": total,
        "with_agreement": covered,
        "without_agreement": total - covered,
        "rate_percent": rate,
        "missing": [
            {"child": r["code"], "name": r["name"], "community": r["community"]}
            for r in rows
            if not r["covered"]
        ],
    }
