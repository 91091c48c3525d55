"""The dated records of one child that a correction of its particulars is checked against
(domain/particulars.py), in one query."""

from __future__ import annotations

import sqlite3

#: (kind, id, day, detail) of every dated record of the child :c.
_DATED = """
SELECT 'visit', id, visited_on, NULL FROM visits WHERE child_id = :c
UNION ALL SELECT 'service', id, served_on, type FROM services WHERE child_id = :c
UNION ALL SELECT 'assessment', id, assessed_on, NULL FROM assessments WHERE child_id = :c
UNION ALL SELECT 'guardianship', id, assessed_on, NULL FROM guardianship_assessments
    WHERE child_id = :c
UNION ALL SELECT 'plan', id, opened_on, NULL FROM plans WHERE child_id = :c
UNION ALL SELECT 'activity', a.id, a.held_on, NULL FROM activity_children l
    JOIN activities a ON a.id = l.activity_id WHERE l.child_id = :c
UNION ALL SELECT 'subsidy', id, month, type FROM subsidies WHERE child_id = :c AND voided_at IS NULL
UNION ALL SELECT 'risk', id, effective_on, source FROM risk_history WHERE child_id = :c
UNION ALL SELECT 'category', id, start_on, category FROM child_categories
    WHERE child_id = :c AND voided_at IS NULL
UNION ALL SELECT 'case', id, opened_on, NULL FROM case_periods
    WHERE child_id = :c AND voided_at IS NULL
"""


def dated_records(
    conn: sqlite3.Connection, child_id: int
) -> list[tuple[str, int, str, str | None]]:
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(_DATED, {"c": child_id})]
