"""Reading a child's file: finding a child, the register as of a date, one child's whole
file, a household, and the audit row left when unmasked numbers are shown."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from wbz_cli.domain.child_names import search_key
from wbz_cli.domain.child_record import (
    CasePeriod,
    CategoryPeriod,
    ChildFile,
    ChildSummary,
    RiskChange,
)
from wbz_cli.domain.children import format_code
from wbz_cli.domain.dates import age_on, day_or_none, parse_date
from wbz_cli.domain.enums import CaseStatus, Category, DifficultSubtype, Gender, Risk
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.store import children as q
from wbz_cli.store.children import require_child
from wbz_cli.store.session import Store


def list_children(
    store: Store,
    as_of: date,
    *,
    category: Category | None = None,
    community: str | None = None,
    worker: str | None = None,
    risk: Risk | None = None,
    status: str | None = None,
    name: str | None = None,
) -> list[ChildSummary]:
    if name is not None and not search_key(name):
        raise InvalidInput("--name 为空：请给出姓名或其中几个字，如 --name 王")
    rows = q.list_children(
        store.conn,
        as_of.isoformat(),
        category=category.value if category else None,
        community=community,
        worker=worker,
        risk=risk.value if risk else None,
        status=status,
        name=name,
    )
    return [child_summary(row, as_of) for row in rows]


#: Categories in the order of the enum (the order the register shows them).
_ORDER = {c: i for i, c in enumerate(Category)}


def child_summary(row: sqlite3.Row, as_of: date) -> ChildSummary:
    birth = date.fromisoformat(row["birth_date"])
    cats = sorted(
        (Category.of(c) for c in (row["categories"] or "").split(",") if c), key=_ORDER.__getitem__
    )
    closed = row["status"] == "closed"
    return ChildSummary(
        code=row["code"],
        name=row["name"],
        id_number=row["id_number"],
        gender=Gender.of(row["gender"]),
        birth_date=birth,
        age=age_on(birth, as_of),
        categories=tuple(cats),
        community=row["community"],
        worker=row["worker"],
        risk=Risk.of(row["risk"]),
        status=CaseStatus.of(row["status"]),
        household=row["household"],
        guardian=row["guardian"],
        guardian_relation=row["guardian_relation"],
        guardian_phone=row["guardian_phone"],
        address=row["address"],
        registered_on=date.fromisoformat(row["registered_on"]),
        closed_on=day_or_none(row["closed_on"]) if closed else None,
        close_reason=row["close_reason"] if closed else None,
    )


def child_file(store: Store, key: str, today: date) -> ChildFile:
    """The child's whole file: details, categories over time, household, case and risk history,
    and the care record (assessments, visits, leads, plans, services, subsidies, agreements)."""
    from wbz_cli.services.care_file import care_sections

    conn = store.conn
    row = require_child(conn, key)
    as_of = max(today.isoformat(), row["registered_on"])
    summary = child_summary(q.list_children(conn, as_of, code=row["code"])[0], today)
    household = q.household(conn, int(row["household_id"])) if row["household_id"] else None
    members = q.household_members(conn, int(row["household_id"])) if household else []
    child_id = int(row["id"])
    return ChildFile(
        child=summary,
        category_history=tuple(_category_period(k) for k in q.category_periods(conn, child_id)),
        case_history=tuple(
            CasePeriod(
                date.fromisoformat(p["opened_on"]), day_or_none(p["closed_on"]), p["close_reason"]
            )
            for p in q.case_periods(conn, child_id)
        ),
        risk_history=tuple(
            RiskChange(
                format_code("F", r["id"]),
                Risk.of(r["risk"]),
                date.fromisoformat(r["effective_on"]),
                r["source"],
            )
            for r in q.risk_history(conn, child_id)
        ),
        household_detail=household_detail(conn, household, members) if household else None,
        care=care_sections(conn, child_id),
        merged_from=tuple(q.merged_codes(conn, child_id)),
    )


def _category_period(k: sqlite3.Row) -> CategoryPeriod:
    return CategoryPeriod(
        category=Category.of(k["category"]),
        subtype=DifficultSubtype.of(k["subtype"]) if k["subtype"] else None,
        start_on=date.fromisoformat(k["start_on"]),
        end_on=day_or_none(k["end_on"] or k["expires_on"]),
        end_reason=k["end_reason"] or ("age_limit" if k["expires_on"] else None),
    )


def household_detail(
    conn: sqlite3.Connection, household: sqlite3.Row, members: list[sqlite3.Row]
) -> dict[str, Any]:
    return {
        "code": household["code"],
        "address": household["address"],
        "community": household["community"],
        "income_status": household["income_status"],
        "guardians": [
            {
                "name": g["name"],
                "relation": g["relation"],
                "phone": g["phone"],
                "situation": g["situation"],
                "id_number": g["id_number"],
                "primary": bool(g["is_primary"]),
            }
            for g in q.guardians(conn, int(household["id"]))
        ],
        "children": [
            {"code": m["code"], "name": m["name"], "status": m["status"]} for m in members
        ],
    }


def record_reveal(store: Store, what: str, keys: list[str]) -> None:
    """Showing unmasked ID and phone numbers is logged like an export."""
    with store.write():
        store.audit(
            "reveal",
            what,
            keys[0] if len(keys) == 1 else None,
            None,
            {"count": len(keys), "codes": keys[:50]},
        )


def parse_as_of(raw: str | None, today: date) -> date:
    return parse_date(raw, "查询日期") if raw else today
