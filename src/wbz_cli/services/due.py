"""Who is due a visit: the due list of ``wbz due``, the birthday alerts, the monthly report's
overdue count, and the cadence policy (``wbz policy``).

The store gives one row of facts per active child (indexed lookups); the domain's
``next_due`` turns each into a date. Nothing here reads every visit.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import Any

from wbz_cli.domain import cadence
from wbz_cli.domain.enums import Category
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.store import visits as vq
from wbz_cli.store.session import Store

_LEFT_BEHIND = Category.LEFT_BEHIND.label
_MIGRANT = Category.MIGRANT.label


def load_policy(conn: sqlite3.Connection) -> cadence.Policy:
    return cadence.Policy.from_settings(vq.read_policy(conn))


def _iso(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _state(row: sqlite3.Row) -> cadence.ChildState:
    return cadence.ChildState(
        case_opened=date.fromisoformat(row["case_opened"]),
        risk=row["risk"],
        risk_since=_iso(row["risk_since"]),
        last_visit=_iso(row["last_visit"]),
        last_strong_visit=_iso(row["last_strong_visit"]),
        left_behind_since=_iso(row["left_behind_since"]),
    )


def overdue_children_on(conn: sqlite3.Connection, day: date) -> int:
    """Children with an open case on ``day`` whose next visit was due on or before ``day``
    and not done, as of that day: only visits dated on or before it, the risk and categories
    held on it (METRICS.md visits.overdue). The cadence policy is the one in force now."""
    policy = load_policy(conn)
    rows = vq.cadence_facts(conn, day.isoformat(), policy.strong_modes)
    return sum(1 for row in rows if cadence.next_due(policy, _state(row)).next_due <= day)


def due_list(
    store: Store,
    today: date,
    *,
    within: int = 7,
    overdue_only: bool = False,
    worker: str | None = None,
    community: str | None = None,
) -> list[dict[str, Any]]:
    """Visits due by ``today + within`` (overdue ones included), and 16th/18th birthdays in
    the policy's alert window; most overdue first. ``overdue_only``: visits due before today."""
    if within < 0:
        raise InvalidInput(f"--within 应为 0 或正整数（天数），收到 {within}")
    policy = load_policy(store.conn)
    horizon = today - timedelta(days=1) if overdue_only else today + timedelta(days=within)
    found: list[dict[str, Any]] = []
    for row in vq.cadence_facts(
        store.conn, today.isoformat(), policy.strong_modes, worker=worker, community=community
    ):
        base = {
            "child": row["code"],
            "name": row["name"],
            "worker": row["worker"],
            "community": row["community"],
            "risk": row["risk"],
            "last_visit": row["last_visit"],
        }
        due = cadence.next_due(policy, _state(row))
        if due.next_due <= horizon:
            found.append(_entry(base, due.next_due, today, "visit", due.rule, due.reason))
        if overdue_only:
            continue
        under16 = _LEFT_BEHIND if row["left_behind_since"] else None
        if row["migrant_since"]:
            under16 = f"{under16}、{_MIGRANT}" if under16 else _MIGRANT
        birth = date.fromisoformat(row["birth_date"])
        for alert in cadence.birthday_alerts(policy, birth, today, under16_category=under16):
            found.append(_entry(base, alert.day, today, alert.kind, None, alert.reason))
    found.sort(key=lambda r: (r["next_due"], r["child"], r["kind"]))
    return found


def _entry(
    base: dict[str, Any], day: date, today: date, kind: str, rule: str | None, reason: str
) -> dict[str, Any]:
    return {
        "child": base["child"],
        "name": base["name"],
        "next_due": day.isoformat(),
        "days_overdue": max(0, (today - day).days),
        "reason": reason,
        "kind": kind,
        "rule": rule,
        "worker": base["worker"],
        "community": base["community"],
        "risk": base["risk"],
        "last_visit": base["last_visit"],
    }


def policy_rows(store: Store) -> list[dict[str, Any]]:
    stored = {**cadence.DEFAULTS, **vq.read_policy(store.conn)}
    return [
        {
            "key": key,
            "label": cadence.LABELS[key],
            "value": stored[key],
            "text": cadence.value_text(key, stored[key]),
            "default": cadence.value_text(key, cadence.DEFAULTS[key]),
        }
        for key in cadence.DEFAULTS
    ]


def set_policy(store: Store, raw_key: str, raw_value: str) -> dict[str, Any]:
    """Change one policy value (``default`` restores the station default); audited."""
    key = cadence.policy_key(raw_key)
    text = raw_value.strip()
    if text.lower() in ("default", "默认"):
        value = cadence.DEFAULTS[key]
    else:
        value = cadence.normalise_value(key, text)
    with store.write() as conn:
        before = {**cadence.DEFAULTS, **vq.read_policy(conn)}[key]
        if before != value:
            vq.write_policy(conn, key, value)
            store.audit("update", "visit_policy", key, {"value": before}, {"value": value})
    return {
        "key": key,
        "label": cadence.LABELS[key],
        "value": value,
        "text": cadence.value_text(key, value),
        "before": before,
    }
