"""Everything ``wbz due`` lists: the visits due and the birthday alerts (services/due.py),
plus the open leads past a deadline (督办, services/lead_report.py) and the plan reviews and
guardianship re-assessments falling due (services/care_due.py), as rows of one shape."""

from __future__ import annotations

from datetime import date
from typing import Any

from wbz_cli.services.due import due_list
from wbz_cli.store.children import places_and_risks
from wbz_cli.store.session import Store


def attention_list(
    store: Store,
    today: date,
    *,
    within: int = 7,
    overdue_only: bool = False,
    worker: str | None = None,
    community: str | None = None,
) -> list[dict[str, Any]]:
    """``due_list``'s rows and the leads and reviews of the same window (``overdue_only``:
    only those already late), filtered by worker or community, earliest first."""
    rows = due_list(
        store, today, within=within, overdue_only=overdue_only, worker=worker,
        community=community,
    )  # fmt: skip
    horizon = -1 if overdue_only else within  # overdue: due before today
    rows += _leads_and_reviews(store, today, horizon, worker, community)
    rows.sort(key=lambda r: (r["next_due"], r["child"] or "", r["kind"]))
    return rows


def leads_or_reviews_overdue(
    store: Store, today: date, *, worker: str | None = None, community: str | None = None
) -> bool:
    """Whether a lead or a review that ``attention_list`` would list (same filters) is late:
    what makes ``wbz due`` end with exit code 3 besides the visits."""
    late = _leads_and_reviews(store, today, -1, worker, community)
    return any(r["days_overdue"] for r in late)


def _leads_and_reviews(
    store: Store, today: date, horizon: int, worker: str | None, community: str | None
) -> list[dict[str, Any]]:
    """The reviews falling due within ``horizon`` days (-1: already late) and the leads past
    their deadline, as due rows, filtered by worker or community."""
    from wbz_cli.services.care_due import care_reviews_due
    from wbz_cli.services.lead_report import overdue_leads

    others = [_review_row(r) for r in care_reviews_due(store.conn, today, horizon)]
    others += [_lead_row(r) for r in overdue_leads(store.conn, today)]
    others += [{**_blank(), **r} for r in _record_rows(store, today, horizon)]
    details = _children(store, [r["child"] for r in others if r["child"]])
    rows = []
    for row in others:
        if row["child"]:  # a screening names no child: its own community and worker stay
            row.update(details.get(row["child"], {"community": None, "worker": None, "risk": None}))
        if worker is not None and row["worker"] != worker:
            continue
        if community is not None and row["community"] != community:
            continue
        rows.append(row)
    return rows


def _record_rows(store: Store, today: date, horizon: int) -> list[dict[str, Any]]:
    """The placements to review and the screenings to follow up (issue 25's records)."""
    from wbz_cli.services.placements import placements_due
    from wbz_cli.services.screenings import follow_ups_due

    return placements_due(store.conn, today, horizon) + follow_ups_due(store.conn, today, horizon)


def _review_row(row: dict[str, Any]) -> dict[str, Any]:
    kind = "plan_review" if "plan" in row else "guardianship_review"
    return {**_blank(), **row, "kind": kind}


def _lead_row(row: dict[str, Any]) -> dict[str, Any]:
    agency = f"（{row['agency']}）" if row["agency"] else ""
    return {
        **_blank(),
        "child": row["child"],
        "name": row["name"],
        "next_due": row["due_on"],
        "days_overdue": row["days_overdue"],
        "reason": f"线索 {row['lead']} {row['reason']}{agency}",
        "kind": "lead",
        "lead": row["lead"],
    }


def _blank() -> dict[str, Any]:
    return {"rule": None, "last_visit": None, "risk": None, "worker": None, "community": None}


def _children(store: Store, codes: list[str]) -> dict[str, dict[str, Any]]:
    """code -> community, worker and current risk of the given children."""
    if not codes:
        return {}
    return places_and_risks(store.conn, codes)
