"""What ``wbz purge`` does with every text column of the database.

Every TEXT column of every table is declared here, so that a column added later is either
anonymised or declared harmless on purpose: tests/safety/test_purge_columns.py reads the
schema after all migrations and fails naming any column missing from ``TEXT_COLUMNS``.

The rows a purge touches are those of the anonymised children (their visits, services,
leads and lead events, plans and plan reviews, assessments, care agreements, ...) and, once no
child of a household is left un-anonymised, the household and its guardians. The audit
log's copies are scrubbed by key: every column named here as ``REPLACE``, ``DROP`` or ``OWN``
is a personal key of an audit row about those records (``audit_keys``).
"""

from __future__ import annotations

from enum import Enum


class Fate(str, Enum):
    #: Names no child or family member: codes, enumerations, dates, amounts, the station's own
    #: staff (儿童主任, assessor, operator) and agencies (派出所, 检察院), aggregate counts.
    KEEP = "keep"
    #: Free text, or the name of a child, family member or carer: becomes 已匿名.
    REPLACE = "replace"
    #: A phone, ID or case number: becomes NULL.
    DROP = "drop"
    #: A rule of its own, written out in ``OWN_RULES``.
    OWN = "own"


KEEP, REPLACE, DROP, OWN = Fate.KEEP, Fate.REPLACE, Fate.DROP, Fate.OWN

TEXT_COLUMNS: dict[str, dict[str, Fate]] = {
    "children": {
        "code": KEEP, "name": OWN, "id_number": OWN, "birth_date": OWN, "gender": KEEP,
        "community": KEEP, "worker": KEEP, "risk": KEEP, "status": KEEP,
        "registered_on": KEEP, "closed_on": KEEP, "close_reason": KEEP, "created_at": KEEP,
        "updated_at": KEEP, "consent_on": KEEP, "consent_by": REPLACE,
        "consent_exempt_reason": REPLACE, "anonymised_on": KEEP, "merged_on": KEEP,
    },
    "households": {
        "code": KEEP, "address": REPLACE, "community": KEEP, "income_status": KEEP,
        "notes": REPLACE, "created_on": KEEP,
    },
    "guardians": {
        "name": REPLACE, "relation": KEEP, "phone": DROP, "situation": KEEP, "id_number": DROP,
    },
    "case_periods": {"opened_on": KEEP, "closed_on": KEEP, "close_reason": KEEP},
    "child_categories": {
        "category": KEEP, "subtype": KEEP, "start_on": KEEP, "end_on": KEEP,
        "expires_on": OWN, "end_reason": KEEP,
    },
    "risk_history": {"risk": KEEP, "effective_on": KEEP, "source": KEEP},
    "visits": {
        "visited_on": KEEP, "mode": KEEP, "worker": KEEP, "notes": REPLACE,
        "created_at": KEEP, "problems": KEEP, "action": REPLACE,
    },
    "leads": {
        "code": KEEP, "type": KEEP, "source": KEEP, "status": KEEP, "found_on": KEEP,
        "agency": KEEP, "summary": REPLACE, "created_at": KEEP, "reference": DROP,
        "source_agency": KEEP, "agency_type": KEEP, "updated_at": KEEP,
    },
    "lead_events": {
        "status": KEEP, "on_date": KEEP, "agency": KEEP, "note": REPLACE, "operator": KEEP,
        "agency_type": KEEP, "created_at": KEEP,
    },
    "plans": {
        "goal": REPLACE, "services": KEEP, "opened_on": KEEP, "review_on": KEEP,
        "status": KEEP, "closed_on": KEEP, "close_note": REPLACE, "created_at": KEEP,
    },
    "plan_reviews": {
        "reviewed_on": KEEP, "next_review_on": KEEP, "note": REPLACE, "operator": KEEP,
        "created_at": KEEP, "previous_review_on": KEEP,
    },
    "services": {
        "type": KEEP, "served_on": KEEP, "provider": OWN, "notes": REPLACE, "created_at": KEEP,
    },
    "assessments": {
        "assessed_on": KEEP, "sheet": KEEP, "answers": KEEP, "emergency": KEEP,
        "result": KEEP, "assessor": KEEP, "notes": REPLACE, "created_at": KEEP,
    },
    "guardianship_assessments": {
        "assessed_on": KEEP, "result": KEEP, "notes": REPLACE, "assessor": KEEP,
        "created_at": KEEP,
    },
    "care_agreements": {
        "carer": REPLACE, "relation": KEEP, "carer_phone": DROP, "signed_on": KEEP,
        "valid_until": KEEP, "notes": REPLACE, "created_at": KEEP,
    },
    "subsidies": {"type": KEEP, "month": KEEP, "created_at": KEEP, "source": KEEP},
    # An activity is shared by many children: see OWN_RULES.
    "activities": {
        "title": OWN, "kind": KEEP, "held_on": KEEP, "created_at": KEEP, "place": OWN,
        "notes": OWN,
    },
    "audit_log": {
        "at": KEEP, "operator": KEEP, "action": KEEP, "record_type": KEEP, "record_key": KEEP,
        "before": OWN, "after": OWN,
    },
    # The station's own tables: resources are its partners, not children or families.
    "resources": {
        "kind": KEEP, "name": KEEP, "phone": KEEP, "notes": KEEP, "added_on": KEEP,
        "removed_on": KEEP, "specialty": KEEP,
    },
    "subsidy_rates": {"type": KEEP, "from_month": KEEP, "created_at": KEEP},
    "settings": {"key": KEEP, "value": KEEP},
    "lead_policy": {"key": KEEP, "effective_on": KEEP},
    "visit_policy": {"key": KEEP, "effective_on": KEEP, "value": KEEP},
    "schema_migrations": {"name": KEEP, "applied_at": KEEP},
    # Stored report parts hold counts per community and worker, never a child.
    "report_parts": {
        "first_day": KEEP, "last_day": KEEP, "part": KEEP, "version": KEEP, "data": KEEP,
    },
    "report_changes": {"part": KEEP},
    # What `merge --undo` needs: both children's rows as they were before the merge.
    "child_merges": {
        "merged_on": KEEP, "created_at": KEEP, "undone_at": KEEP, "before": OWN, "digest": OWN,
    },
    # issue 25's records: the place may be a relative's home, the reason the child's story
    "placements": {
        "kind": KEEP, "place": REPLACE, "reason": REPLACE, "started_on": KEEP, "ended_on": KEEP,
        "end_note": REPLACE, "worker": KEEP, "created_at": KEEP,
    },
    "applications": {
        "kind": KEEP, "what": KEEP, "subtype": KEEP, "applied_on": KEEP, "agency": KEEP,
        "notes": REPLACE, "status": KEEP, "decided_on": KEEP, "starts_on": KEEP,
        "refuse_reason": REPLACE, "created_at": KEEP,
    },
    "pairs": {"started_on": KEEP, "ended_on": KEEP, "notes": REPLACE, "created_at": KEEP},
    # a screening enrolled as a purged child is purged with the child
    "screenings": {
        "name": REPLACE, "id_number": DROP, "community": KEEP, "screened_on": KEEP,
        "worker": KEEP, "source": KEEP, "outcome": KEEP, "reason": REPLACE,
        "follow_up_by": KEEP, "created_at": KEEP,
    },
}  # fmt: skip
# Attached files (m0930): a purged child's are deleted, bytes and all (services/privacy.py).
TEXT_COLUMNS["attachments"] = {
    "record_kind": KEEP, "kind": KEEP, "name": OWN, "file_type": KEEP, "sha256": OWN,
    "added_on": KEEP, "created_at": KEEP, "voided_at": KEEP, "voided_by": KEEP,
    "void_reason": OWN,
}  # fmt: skip

#: Who withdrew a record, when and why (``wbz <group> void``): the reason is free text.
VOID_COLUMNS = {"voided_at": KEEP, "voided_by": KEEP, "void_reason": REPLACE}
for _table in (
    "visits",
    "services",
    "subsidies",
    "care_agreements",
    "plans",
    "assessments",
    "guardianship_assessments",
    "risk_history",
    "child_categories",
    "case_periods",
    "plan_reviews",
    "placements",
    "applications",
    "pairs",
    "screenings",
):
    TEXT_COLUMNS[_table].update(VOID_COLUMNS)
TEXT_COLUMNS["activities"].update(VOID_COLUMNS, void_reason=OWN)
# the resource library is the station's own: why a partner was withdrawn names no child
TEXT_COLUMNS["resources"].update(VOID_COLUMNS, void_reason=KEEP)
# Projects (m0931) are the station's own, as its resources: a project's name, notes and the
# purposes of its payments describe the work, not a child (the children enrolled are ids).
TEXT_COLUMNS["projects"] = {
    "name": KEEP, "start_on": KEEP, "end_on": KEEP, "notes": KEEP, "created_at": KEEP,
    **VOID_COLUMNS, "void_reason": KEEP,
}  # fmt: skip
TEXT_COLUMNS["project_payments"] = {
    "paid_on": KEEP, "note": KEEP, "created_at": KEEP, **VOID_COLUMNS, "void_reason": KEEP,
}  # fmt: skip
# Goods and wishes (m0932): what a child or family was given may be personal (a wish).
TEXT_COLUMNS["gifts"] = {
    "what": REPLACE, "kind": KEEP, "given_on": KEEP, "donor": KEEP, "created_at": KEEP,
    **VOID_COLUMNS,
}  # fmt: skip

OWN_RULES = {
    ("children", "name"): "已匿名",
    ("children", "id_number"): "ANON-<code>: unique, never a real number",
    ("children", "birth_date"): "the first of its month: month-end ages stay the same",
    ("child_categories", "expires_on"): "the first of its month, like the birth date",
    ("services", "provider"): "已匿名 when typed as free text (it may name a relative who "
    "gave the care); the name of a resource of the library stays",
    ("activities", "title"): "the purged children's and their families' names and numbers "
    "become 已匿名; the rest stays, it describes the activity of the other children",
    ("activities", "place"): "as the title",
    ("activities", "notes"): "as the title; all of it 已匿名 once every child listed in the "
    "activity is anonymised",
    ("activities", "void_reason"): "as the title",
    ("audit_log", "before"): "in rows about the purged records, every key of audit_keys() "
    "becomes 已匿名 (numbers null)",
    ("audit_log", "after"): "as before",
    ("child_merges", "before"): "the whole record deleted: it holds both files' rows, names "
    "and ID numbers included, and a purged child's merge is no longer undone",
    ("child_merges", "digest"): "as before",
    ("attachments", "name"): "the whole attachment deleted with its content: a scan of a "
    "consent form or a photo cannot be anonymised",
    ("attachments", "sha256"): "as the name",
    ("attachments", "void_reason"): "as the name",
}


def columns(fate: Fate) -> dict[str, tuple[str, ...]]:
    """Per table, its text columns of this fate."""
    out = {t: tuple(c for c, f in cols.items() if f is fate) for t, cols in TEXT_COLUMNS.items()}
    return {t: cs for t, cs in out.items() if cs}


def audit_keys() -> frozenset[str]:
    """Keys of an audit row's before/after that hold what a purge removes from the tables."""
    return frozenset(
        c
        for table, cols in TEXT_COLUMNS.items()
        if table != "audit_log"
        for c, fate in cols.items()
        if fate is not KEEP
    )
