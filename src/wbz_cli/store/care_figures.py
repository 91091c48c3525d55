"""The care record's figures for the monthly report (METRICS.md): services, subsidies,
activities and resources, for the days ``first_day`` .. ``last_day`` inclusive.

Subsidies count the records whose month (YYYY-MM) falls in that span; resources are those
on file on ``last_day`` (added on or before it, not removed by it). Every key is present,
0 where nothing happened; money is exact (integer fen and a two-decimal string)."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from wbz_cli.domain.money import format_fen
from wbz_cli.domain.vocab import ResourceKind, ServiceType
from wbz_cli.store.care import RESOURCE_ON_FILE


def _iso(day: date | str) -> str:
    return day.isoformat() if isinstance(day, date) else str(day)


def care_figures(
    conn: sqlite3.Connection, first_day: date | str, last_day: date | str
) -> dict[str, Any]:
    first, last = _iso(first_day), _iso(last_day)
    span = {"first": first, "last": last}

    by_type = dict.fromkeys((t.value for t in ServiceType), 0)
    for kind, n in conn.execute(
        "SELECT type, count(*) FROM services WHERE served_on BETWEEN :first AND :last"
        " GROUP BY type",
        span,
    ):
        by_type[kind] = by_type.get(kind, 0) + n
    served = conn.execute(
        "SELECT count(DISTINCT child_id) FROM services WHERE served_on BETWEEN :first AND :last",
        span,
    ).fetchone()[0]

    payments, fen = conn.execute(
        "SELECT count(*), coalesce(sum(amount_fen), 0) FROM subsidies"
        " WHERE month BETWEEN :m1 AND :m2",
        {"m1": first[:7], "m2": last[:7]},
    ).fetchone()

    count, participants = conn.execute(
        "SELECT count(*), coalesce(sum(participants), 0) FROM activities"
        " WHERE held_on BETWEEN :first AND :last",
        span,
    ).fetchone()

    by_kind = dict.fromkeys((k.value for k in ResourceKind), 0)
    for kind, n in conn.execute(
        f"SELECT r.kind, count(*) FROM resources r WHERE {RESOURCE_ON_FILE} GROUP BY r.kind",
        {"d": last},
    ):
        by_kind[kind] = by_kind.get(kind, 0) + n

    return {
        "services": {
            "total": sum(by_type.values()),
            "by_type": by_type,
            "children_served": served,
        },
        "subsidies": {
            "payments": payments,
            "amount_fen": int(fen),
            "amount_yuan": format_fen(int(fen)),
        },
        "activities": {"count": count, "participants": int(participants)},
        "resources": {"by_kind": by_kind},
    }
