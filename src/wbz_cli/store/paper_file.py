"""What the paper file (services/paper_file.py) reads beyond ``wbz show``: the reviews of a
child's plans, and how many voided records each section of the child's file leaves out."""

from __future__ import annotations

import sqlite3

#: The table behind each section of a child's file that holds voidable records (guardians
#: and leads are never voided); plan reviews are reached through their plan.
VOIDABLE_SECTIONS = {
    "categories": "child_categories",
    "cases": "case_periods",
    "risks": "risk_history",
    "assessments": "assessments",
    "guardianship_assessments": "guardianship_assessments",
    "visits": "visits",
    "plans": "plans",
    "services": "services",
    "subsidies": "subsidies",
    "care_agreements": "care_agreements",
    "placements": "placements",
    "pairs": "pairs",
    "applications": "applications",
    "screenings": "screenings",
    "gifts": "gifts",
    "attachments": "attachments",
}


def plan_reviews(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    """The reviews (not voided) of the child's plans (not voided), oldest first: the plan's
    id, the day, who recorded it, the next review it set and its note."""
    return conn.execute(
        "SELECT r.plan_id, r.reviewed_on, r.operator, r.next_review_on, r.note"
        " FROM plan_reviews r JOIN plans p ON p.id = r.plan_id"
        " WHERE p.child_id = ? AND p.voided_at IS NULL AND r.voided_at IS NULL"
        " ORDER BY r.reviewed_on, r.id",
        (child_id,),
    ).fetchall()


def voided_counts(conn: sqlite3.Connection, child_id: int) -> dict[str, int]:
    """How many voided records of the child each section holds (``plan_reviews``: voided
    reviews of plans on file); sections without any are left out."""
    parts = [
        f"SELECT '{section}', count(*) FROM {table} WHERE child_id = :c AND voided_at IS NOT NULL"
        for section, table in VOIDABLE_SECTIONS.items()
    ]
    parts.append(
        "SELECT 'plan_reviews', count(*) FROM plan_reviews r JOIN plans p ON p.id = r.plan_id"
        " WHERE p.child_id = :c AND p.voided_at IS NULL AND r.voided_at IS NOT NULL"
    )
    rows = conn.execute(" UNION ALL ".join(parts), {"c": child_id}).fetchall()
    return {str(r[0]): int(r[1]) for r in rows if r[1]}
