"""The records behind one report figure (``wbz report explain``), one named query per kind of
record, written from METRICS.md's definitions and on purpose *not* from ``store/figures.py``:
the report and its explanation are two readings of the same definitions, and tests check
that they agree.

Every query selects the same columns: ``child_id`` (NULL for a station's own record),
``record`` (the record's number or code), ``on_date`` (its date; a payment's month),
``amount_fen``, ``participants``, ``label`` (the name of a record without a child) and
``part`` (numerator / denominator of a rate); ``:a`` and ``:b`` are the period's first and
last day, ``:k`` the member of a breakdown (a mode, a type, a category; NULL: all).
``explain_rows`` adds the child's code, name, ID number, community, worker and household.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from wbz_cli.store.screenings import FROM_A_LIST

#: A case period ``p`` open on :b.
_CASE_OPEN_AT_B = (
    "p.opened_on <= :b AND (p.closed_on IS NULL OR p.closed_on > :b) AND p.voided_at IS NULL"
)
#: The child ``child_id`` of the outer row has an open case on :b.
_ACTIVE_AT_B = (
    f"EXISTS (SELECT 1 FROM case_periods p WHERE p.child_id = {{c}} AND {_CASE_OPEN_AT_B})"
)
#: A category period ``k`` holds on day ``{d}``.
_HOLDS_ON = (
    "k.start_on <= {d} AND (k.end_on IS NULL OR k.end_on > {d})"
    " AND (k.expires_on IS NULL OR k.expires_on > {d}) AND k.voided_at IS NULL"
)
_NONE = "NULL AS amount_fen, NULL AS participants, NULL AS label, NULL AS part"
#: A payment ``s`` for a month of the period.
_PAID_IN_PERIOD = (
    "s.month BETWEEN substr(:a, 1, 7) AND substr(:b, 1, 7) AND s.voided_at IS NULL"
    " AND (:k IS NULL OR s.type = :k)"
)
_RISK_AT_B = (
    "coalesce((SELECT r.risk FROM risk_history r WHERE r.child_id = p.child_id"
    " AND r.effective_on <= :b AND r.voided_at IS NULL"
    " ORDER BY r.effective_on DESC, r.id DESC LIMIT 1), 'unassessed')"
)
#: An agreement ``g`` in force on :b (store/agreements.py's validity).
_AGREEMENT_IN_FORCE = (
    "g.signed_on <= :b AND (g.valid_until IS NULL OR g.valid_until >= :b) AND g.voided_at IS NULL"
)
#: A plan ``pl`` of a child with an open case, itself open on :b (not closed by then).
_PLAN_OPEN_AT_B = (
    "pl.opened_on <= :b AND pl.voided_at IS NULL"
    " AND ((pl.closed_on IS NULL AND pl.status = 'open') OR pl.closed_on > :b)"
    f" AND EXISTS (SELECT 1 FROM case_periods p WHERE p.child_id = pl.child_id"
    f" AND {_CASE_OPEN_AT_B})"
)
#: The review date of plan ``pl`` in force on :b: the next date set by its latest review up to
#: :b, else the date the plan was made with (kept by its first review, else the plan's own).
_REVIEW_DUE_AT_B = (
    "coalesce((SELECT r.next_review_on FROM plan_reviews r WHERE r.plan_id = pl.id"
    " AND r.reviewed_on <= :b AND r.voided_at IS NULL"
    " ORDER BY r.reviewed_on DESC, r.id DESC LIMIT 1),"
    " (SELECT r.previous_review_on FROM plan_reviews r WHERE r.plan_id = pl.id"
    " AND r.voided_at IS NULL ORDER BY r.reviewed_on, r.id LIMIT 1), pl.review_on)"
)

#: People screened in the period (``screenings``).
_SCREENED = """
        SELECT s.child_id, CAST(s.id AS TEXT) AS record, s.screened_on AS on_date,
               NULL AS amount_fen, NULL AS participants, s.name AS label, NULL AS part
          FROM screenings s
         WHERE s.screened_on BETWEEN :a AND :b AND s.voided_at IS NULL"""

QUERIES: dict[str, str] = {
    # Children with an open case on :b, one row each (the day the open case began).
    "active_children": f"""
        SELECT p.child_id, NULL AS record, max(p.opened_on) AS on_date, {_NONE}
          FROM case_periods p WHERE {_CASE_OPEN_AT_B} GROUP BY p.child_id""",
    "cases_opened": f"""
        SELECT p.child_id, CAST(p.id AS TEXT) AS record, p.opened_on AS on_date, {_NONE}
          FROM case_periods p WHERE p.opened_on BETWEEN :a AND :b AND p.voided_at IS NULL""",
    # Cases opened in the period by how the child came (:k): 'roster' when the child's risk
    # history has an imported row dated the day the case opened (a roster row registers it),
    # 'referral' when a lead about the child was found by that day, else 'register'; 'match'
    # before all when a screening of a department's list brought the child (FROM_A_LIST).
    "cases_opened_by_source": f"""
        SELECT child_id, record, on_date, {_NONE} FROM (
            SELECT p.child_id, CAST(p.id AS TEXT) AS record, p.opened_on AS on_date,
                   CASE WHEN {FROM_A_LIST} THEN 'match'
                        WHEN EXISTS (SELECT 1 FROM risk_history r WHERE r.child_id = p.child_id
                                      AND r.effective_on = p.opened_on AND r.source = 'import')
                        THEN 'roster'
                        WHEN EXISTS (SELECT 1 FROM leads l WHERE l.child_id = p.child_id
                                      AND l.found_on <= p.opened_on)
                        THEN 'referral'
                        ELSE 'register' END AS came
              FROM case_periods p WHERE p.opened_on BETWEEN :a AND :b AND p.voided_at IS NULL)
         WHERE came = :k""",
    "cases_closed": f"""
        SELECT p.child_id, CAST(p.id AS TEXT) AS record, p.closed_on AS on_date, {_NONE}
          FROM case_periods p WHERE p.closed_on BETWEEN :a AND :b AND p.voided_at IS NULL""",
    # Active children holding category :k on :b (from the day the category began).
    "category_at_end": f"""
        SELECT k.child_id, CAST(k.id AS TEXT) AS record, k.start_on AS on_date, {_NONE}
          FROM child_categories k
         WHERE k.category = :k AND {_HOLDS_ON.format(d=":b")}
           AND {_ACTIVE_AT_B.format(c="k.child_id")}""",
    "risk_at_end": f"""
        SELECT child_id, NULL AS record, on_date, {_NONE} FROM (
            SELECT p.child_id, max(p.opened_on) AS on_date, {_RISK_AT_B} AS risk
              FROM case_periods p WHERE {_CASE_OPEN_AT_B} GROUP BY p.child_id)
         WHERE risk = :k""",
    "visits": f"""
        SELECT v.child_id, CAST(v.id AS TEXT) AS record, v.visited_on AS on_date, {_NONE}
          FROM visits v WHERE v.visited_on BETWEEN :a AND :b AND v.voided_at IS NULL
           AND (:k IS NULL OR v.mode = :k)""",
    # Visits of a child on a day it held category :k.
    "visits_in_category": f"""
        SELECT v.child_id, CAST(v.id AS TEXT) AS record, v.visited_on AS on_date, {_NONE}
          FROM visits v WHERE v.visited_on BETWEEN :a AND :b AND v.voided_at IS NULL
           AND EXISTS (SELECT 1 FROM child_categories k WHERE k.child_id = v.child_id
                       AND k.category = :k AND {_HOLDS_ON.format(d="v.visited_on")})""",
    "services": f"""
        SELECT e.child_id, CAST(e.id AS TEXT) AS record, e.served_on AS on_date, {_NONE}
          FROM services e WHERE e.served_on BETWEEN :a AND :b AND e.voided_at IS NULL
           AND (:k IS NULL OR e.type = :k)""",
    "payments": f"""
        SELECT s.child_id, CAST(s.id AS TEXT) AS record, s.month AS on_date,
               s.amount_fen, NULL AS participants, NULL AS label, NULL AS part
          FROM subsidies s WHERE {_PAID_IN_PERIOD}""",
    # Visits, services and payments of the period: households.served (one per household).
    "household_contacts": f"""
        SELECT v.child_id, CAST(v.id AS TEXT) AS record, v.visited_on AS on_date, {_NONE}
          FROM visits v WHERE v.visited_on BETWEEN :a AND :b AND v.voided_at IS NULL
        UNION ALL
        SELECT e.child_id, CAST(e.id AS TEXT), e.served_on, {_NONE}
          FROM services e WHERE e.served_on BETWEEN :a AND :b AND e.voided_at IS NULL
        UNION ALL
        SELECT s.child_id, CAST(s.id AS TEXT), s.month, {_NONE}
          FROM subsidies s WHERE {_PAID_IN_PERIOD}""",
    "activities": """
        SELECT NULL AS child_id, CAST(t.id AS TEXT) AS record, t.held_on AS on_date,
               NULL AS amount_fen, t.participants, t.title AS label, NULL AS part
          FROM activities t WHERE t.held_on BETWEEN :a AND :b AND t.voided_at IS NULL
           AND (:k IS NULL OR t.kind = :k)""",
    "resources_at_end": """
        SELECT NULL AS child_id, CAST(r.id AS TEXT) AS record, r.added_on AS on_date,
               NULL AS amount_fen, NULL AS participants, r.name AS label, NULL AS part
          FROM resources r WHERE r.kind = :k AND r.added_on <= :b
           AND (r.removed_on IS NULL OR r.removed_on > :b) AND r.voided_at IS NULL""",
    # Agreements in force on :b of children with an open case (one row per child).
    "agreements_in_force": f"""
        SELECT g.child_id, CAST(g.id AS TEXT) AS record, g.signed_on AS on_date, {_NONE}
          FROM care_agreements g
         WHERE {_AGREEMENT_IN_FORCE} AND {_ACTIVE_AT_B.format(c="g.child_id")}""",
    # care.agreement_rate: of the children active and left-behind on :b (denominator), those
    # with an agreement in force (numerator, the agreement as record).
    "agreement_rate": f"""
        WITH left_behind AS (
            SELECT k.child_id, min(k.id) AS id, min(k.start_on) AS since
              FROM child_categories k
             WHERE k.category = 'left_behind' AND {_HOLDS_ON.format(d=":b")}
               AND {_ACTIVE_AT_B.format(c="k.child_id")} GROUP BY k.child_id)
        SELECT g.child_id, CAST(g.id AS TEXT) AS record, g.signed_on AS on_date,
               NULL AS amount_fen, NULL AS participants, NULL AS label, 'numerator' AS part
          FROM care_agreements g JOIN left_behind l ON l.child_id = g.child_id
         WHERE {_AGREEMENT_IN_FORCE}
        UNION ALL
        SELECT child_id, CAST(id AS TEXT), since, NULL, NULL, NULL, 'denominator'
          FROM left_behind""",
    "guardianship_assessments": f"""
        SELECT a.child_id, CAST(a.id AS TEXT) AS record, a.assessed_on AS on_date, {_NONE}
          FROM guardianship_assessments a
         WHERE a.assessed_on BETWEEN :a AND :b AND a.voided_at IS NULL""",
    "risk_assessments": f"""
        SELECT a.child_id, CAST(a.id AS TEXT) AS record, a.assessed_on AS on_date, {_NONE}
          FROM assessments a WHERE a.assessed_on BETWEEN :a AND :b AND a.voided_at IS NULL""",
    "plans_open": f"""
        SELECT pl.child_id, 'P' || printf('%06d', pl.id) AS record, pl.opened_on AS on_date,
               {_NONE}
          FROM plans pl WHERE {_PLAN_OPEN_AT_B}""",
    "plan_reviews": f"""
        SELECT pl.child_id, CAST(r.id AS TEXT) AS record, r.reviewed_on AS on_date, {_NONE}
          FROM plan_reviews r JOIN plans pl ON pl.id = r.plan_id
         WHERE r.reviewed_on BETWEEN :a AND :b AND r.voided_at IS NULL
           AND pl.voided_at IS NULL""",
    # Open plans whose review date in force on :b is not after it (the date shown).
    "plan_reviews_overdue": f"""
        SELECT child_id, record, on_date, {_NONE} FROM (
            SELECT pl.child_id, 'P' || printf('%06d', pl.id) AS record,
                   {_REVIEW_DUE_AT_B} AS on_date
              FROM plans pl WHERE {_PLAN_OPEN_AT_B})
         WHERE on_date <= :b""",
    # Issue 25's records (METRICS.md "Added with the screening, pairing, ... records").
    # A person screened who is not (yet) a child is named by the name written at screening.
    "screenings": _SCREENED,
    "screenings_enrolled": f"{_SCREENED} AND s.outcome = 'enrolled'",
    "pairs_in_force": f"""
        SELECT r.child_id, CAST(r.id AS TEXT) AS record, r.started_on AS on_date, {_NONE}
          FROM pairs r
         WHERE r.started_on <= :b AND (r.ended_on IS NULL OR r.ended_on >= :b)
           AND r.voided_at IS NULL""",
    "projects_active": """
        SELECT NULL AS child_id, 'X' || printf('%06d', x.id) AS record, x.start_on AS on_date,
               NULL AS amount_fen, NULL AS participants, x.name AS label, NULL AS part
          FROM projects x
         WHERE x.start_on <= :b AND (x.end_on IS NULL OR x.end_on >= :b)
           AND x.voided_at IS NULL""",
    "project_payments": """
        SELECT NULL AS child_id, CAST(m.id AS TEXT) AS record, m.paid_on AS on_date,
               m.amount_fen, NULL AS participants, x.name AS label, NULL AS part
          FROM project_payments m JOIN projects x ON x.id = m.project_id
         WHERE m.paid_on BETWEEN :a AND :b AND m.voided_at IS NULL AND x.voided_at IS NULL""",
    "placements_started": f"""
        SELECT r.child_id, CAST(r.id AS TEXT) AS record, r.started_on AS on_date, {_NONE}
          FROM placements r WHERE r.started_on BETWEEN :a AND :b AND r.voided_at IS NULL""",
    "placements_open": f"""
        SELECT r.child_id, CAST(r.id AS TEXT) AS record, r.started_on AS on_date, {_NONE}
          FROM placements r
         WHERE r.started_on <= :b AND (r.ended_on IS NULL OR r.ended_on > :b)
           AND r.voided_at IS NULL""",
    "applications_submitted": f"""
        SELECT r.child_id, CAST(r.id AS TEXT) AS record, r.applied_on AS on_date, {_NONE}
          FROM applications r WHERE r.applied_on BETWEEN :a AND :b AND r.voided_at IS NULL""",
    "applications_approved": f"""
        SELECT r.child_id, CAST(r.id AS TEXT) AS record, r.decided_on AS on_date, {_NONE}
          FROM applications r
         WHERE r.decided_on BETWEEN :a AND :b AND r.status = 'approved'
           AND r.voided_at IS NULL""",
    # A gift to a household has no child: named by what was given.
    "gifts": """
        SELECT g.child_id, CAST(g.id AS TEXT) AS record, g.given_on AS on_date,
               g.value_fen AS amount_fen, NULL AS participants, g.what AS label, NULL AS part
          FROM gifts g WHERE g.given_on BETWEEN :a AND :b AND g.voided_at IS NULL""",
}


def explain_rows(
    conn: sqlite3.Connection, query: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    """The rows of the query ``query`` with the child's code (``child``), ``name``,
    ``id_number``, ``community``, ``worker`` and ``household`` (its code); a record without
    a child is named by its ``label``. By date, then record."""
    sql = f"""
    SELECT c.code AS child, coalesce(c.name, r.label) AS name, c.id_number,
           c.community, c.worker, h.code AS household, r.child_id, r.record, r.on_date,
           r.amount_fen, r.participants, r.part
      FROM ({QUERIES[query]}) r
      LEFT JOIN children c ON c.id = r.child_id
      LEFT JOIN households h ON h.id = c.household_id
     ORDER BY r.part, r.on_date, r.child_id, length(r.record), r.record
    """
    return [dict(row) for row in conn.execute(sql, {"k": None, **params})]


def children_by_id(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    """{id: code as ``child``, name, id_number, community, worker, household} of children."""
    out: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in conn.execute(
            "SELECT c.id, c.code AS child, c.name, c.id_number, c.community, c.worker,"
            " h.code AS household FROM children c LEFT JOIN households h"
            f" ON h.id = c.household_id WHERE c.id IN ({marks})",
            chunk,
        ):
            out[int(row["id"])] = {k: row[k] for k in row.keys() if k != "id"}  # noqa: SIM118 (sqlite3.Row)
    return out


def leads_by_id(conn: sqlite3.Connection, day: str) -> dict[int, dict[str, Any]]:
    """Every lead found on or before ``day``: id -> code, child_id, type, source, mandatory,
    found_on, and the lead's row for deadlines (all columns)."""
    return {
        int(row["id"]): dict(row)
        for row in conn.execute("SELECT * FROM leads WHERE found_on <= ? ORDER BY id", (day,))
    }


def group_names(conn: sqlite3.Connection, column: str) -> list[str]:
    """The communities (``column`` "community") or workers ("worker") on file."""
    assert column in ("community", "worker")
    sql = f"SELECT DISTINCT {column} FROM children WHERE nullif({column}, '') IS NOT NULL"
    return [row[0] for row in conn.execute(sql)]
