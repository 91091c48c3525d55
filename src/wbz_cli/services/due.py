"""Who is due a visit: the due list of ``wbz due``, the birthday alerts, the monthly report's
overdue count, and the cadence policy (``wbz policy``).

The store gives one row of facts per active child (indexed lookups); the domain's
``next_due`` turns each into a date. Nothing here reads every visit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from wbz_cli.domain import cadence
from wbz_cli.domain.dates import add_years
from wbz_cli.domain.enums import Category
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.services.gc_pause import collector_paused
from wbz_cli.store import visits as vq
from wbz_cli.store.session import Store

_UNDER16 = (
    ("left_behind", Category.LEFT_BEHIND.label),
    ("migrant", Category.MIGRANT.label),
)


def load_policy(conn: sqlite3.Connection, day: date | None = None) -> cadence.Policy:
    """The cadence policy in force on ``day`` (default: the newest rules)."""
    return cadence.Policy.from_settings(vq.read_policy(conn, day.isoformat() if day else vq.LATEST))


def _skip(policy: cadence.Policy, horizon: date, births: tuple[tuple[str, str], ...]) -> vq.NotDue:
    risk, left_behind = cadence.not_due_after(policy, horizon)
    return vq.NotDue({r: d.isoformat() for r, d in risk.items()}, left_behind.isoformat(), births)


def _states(
    conn: sqlite3.Connection,
    day: date,
    policy: cadence.Policy,
    skip: vq.NotDue | None,
    active: str | None = None,
    **filters: str | None,
) -> Iterator[tuple[tuple[Any, ...], cadence.ChildState, dict[str, str]]]:
    """Each child with an open case on ``day`` (less those ``skip`` shows cannot be due): its
    facts row, its cadence state and its left_behind / migrant periods ({category: since})."""
    iso = date.fromisoformat
    under16 = vq.under16_categories(conn, day.isoformat(), active)
    empty: dict[str, str] = {}
    rows = vq.cadence_facts(
        conn,
        day.isoformat(),
        policy.strong_modes,
        sorted(policy.strong_risks),
        skip=skip,
        active=active,
        **filters,
    )
    for row in rows:
        cats = under16.get(row[0], empty)
        left_behind = cats.get("left_behind")
        risk_since, last, strong = row[4], row[5], row[6]
        yield (
            row,
            cadence.ChildState(
                iso(row[2]),
                row[3],
                iso(risk_since) if risk_since else None,
                iso(last) if last else None,
                iso(strong) if strong else None,
                iso(left_behind) if left_behind else None,
            ),
            cats,
        )


def overdue_children_on(conn: sqlite3.Connection, day: date) -> int:
    """Children with an open case on ``day`` whose next visit was due on or before ``day``
    and not done, as of that day: only visits dated on or before it, the risk and categories
    held on it (METRICS.md visits.overdue), by the cadence policy in force on it."""
    return len(overdue_child_ids_on(conn, day))


def overdue_child_ids_on(conn: sqlite3.Connection, day: date) -> list[int]:
    """The ids of the children ``overdue_children_on`` counts."""
    return [int(row[0]) for row in overdue_facts_on(conn, day)]


def overdue_facts_on(
    conn: sqlite3.Connection, day: date, active: str | None = None, *, due_by: date | None = None
) -> list[tuple[Any, ...]]:
    """The facts rows (``store.visits.cadence_facts``) of the children overdue on ``day``:
    next visit due on or before ``due_by`` (default ``day``; the day before, for today, which
    is not over: ``wbz due --overdue``) and not done by ``day``; ``active``: a table already
    holding the open-case facts on that day."""
    policy = load_policy(conn, day)
    horizon = day if due_by is None else due_by
    next_due = cadence.next_due
    with collector_paused():
        states = _states(conn, day, policy, _skip(policy, horizon, ()), active)
        return [row for row, s, _ in states if next_due(policy, s).next_due <= horizon]


def due_list(
    store: Store,
    today: date,
    *,
    within: int = 7,
    overdue_only: bool = False,
    worker: str | None = None,
    community: str | None = None,
    prefilter: bool = True,
) -> list[dict[str, Any]]:
    """Visits due by ``today + within`` (overdue ones included), and 16th/18th birthdays in
    the policy's alert window; most overdue first. ``overdue_only``: visits due before today.
    ``prefilter=False`` runs the cadence on every active child (tests check it agrees)."""
    if within < 0:
        raise InvalidInput(f"--within 应为 0 或正整数（天数），收到 {within}")
    if within > 36_500:  # beyond a hundred years: no date to compare with (found by the fuzz)
        raise InvalidInput(f"--within 最多 36500 天（100 年），收到 {within}")
    with collector_paused():
        return _due_list(store, today, within, overdue_only, worker, community, prefilter)


def _due_list(
    store: Store,
    today: date,
    within: int,
    overdue_only: bool,
    worker: str | None,
    community: str | None,
    prefilter: bool,
) -> list[dict[str, Any]]:
    policy = load_policy(store.conn, today)
    horizon = today - timedelta(days=1) if overdue_only else today + timedelta(days=within)
    births = () if overdue_only else _birth_windows(policy, today)
    skip = _skip(policy, horizon, births) if prefilter else None
    (lo16, hi16), (lo18, hi18) = births or (("", ""), ("", ""))
    next_due = cadence.next_due
    found: list[tuple[tuple[Any, ...], date, str, str | None, str]] = []
    states = _states(store.conn, today, policy, skip, worker=worker, community=community)
    for row, state, cats in states:
        due = next_due(policy, state)
        if due.next_due <= horizon:
            found.append((row, due.next_due, "visit", due.rule, due.reason))
        if overdue_only or not (lo16 <= row[1] <= hi16 or lo18 <= row[1] <= hi18):
            continue
        labels = "、".join(label for key, label in _UNDER16 if key in cats) or None
        birth = date.fromisoformat(row[1])
        for a in cadence.birthday_alerts(policy, birth, today, under16_category=labels):
            found.append((row, a.day, a.kind, None, a.reason))
    details = vq.child_details(store.conn, sorted({f[0][0] for f in found}))
    entries = []
    for row, day, kind, rule, reason in found:
        code, name, community_, worker_ = details[row[0]]
        entries.append(
            {
                "child": code,
                "name": name,
                "next_due": day.isoformat(),
                "days_overdue": max(0, (today - day).days),
                "reason": reason,
                "kind": kind,
                "rule": rule,
                "worker": worker_,
                "community": community_,
                "risk": row[3],
                "last_visit": row[5],
            }
        )
    entries.sort(key=itemgetter("next_due", "child", "kind"))
    return entries


def _birth_windows(policy: cadence.Policy, today: date) -> tuple[tuple[str, str], ...]:
    """Birth dates (ISO, padded a day for 29 February) that may have a 16th or 18th birthday
    in the alert window: a cheap test before the exact one."""
    end = today + timedelta(days=policy.birthday_days)
    day = timedelta(days=1)
    return tuple(
        ((add_years(today, -n) - day).isoformat(), (add_years(end, -n) + day).isoformat())
        for n in (16, 18)
    )


def policy_rows(store: Store, day: date) -> list[dict[str, Any]]:
    """Each rule in force on ``day`` and since when ("" while the station default holds)."""
    stored = vq.policy_since(store.conn, day.isoformat())
    rows = []
    for key, default in cadence.DEFAULTS.items():
        value, since = stored.get(key, (default, ""))
        rows.append(
            {
                "key": key,
                "label": cadence.LABELS[key],
                "value": value,
                "text": cadence.value_text(key, value),
                "default": cadence.value_text(key, default),
                "since": "" if since == vq.BEGINNING else since,
            }
        )
    return rows


def set_policy(
    store: Store, today: date, raw_key: str, raw_value: str, on: date | None = None
) -> dict[str, Any]:
    """Change one policy value from ``on`` (default today; ``default`` restores the station
    default); audited. Days before ``on`` keep the rule they had, so past months' reports
    do not change."""
    key = cadence.policy_key(raw_key)
    text = raw_value.strip()
    if text.lower() in ("default", "默认"):
        value = cadence.DEFAULTS[key]
    else:
        value = cadence.normalise_value(key, text)
    day = (on or today).isoformat()
    with store.write() as conn:
        before, since = vq.policy_since(conn, day).get(key, (cadence.DEFAULTS[key], vq.BEGINNING))
        if before != value:
            vq.write_policy(conn, key, value, day)
            store.audit(
                "update",
                "visit_policy",
                key,
                {"value": before, "effective_on": since},
                {"value": value, "effective_on": day},
            )
    return {
        "key": key,
        "label": cadence.LABELS[key],
        "value": value,
        "text": cadence.value_text(key, value),
        "before": before,
        "effective_on": day,
    }
