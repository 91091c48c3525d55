"""The paper file (一人一档、一户一档, issue 25): what a Word template is filled with.

``child_paper`` and ``household_paper`` gather a child's or a household's whole file through
the same services as ``wbz show`` and ``wbz household show`` and return plain dicts and lists
of text: Chinese labels for every coded value, empty text for what is missing, ID and phone
numbers masked unless ``reveal``. Templates name them by English keys: ``{{ child.name }}``,
``{%tr for v in visits %}{{ v.visited_on }}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from wbz_cli.domain import labels
from wbz_cli.domain.money import format_fen
from wbz_cli.domain.privacy import is_id_key, is_phone_key, mask_id, mask_phone
from wbz_cli.store.session import Store

#: A column of a section: its key in the template and how a value reads (None: as it is).
Format = Callable[[Any], str] | None
Columns = tuple[tuple[str, Format], ...]


def _open_end(word: str) -> Callable[[Any], str]:
    """An end date, or ``word`` while there is none (至今, 安置中)."""

    def shown(value: Any) -> str:
        return str(value) if value else word

    _OPEN_ENDS.add(shown)
    return shown


_OPEN_ENDS: set[Callable[[Any], str]] = set()


def _joined(value: Any) -> str:
    return "、".join(map(str, value)) if isinstance(value, list | tuple) else str(value)


#: Every section of a child's file: its rows' keys, each with the way its value reads.
CHILD_SECTIONS: dict[str, Columns] = {
    "categories": (("category", labels.category), ("subtype", labels.subtype),
                   ("start_on", None), ("end_on", _open_end("至今"))),
    "cases": (("opened_on", None), ("closed_on", _open_end("在册")),
              ("close_reason", labels.close_reason)),
    "guardians": (("name", None), ("relation", None), ("phone", None),
                  ("situation", labels.situation), ("id_number", None),
                  ("primary", labels.yes_no)),
    "risks": (("code", None), ("effective_on", None), ("risk", labels.risk),
              ("source", labels.risk_source)),
    "assessments": (("code", None), ("assessed_on", None), ("result", labels.risk),
                    ("score", None), ("emergency", _joined), ("assessor", None), ("notes", None)),
    "guardianship_assessments": (("code", None), ("assessed_on", None),
                                 ("result", labels.guardianship_result), ("next_due", None),
                                 ("notes", None)),
    "visits": (("visited_on", None), ("mode", labels.visit_mode), ("worker", None),
               ("problems", labels.problem), ("action", None), ("notes", None)),
    "leads": (("code", None), ("found_on", None), ("type", labels.lead_type),
              ("status", labels.lead_status), ("agency", None), ("summary", None)),
    "plans": (("code", None), ("goal", None), ("services", labels.service_type),
              ("opened_on", None), ("review_on", None), ("status", labels.plan_status)),
    "plan_reviews": (("plan", None), ("reviewed_on", None), ("operator", None),
                     ("next_review_on", None), ("note", None)),
    "services": (("served_on", None), ("type", labels.service_type), ("provider", None),
                 ("hours", None), ("plan", None), ("notes", None)),
    "subsidies": (("month", None), ("type", labels.subsidy_type), ("amount_yuan", None)),
    "care_agreements": (("carer", None), ("relation", None), ("carer_phone", None),
                        ("signed_on", None), ("valid_until", None),
                        ("school_notified", labels.yes_no),
                        ("committee_notified", labels.yes_no)),
    "placements": (("kind", labels.placement_kind), ("place", None), ("started_on", None),
                   ("ended_on", _open_end("安置中")), ("reason", None)),
    "pairs": (("resource", None), ("resource_kind", labels.resource_kind),
              ("resource_name", None), ("started_on", None), ("ended_on", _open_end("结对中"))),
    "applications": (("what", None), ("applied_on", None), ("agency", None),
                     ("status", labels.application_status), ("decided_on", None),
                     ("starts_on", None), ("refuse_reason", None)),
    "screenings": (("screened_on", None), ("source", labels.screening_source),
                   ("community", None), ("worker", None)),
    "gifts": (("given_on", None), ("kind", labels.gift_kind), ("what", None),
              ("value_yuan", None), ("donor", None)),
    "attachments": (("name", None), ("kind", labels.attachment_kind),
                    ("file_type", labels.file_type), ("size", None), ("added_on", None)),
}  # fmt: skip

#: What a household's file shows of each of its children (their particulars' keys).
CHILD_SUMMARY = ("code", "name", "gender", "age", "id_number", "categories", "risk", "status",
                 "worker")  # fmt: skip


def _text(key: str, value: Any, shown: Format, reveal: bool) -> str:
    if value is None or value == "" or value == []:
        return shown(value) if shown in _OPEN_ENDS else ""
    if not reveal and isinstance(value, str):
        if is_id_key(key):
            return mask_id(value)
        if is_phone_key(key):
            return mask_phone(value)
    if shown is not None:
        return shown(value)
    if isinstance(value, bool):
        return labels.yes_no(value)
    return _joined(value)


def rows_of(
    rows: Iterable[Mapping[str, Any]], columns: Columns, reveal: bool
) -> list[dict[str, str]]:
    """``rows`` as text, each with exactly ``columns``' keys."""
    return [{k: _text(k, row.get(k), shown, reveal) for k, shown in columns} for row in rows]


def _station(store: Store, today: date) -> dict[str, str]:
    return {
        "station": store.setting("station") or "",
        "district": store.setting("district") or "",
        "printed_on": today.isoformat(),
    }


def child_paper(store: Store, key: str, today: date, reveal: bool) -> dict[str, Any]:
    """The whole file of the child ``key`` (code, ID number or name) for a Word template."""
    from wbz_cli.services.child_file import child_file

    record = child_file(store, key, today)
    row = record.as_row()
    home = row["household_detail"] or {}
    child_id = _child_id(store, record.code)
    sections = {
        **row,
        "categories": row["category_history"],
        "cases": row["case_history"],
        "guardians": home.get("guardians", []),
        "risks": row["risk_history"],
        "visits": _all_visits(store, child_id),
        "applications": [
            {**a, "what": labels.application_what(a["kind"], a["what"])}
            for a in row["applications"]
        ],
        "gifts": _gifts(store, child_id=child_id),
        "plan_reviews": _plan_reviews(store, child_id),
    }
    return {
        **_station(store, today),
        "child": _particulars(row, reveal),
        "household": _household(home),
        **{name: rows_of(sections[name], cols, reveal) for name, cols in CHILD_SECTIONS.items()},
        "omitted": omitted_notes(store, child_id),
    }


def _plan_reviews(store: Store, child_id: int) -> list[dict[str, Any]]:
    """Every review of the child's plans on file, oldest first, as ``wbz plan review``
    recorded it: the plan's code, the day, who recorded it, the next review and the note."""
    from wbz_cli.services.care import plan_code
    from wbz_cli.store.paper_file import plan_reviews

    return [
        {**dict(r), "plan": plan_code(int(r["plan_id"]))}
        for r in plan_reviews(store.conn, child_id)
    ]


def omitted_notes(store: Store, child_id: int) -> dict[str, str]:
    """For every section of the child's file, the line saying how many voided records it
    leaves out (另有作废记录 N 条，未列出), or empty text when none."""
    from wbz_cli.store.paper_file import voided_counts

    counts = voided_counts(store.conn, child_id)
    return {
        name: f"另有作废记录 {counts[name]} 条，未列出" if counts.get(name) else ""
        for name in CHILD_SECTIONS
    }


def _particulars(row: Mapping[str, Any], reveal: bool) -> dict[str, str]:
    columns: Columns = (
        ("code", None), ("name", None), ("gender", labels.gender), ("birth_date", None),
        ("age", None), ("id_number", None), ("categories", labels.category),
        ("community", None), ("worker", None), ("risk", labels.risk), ("status", labels.status),
        ("registered_on", None), ("closed_on", None), ("close_reason", labels.close_reason),
        ("household", None), ("address", None), ("guardian", None), ("guardian_relation", None),
        ("guardian_phone", None), ("merged_from", None),
    )  # fmt: skip
    [particulars] = rows_of([row], columns, reveal)
    return particulars


def _household(home: Mapping[str, Any]) -> dict[str, str]:
    return {
        "code": home.get("code") or "",
        "address": home.get("address") or "",
        "community": home.get("community") or "",
        "income_status": labels.income(home.get("income_status")),
        "children": "、".join(f"{c['code']} {c['name']}" for c in home.get("children", [])),
    }


def household_paper(store: Store, code: str, today: date, reveal: bool) -> dict[str, Any]:
    """The household's file (一户一档) for a Word template: its details and guardians, a line
    for each of its children, the visits to them and what was given to the household."""
    from wbz_cli.services.households import household_file

    home = household_file(store, code)
    children, visits = [], []
    for member in home["children"]:
        child = child_paper(store, member["code"], today, reveal)
        last = child["visits"][-1]["visited_on"] if child["visits"] else ""
        summary = {k: child["child"][k] for k in CHILD_SUMMARY}
        children.append({**summary, "visit_count": str(len(child["visits"])), "last_visit": last})
        visits += [{"child": member["code"], "name": member["name"], **v} for v in child["visits"]]
    visits.sort(key=lambda v: v["visited_on"])
    return {
        **_station(store, today),
        "household": _household(home),
        "guardians": rows_of(home["guardians"], CHILD_SECTIONS["guardians"], reveal),
        "children": children,  # each child's particulars: masked and labelled already
        "visits": visits,
        "gifts": rows_of(_gifts(store, household=code), CHILD_SECTIONS["gifts"], reveal),
    }


def _child_id(store: Store, code: str) -> int:
    from wbz_cli.store.children import require_child

    return int(require_child(store.conn, code)["id"])


def _all_visits(store: Store, child_id: int) -> list[dict[str, Any]]:
    """Every visit on file, oldest first (``wbz show`` prints the last ten)."""
    import json

    from wbz_cli.store.visits import list_visits

    return [
        {**dict(r), "problems": json.loads(r["problems"] or "[]")}
        for r in list_visits(store.conn, child_id=child_id)
    ]


def _gifts(
    store: Store, *, child_id: int | None = None, household: str | None = None
) -> list[dict[str, Any]]:
    from wbz_cli.store import gifts
    from wbz_cli.store.children import household as household_row

    home = household_row(store.conn, household) if household else None
    rows = gifts.list_gifts(
        store.conn, child_id=child_id, household_id=int(home["id"]) if home else None
    )
    return [{**dict(r), "value_yuan": format_fen(int(r["value_fen"]))} for r in rows]


def active_children(store: Store, today: date) -> list[tuple[str, str]]:
    """The code and name of every child on the register today, in code order."""
    from wbz_cli.services.child_file import list_children

    return [(c.code, c.name) for c in list_children(store, today, status="active")]


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def file_name(code: str, name: str) -> str:
    """``C000001-王小明.docx``: the name without what a file system does not allow in a file
    name (slashes, colons, control characters ...), nor leading dots or spaces."""
    clean = _UNSAFE.sub("", name).strip().lstrip(".").strip()[:60]
    return f"{code}-{clean}.docx" if clean else f"{code}.docx"
