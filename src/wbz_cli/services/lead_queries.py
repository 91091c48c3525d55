"""Reading leads: one lead with its timeline, listings with each lead's running deadline,
and the deadline policy in force."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import Any

from wbz_cli.domain import leads as rules
from wbz_cli.domain.dates import BEGINNING
from wbz_cli.domain.errors import NotFound
from wbz_cli.domain.lead_record import Lead, LeadEvent, LeadFile
from wbz_cli.domain.leads import AgencyType, Deadline, Event, Rule
from wbz_cli.domain.vocab import FINAL_LEAD_STATUSES, LeadSource, LeadStatus, LeadType
from wbz_cli.store import leads as q
from wbz_cli.store.children import require_child
from wbz_cli.store.session import Store


def require_lead(conn: sqlite3.Connection, code: str) -> sqlite3.Row:
    row = q.find_lead(conn, code)
    if row is None:
        raise NotFound(
            f"找不到线索“{code}”：请输入线索编号（如 L000001），可用 wbz refer list 查看"
        )
    return row


def to_events(rows: Iterable[Any]) -> list[Event]:
    """Events from ``lead_events`` rows or (status, on_date, agency_type) tuples."""
    return [Event(r[0], date.fromisoformat(r[1]), r[2]) for r in (_triple(x) for x in rows)]


def _triple(row: Any) -> tuple[str, str, str | None]:
    if isinstance(row, tuple):
        return row
    return row["status"], row["on_date"], row["agency_type"]


def deadline_of(
    lead: Any, events: list[Event], day: date, policy: dict[str, Rule]
) -> Deadline | None:
    return rules.deadline_on(
        mandatory=bool(lead["mandatory"]),
        source=lead["source"],
        found_on=date.fromisoformat(lead["found_on"]),
        events=events,
        day=day,
        policy=policy,
    )


def load_policy(conn: sqlite3.Connection, as_of: date) -> dict[str, Rule]:
    """The deadline rules in force on ``as_of``."""
    policy = dict(rules.DEFAULT_POLICY)
    for row in q.policy_rows(conn, as_of.isoformat()):
        policy[row["key"]] = Rule(int(row["days"]), bool(row["working"]))
    return policy


def _lead(lead: Any, deadline: Deadline | None, today: date) -> Lead:
    return Lead(
        code=lead["code"],
        found_on=date.fromisoformat(lead["found_on"]),
        type=LeadType.of(lead["type"]),
        mandatory=bool(lead["mandatory"]),
        source=LeadSource.of(lead["source"]),
        source_agency=lead["source_agency"],
        reference=lead["reference"],
        child=lead["child"],
        name=lead["name"],
        summary=lead["summary"],
        status=LeadStatus.of(lead["status"]),
        agency=lead["agency"],
        agency_type=_agency_type(lead["agency_type"]),
        deadline=deadline,
        days_overdue=deadline.days_overdue(today) if deadline else 0,
    )


def _agency_type(key: str | None) -> AgencyType | None:
    return AgencyType.of(key) if key else None


def lead_file(store: Store, code: str, today: date) -> LeadFile:
    """One lead with its timeline, its running deadline and the moves allowed now."""
    conn = store.conn
    lead = require_lead(conn, code)
    history = q.events(conn, int(lead["id"]))
    in_force = q.events_in_force(conn, int(lead["id"]))
    deadline = deadline_of(lead, to_events(in_force), today, load_policy(conn, today))
    undone = {e["reverses"] for e in history if e["reverses"] is not None}
    return LeadFile(
        lead=_lead(lead, deadline, today),
        allowed_moves=tuple(LeadStatus.of(s) for s in rules.TRANSITIONS[lead["status"]]),
        events=tuple(
            LeadEvent(
                status=LeadStatus.of(e["status"]),
                on=date.fromisoformat(e["on_date"]),
                agency=e["agency"],
                agency_type=_agency_type(e["agency_type"]),
                note=e["note"],
                operator=e["operator"],
                undo=e["reverses"] is not None,
                undone=e["id"] in undone,
            )
            for e in history
        ),
    )


def list_leads(
    store: Store,
    today: date,
    *,
    status: LeadStatus | None = None,
    lead_type: LeadType | None = None,
    agency: str | None = None,
    agency_type: AgencyType | None = None,
    child: str | None = None,
    found_from: date | None = None,
    found_to: date | None = None,
    mandatory: bool | None = None,
    overdue: bool = False,
) -> list[Lead]:
    """Leads by the filters, each with its running deadline; ``overdue``: only the late ones,
    latest first."""
    conn = store.conn
    child_id = int(require_child(conn, child)["id"]) if child else None
    rows = q.list_leads(
        conn,
        status=status.value if status else None,
        lead_type=lead_type.value if lead_type else None,
        agency=agency.strip() if agency else None,
        agency_type=agency_type.value if agency_type else None,
        child_id=child_id,
        found_from=found_from.isoformat() if found_from else None,
        found_to=found_to.isoformat() if found_to else None,
        mandatory=mandatory,
        open_only=overdue,
        final_statuses=FINAL_LEAD_STATUSES,
    )
    open_ids = [int(r["id"]) for r in rows if r["status"] not in FINAL_LEAD_STATUSES]
    grouped = q.events_by_lead(conn, open_ids)
    policy = load_policy(conn, today)
    out = []
    for lead in rows:
        history = grouped.get(int(lead["id"]))
        deadline = deadline_of(lead, to_events(history), today, policy) if history else None
        out.append(_lead(lead, deadline, today))
    if overdue:
        out = [r for r in out if r.days_overdue > 0]
        out.sort(key=lambda r: (-r.days_overdue, r.code))
    return out


def policy_table(store: Store, as_of: date) -> list[dict[str, Any]]:
    """The rules in force on ``as_of``, with the day each took effect (None: the default)."""
    since = {r["key"]: r["effective_on"] for r in q.policy_rows(store.conn, as_of.isoformat())}
    policy = load_policy(store.conn, as_of)
    return [
        {
            "key": key,
            "label": rules.POLICY_LABELS.get(key, key),
            "days": rule.days,
            "working": rule.working,
            "text": rule.text(),
            "since": None if since.get(key, BEGINNING) == BEGINNING else since[key],
        }
        for key, rule in policy.items()
    ]
