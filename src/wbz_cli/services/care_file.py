"""The care sections of a child's file (``wbz show``): assessments, visits, leads, plans,
services, subsidies and entrusted-care agreements. Visits and leads read the first schema's
tables, so they fill in as those commands land."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from wbz_cli.domain.children import format_code
from wbz_cli.domain.money import format_fen
from wbz_cli.services.assessments import guardianship_assessments, risk_assessments
from wbz_cli.store.records import voided_of_child

LAST_VISITS = 10


def care_sections(conn: sqlite3.Connection, child_id: int) -> dict[str, Any]:
    return {
        "assessments": risk_assessments(conn, child_id),
        "guardianship_assessments": guardianship_assessments(conn, child_id),
        "visits": visits(conn, child_id),
        "visit_count": conn.execute(
            "SELECT count(*) FROM visits WHERE child_id = ? AND voided_at IS NULL", (child_id,)
        ).fetchone()[0],
        "leads": leads(conn, child_id),
        "plans": plans(conn, child_id),
        "services": services(conn, child_id),
        "subsidies": subsidies(conn, child_id),
        "care_agreements": agreements(conn, child_id),
        "voided_records": voided_of_child(conn, child_id),
    }


def visits(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    """The last ten visits, oldest first."""
    rows = conn.execute(
        "SELECT visited_on, mode, worker, notes FROM visits"
        " WHERE child_id = ? AND voided_at IS NULL ORDER BY visited_on DESC, id DESC LIMIT ?",
        (child_id, LAST_VISITS),
    ).fetchall()
    return [dict(r) for r in reversed(rows)]


def leads(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    return [
        {
            "code": r["code"],
            "type": r["type"],
            "source": r["source"],
            "mandatory": bool(r["mandatory"]),
            "status": r["status"],
            "found_on": r["found_on"],
            "agency": r["agency"],
            "summary": r["summary"],
        }
        for r in conn.execute(
            "SELECT * FROM leads WHERE child_id = ? ORDER BY found_on, id", (child_id,)
        )
    ]


def plans(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    out = []
    for r in conn.execute(
        "SELECT * FROM plans WHERE child_id = ? AND voided_at IS NULL ORDER BY opened_on, id",
        (child_id,),
    ):
        reviews = conn.execute(
            "SELECT reviewed_on, next_review_on, note FROM plan_reviews WHERE plan_id = ?"
            " AND voided_at IS NULL ORDER BY reviewed_on, id",
            (r["id"],),
        ).fetchall()
        out.append(
            {
                "code": format_code("P", r["id"]),
                "goal": r["goal"],
                "services": json.loads(r["services"]),
                "opened_on": r["opened_on"],
                "review_on": r["review_on"],
                "status": r["status"],
                "closed_on": r["closed_on"],
                "reviews": [dict(v) for v in reviews],
            }
        )
    return out


def services(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    return [
        {
            "served_on": r["served_on"],
            "type": r["type"],
            "provider": r["provider"],
            "hours": r["hours"],
            "plan": format_code("P", r["plan_id"]) if r["plan_id"] else None,
            "notes": r["notes"],
        }
        for r in conn.execute(
            "SELECT * FROM services WHERE child_id = ? AND voided_at IS NULL"
            " ORDER BY served_on, id",
            (child_id,),
        )
    ]


def subsidies(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    return [
        {"month": r["month"], "type": r["type"], "amount_yuan": format_fen(r["amount_fen"])}
        for r in conn.execute(
            "SELECT month, type, amount_fen FROM subsidies WHERE child_id = ? AND voided_at IS NULL"
            " ORDER BY month, type",
            (child_id,),
        )
    ]


def agreements(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    return [
        {
            "carer": r["carer"],
            "relation": r["relation"],
            "carer_phone": r["carer_phone"],
            "signed_on": r["signed_on"],
            "valid_until": r["valid_until"],
            "school_notified": bool(r["school_notified"]),
            "committee_notified": bool(r["committee_notified"]),
            "notes": r["notes"],
        }
        for r in conn.execute(
            "SELECT * FROM care_agreements WHERE child_id = ? AND voided_at IS NULL"
            " ORDER BY signed_on, id",
            (child_id,),
        )
    ]
