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
from wbz_cli.store.agreements import agreements_of_child
from wbz_cli.store.care import list_services
from wbz_cli.store.leads import list_leads
from wbz_cli.store.plans import plans_of_child
from wbz_cli.store.records import plan_reviews, voided_of_child
from wbz_cli.store.subsidies import list_payments
from wbz_cli.store.visits import last_visits_of, visit_count_of

LAST_VISITS = 10


def care_sections(conn: sqlite3.Connection, child_id: int) -> dict[str, Any]:
    return {
        "assessments": risk_assessments(conn, child_id),
        "guardianship_assessments": guardianship_assessments(conn, child_id),
        "visits": visits(conn, child_id),
        "visit_count": visit_count_of(conn, child_id),
        "leads": leads(conn, child_id),
        "plans": plans(conn, child_id),
        "services": services(conn, child_id),
        "subsidies": subsidies(conn, child_id),
        "care_agreements": agreements(conn, child_id),
        **record_sections(conn, child_id),
        "attachments": attachments_in_file(conn, child_id),
        "voided_records": voided_of_child(conn, child_id),
    }


def record_sections(conn: sqlite3.Connection, child_id: int) -> dict[str, Any]:
    """Issue 25's records of the child: placements and applications."""
    from wbz_cli.services.pairs import pair_row
    from wbz_cli.store.applications import list_applications
    from wbz_cli.store.pairs import list_pairs, records_under_pairs
    from wbz_cli.store.placements import placements_of_child
    from wbz_cli.store.screenings import screenings_of_child

    under = records_under_pairs(conn, child_id)
    return {
        "placements": [
            {
                k: r[k]
                for k in ("id", "kind", "place", "reason", "started_on", "ended_on", "end_note")
            }
            for r in placements_of_child(conn, child_id)
        ],
        "applications": [
            {
                k: r[k]
                for k in (
                    "id",
                    "kind",
                    "what",
                    "subtype",
                    "applied_on",
                    "agency",
                    "status",
                    "decided_on",
                    "starts_on",
                    "refuse_reason",
                )
            }
            for r in list_applications(conn, child_id=child_id)
        ],
        "pairs": [
            {
                **{k: v for k, v in pair_row(r).items() if k not in ("child", "name")},
                "visits": under[int(r["id"])][0],
                "services": under[int(r["id"])][1],
            }
            for r in list_pairs(conn, child_id=child_id)
        ],
        "screenings": [
            {k: r[k] for k in ("id", "screened_on", "source", "community", "worker")}
            for r in screenings_of_child(conn, child_id)
        ],
    }


def attachments_in_file(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    """The child's attached files as ``wbz show`` lists them: never the bytes."""
    from wbz_cli.services.attachments import attachments_of_child

    keys = ("id", "kind", "record", "file_type", "size", "sha256", "added_on")
    return [
        {**{k: a[k] for k in keys}, "name": a["file_name"]}
        for a in attachments_of_child(conn, child_id)
    ]


def visits(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    """The last ten visits, oldest first."""
    return [dict(r) for r in reversed(last_visits_of(conn, child_id, LAST_VISITS))]


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
        for r in list_leads(conn, child_id=child_id)
    ]


def plans(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    out = []
    for r in plans_of_child(conn, child_id):
        reviews = plan_reviews(conn, int(r["id"]), voided=False)
        out.append(
            {
                "code": format_code("P", r["id"]),
                "goal": r["goal"],
                "services": json.loads(r["services"]),
                "opened_on": r["opened_on"],
                "review_on": r["review_on"],
                "status": r["status"],
                "closed_on": r["closed_on"],
                "reviews": [
                    {
                        "reviewed_on": v["reviewed_on"],
                        "next_review_on": v["next_review_on"],
                        "note": v["note"],
                    }
                    for v in reviews
                ],
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
        for r in list_services(conn, child_id=child_id)
    ]


def subsidies(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    return [
        {"month": r["month"], "type": r["type"], "amount_yuan": format_fen(r["amount_fen"])}
        for r in list_payments(conn, child_id=child_id)
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
        for r in agreements_of_child(conn, child_id)
    ]
