"""Date indexes for the report's 12-month trend of second-wave counts (store/figures.py
``_MONTHLY_SERIES``), read afresh on every report: without them each month's count of
guardianship assessments, risk assessments and plan reviews read the whole table (36 scans
per report), and each month's payments looked up every payment row for ``voided_at``.
``subsidies_month`` is a prefix of the new subsidies index and goes."""

from __future__ import annotations

import sqlite3

INDEXES = (
    "CREATE INDEX IF NOT EXISTS guardianship_assessments_date"
    " ON guardianship_assessments (assessed_on, voided_at)",
    "CREATE INDEX IF NOT EXISTS assessments_date ON assessments (assessed_on, voided_at)",
    "CREATE INDEX IF NOT EXISTS plan_reviews_date"
    " ON plan_reviews (reviewed_on, voided_at, plan_id)",
    "CREATE INDEX IF NOT EXISTS subsidies_month_voided ON subsidies (month, voided_at)",
)


def up(conn: sqlite3.Connection) -> None:
    for sql in INDEXES:
        conn.execute(sql)
    conn.execute("DROP INDEX IF EXISTS subsidies_month")
