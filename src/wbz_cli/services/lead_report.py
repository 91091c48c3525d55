"""Lead figures for the monthly report and the late leads for the due list (督办).

Everything is read from the history of moves (``lead_events``) as of a day, so a past month
gives the same figures later, whatever happened to the leads since. Deadlines use the rules
in force on the day looked at (the month's last day), so a later policy change leaves a
past month alone; pass ``policy`` to use other rules.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Hashable, Mapping
from datetime import date
from typing import Any, TypeVar

from wbz_cli.domain import leads as rules
from wbz_cli.domain.leads import Rule
from wbz_cli.domain.vocab import FINAL_LEAD_STATUSES
from wbz_cli.services.lead_queries import deadline_of, load_policy, to_events
from wbz_cli.store import leads as q

G = TypeVar("G", bound=Hashable)

FIGURE_KEYS = ("found", "transferred", "done", "open", "overdue", "mandatory", "children_helped")


def lead_figures(
    conn: sqlite3.Connection,
    first_day: date,
    last_day: date,
    policy: Mapping[str, Rule] | None = None,
) -> dict[str, int]:
    """METRICS.md ``referrals.*`` for the days ``first_day`` .. ``last_day`` inclusive.

    found: leads found in the period; transferred / done: leads with a move to that state in
    the period (a lead counts once); open: leads found by the last day and not done,
    unfounded or withdrawn on it; overdue: open leads past a deadline on the last day;
    mandatory: leads found in the period flagged mandatory; children_helped: distinct
    children of the leads moved to done in the period.
    """
    groups = lead_figures_by(conn, first_day, last_day, lambda _: "", policy)
    return groups.get("") or dict.fromkeys(FIGURE_KEYS, 0)


def lead_figures_by(
    conn: sqlite3.Connection,
    first_day: date,
    last_day: date,
    group_of: Callable[[int | None], G],
    policy: Mapping[str, Rule] | None = None,
    among: tuple[str, bool] | None = None,
) -> dict[G, dict[str, int]]:
    """``lead_figures`` split by ``group_of(child_id)`` (the report's cell of the child, say;
    ``child_id`` is None for a lead not linked to a child). ``among``: (a table of child_id,
    whether leads linked to no child count too) limits the leads to those."""
    rules_now = dict(policy) if policy is not None else load_policy(conn, last_day)
    first, last = first_day.isoformat(), last_day.isoformat()
    leads = q.leads_found_by(conn, last, among)
    history = q.events_by_lead(conn, None, last, among)
    figures: dict[G, dict[str, int]] = {}
    sets: dict[G, tuple[set[int], set[int], set[int]]] = {}
    for lead in leads:
        lid = int(lead["id"])
        group = group_of(lead["child_id"])
        counts = figures.get(group)
        if counts is None:
            counts = figures[group] = dict.fromkeys(FIGURE_KEYS, 0)
            sets[group] = (set(), set(), set())
        transferred, done, helped = sets[group]
        rows = history.get(lid, [])
        if first <= lead["found_on"] <= last:
            counts["found"] += 1
            counts["mandatory"] += int(bool(lead["mandatory"]))
        for status, on_date, _ in rows:
            if first <= on_date <= last:
                if status == "transferred":
                    transferred.add(lid)
                elif status == "done":
                    done.add(lid)
                    if lead["child_id"] is not None:
                        helped.add(int(lead["child_id"]))
        if not rows or rows[-1][0] in FINAL_LEAD_STATUSES:
            continue
        counts["open"] += 1
        deadline = deadline_of(lead, to_events(rows), last_day, rules_now)
        if deadline is not None and deadline.days_overdue(last_day) > 0:
            counts["overdue"] += 1
    for group, (transferred, done, helped) in sets.items():
        figures[group]["transferred"] = len(transferred)
        figures[group]["done"] = len(done)
        figures[group]["children_helped"] = len(helped)
    return figures


def overdue_leads(conn: sqlite3.Connection, today: date) -> list[dict[str, Any]]:
    """Open leads past a deadline on ``today``, the latest first: lead, child, name, deadline
    (transfer | accept | done), reason (Chinese), due_on, days_overdue, status, agency."""
    policy = load_policy(conn, today)
    rows = q.list_leads(conn, open_only=True, final_statuses=FINAL_LEAD_STATUSES)
    history = q.events_by_lead(conn, [int(r["id"]) for r in rows])
    out = []
    for lead in rows:
        deadline = deadline_of(lead, to_events(history.get(int(lead["id"]), [])), today, policy)
        if deadline is None or deadline.days_overdue(today) <= 0:
            continue
        out.append(
            {
                "lead": lead["code"],
                "child": lead["child"],
                "name": lead["name"] or lead["summary"],
                "deadline": deadline.kind,
                "reason": rules.DEADLINE_LABELS[deadline.kind],
                "due_on": deadline.due.isoformat(),
                "days_overdue": deadline.days_overdue(today),
                "status": lead["status"],
                "agency": lead["agency"],
                "mandatory": bool(lead["mandatory"]),
            }
        )
    out.sort(key=lambda r: (-r["days_overdue"], r["lead"]))
    return out
