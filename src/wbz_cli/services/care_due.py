"""What the care record adds to ``wbz due``: plan reviews and guardianship re-assessments
due by ``today`` (plus ``within_days``), as due rows (child, name, next_due, days_overdue,
reason), most overdue first."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from wbz_cli.services.assessments import guardianship_reviews_due
from wbz_cli.services.plans import plan_reviews_due


def care_reviews_due(
    conn: sqlite3.Connection, today: date, within_days: int = 0
) -> list[dict[str, Any]]:
    rows = plan_reviews_due(conn, today, within_days) + guardianship_reviews_due(
        conn, today, within_days
    )
    rows.sort(key=lambda r: (r["next_due"], r["child"]))
    return rows
