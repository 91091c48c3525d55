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
from wbz_cli.services.care import is_active_on
from wbz_cli.store.children import ACTIVE_ON, CATEGORY_HOLDS_ON, insert, require_child
from wbz_cli.store.records import void_marks
from wbz_cli.store.session import Store, now_text

VALID_ON = (
    "a.signed_on <= :d AND (a.valid_until IS NULL OR a.valid_until >= :d) AND a.voided_at IS NULL"
)
#: Children ``c`` active and left-behind on :d, one row each. Driven from the category rows:
#: as a correlated EXISTS per child SQLite picks the category index and turns quadratic.
LEFT_BEHIND_CHILDREN = (
    "SELECT DISTINCT c.* FROM child_categories k JOIN children c ON c.id = k.child_id"
    f" WHERE k.category = 'left_behind' AND {CATEGORY_HOLDS_ON} AND {ACTIVE_ON}"
)


def _left_behind_on(conn: sqlite3.Connection, child_id: int, day: str) -> bool:
    return (
        conn.execute(
            f"SELECT 1 FROM child_categories k WHERE k.child_id = :id"
            f" AND k.category = 'left_behind' AND {CATEGORY_HOLDS_ON}",
            {"id": child_id, "d": day},
        ).fetchone()
        is not None
    )


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
    if not is_active_on(conn, cid, today.isoformat()):
        raise RuleViolation(f"{child['code']}（{child['name']}）已退出，不能登记委托照护协议")
    if not (
        _left_behind_on(conn, cid, signed_on.isoformat())
        or _left_behind_on(conn, cid, today.isoformat())
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
    sql = (
        "SELECT a.*, c.code AS child, c.name AS name,"
        f" ({VALID_ON}) AS valid FROM care_agreements a JOIN children c ON c.id = a.child_id"
        f" WHERE {'1 = 1' if include_voided else 'a.voided_at IS NULL'}"
    )
    params: dict[str, Any] = {"d": today.isoformat()}
    if key:
        sql += " AND a.child_id = :child"
        params["child"] = int(require_child(store.conn, key)["id"])
    rows = store.conn.execute(sql + " ORDER BY c.id, a.signed_on, a.id", params).fetchall()
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
    rows = conn.execute(
        f"SELECT c.code, c.name, c.community,"
        f" EXISTS (SELECT 1 FROM care_agreements a WHERE a.child_id = c.id AND {VALID_ON})"
        f" AS covered FROM ({LEFT_BEHIND_CHILDREN}) c ORDER BY c.id",
        {"d": on.isoformat()},
    ).fetchall()
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
