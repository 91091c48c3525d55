"""Risk and guardianship assessments, and the risk entries not written by an assessment
(registration, import, ``wbz update --risk``), as ``wbz assess list`` shows them: by date,
with their child's code and whether they are voided."""

from __future__ import annotations

import sqlite3

from wbz_cli.store.children import ACTIVE_ON

_LIST = """
SELECT * FROM (
  SELECT 'risk' AS kind, a.id, a.assessed_on, a.result, a.score, a.assessor, a.notes,
         a.voided_at, a.void_reason, c.code AS child, c.name
    FROM assessments a JOIN children c ON c.id = a.child_id
  UNION ALL
  SELECT 'guardianship', g.id, g.assessed_on, g.result, NULL, g.assessor, g.notes,
         g.voided_at, g.void_reason, c.code, c.name
    FROM guardianship_assessments g JOIN children c ON c.id = g.child_id
  UNION ALL
  SELECT 'entry', r.id, r.effective_on, r.risk, NULL, NULL, r.source,
         r.voided_at, r.void_reason, c.code, c.name
    FROM risk_history r JOIN children c ON c.id = r.child_id
   WHERE r.source NOT LIKE 'assessment:%'
) WHERE (:child IS NULL OR child = :child) AND (:all OR voided_at IS NULL)
ORDER BY assessed_on, kind DESC, id
"""


def assessment_rows(
    conn: sqlite3.Connection, child: str | None, include_voided: bool
) -> list[sqlite3.Row]:
    """Both kinds of assessment and the other risk entries (kind ``entry``, the source in
    ``notes``), of one child (by code) or all, oldest first."""
    return conn.execute(_LIST, {"child": child, "all": int(include_voided)}).fetchall()


def risk_assessments_of_child(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    """The child's risk assessments on file (not voided), oldest first."""
    return conn.execute(
        "SELECT * FROM assessments WHERE child_id = ? AND voided_at IS NULL"
        " ORDER BY assessed_on, id",
        (child_id,),
    ).fetchall()


def guardianship_assessments_of_child(conn: sqlite3.Connection, child_id: int) -> list[sqlite3.Row]:
    """The child's guardianship assessments on file (not voided), oldest first."""
    return conn.execute(
        "SELECT * FROM guardianship_assessments WHERE child_id = ? AND voided_at IS NULL"
        " ORDER BY assessed_on, id",
        (child_id,),
    ).fetchall()


def last_guardianship_assessed(conn: sqlite3.Connection, on: str) -> list[sqlite3.Row]:
    """Each child active on ``on`` with a guardianship assessment on file: code, name and
    ``last``, the date of the latest one; by child."""
    return conn.execute(
        f"SELECT c.code, c.name, max(g.assessed_on) AS last FROM children c"
        f" JOIN guardianship_assessments g ON g.child_id = c.id AND g.voided_at IS NULL"
        f" WHERE {ACTIVE_ON} GROUP BY c.id ORDER BY c.id",
        {"d": on},
    ).fetchall()
