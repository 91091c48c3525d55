"""The output contract, per command (CLI.md "The output contract"): the JSON keys and their
types, and the CSV columns, of every command that prints data with ``--format json|csv``.

``tests/cli/test_output_contract.py`` runs each command on the demo station and checks its
output against this table; a command with a ``--format`` option that is missing here fails
that test, so a new command joins the contract when it is added.

Types: ``str``, ``int``, ``bool``, ``date`` (YYYY-MM-DD), ``datetime`` (ISO 8601), ``month``
(YYYY-MM), ``money`` (a string with two decimals, "1234.50"), ``enum`` (an English key such
as ``home``), ``child`` (a child's code, C000123), ``list`` (a JSON array), ``object``; a
trailing ``?`` means the value may be null, or the key absent (``due``'s ``lead`` is on lead rows
only). ``json`` is a dict for one object, a list holding
one dict for rows; ``csv`` is the header row, or None when the command offers no CSV.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Schema:
    json: dict[str, str] | list[dict[str, str]]
    csv: tuple[str, ...] | None


def _rows(keys: dict[str, str], csv: str | None) -> Schema:
    return Schema([keys], tuple(csv.split(",")) if csv else None)


def _object(keys: dict[str, str], csv: str | None) -> Schema:
    return Schema(keys, tuple(csv.split(",")) if csv else None)


_CHILD = {
    "child": "child",
    "name": "str",
    "id_number": "str",
    "gender": "enum",
    "birth_date": "date",
    "age": "int",
    "categories": "list",
    "community": "str?",
    "worker": "str?",
    "risk": "enum",
    "status": "enum",
    "household": "str?",
    "guardian": "str?",
    "guardian_relation": "str?",
    "guardian_phone": "str?",
    "address": "str?",
    "registered_on": "date",
    "closed_on": "date?",
    "close_reason": "enum?",
}
_CHILD_CSV = (
    "child,name,gender,age,id_number,categories,community,risk,status,worker,guardian,"
    "guardian_phone,birth_date,guardian_relation,address,household,registered_on,closed_on,"
    "close_reason"
)
_LEAD = {
    "code": "str",
    "found_on": "date",
    "type": "enum",
    "mandatory": "bool",
    "source": "enum",
    "source_agency": "str?",
    "reference": "str?",
    "child": "child?",
    "name": "str?",
    "summary": "str?",
    "status": "enum",
    "agency": "str?",
    "agency_type": "enum?",
    "deadline": "enum?",
    "reason": "str?",
    "due_on": "date?",
    "days_overdue": "int?",
}
_REPORT = {
    "station": "str",
    "children": "object",
    "households": "object",
    "visits": "object",
    "referrals": "object",
    "services": "object",
    "subsidies": "object",
    "activities": "object",
    "resources": "object",
    "care": "object",
    "plans": "object",
    "projects": "object",
    "gifts": "object",
}
# issue 25's records
_REPORT.update({"placements": "object", "applications": "object", "pairs": "object"})
_REPORT.update({"screening": "object"})

_PROJECT = {
    "code": "str",
    "name": "str",
    "organisation": "str?",
    "budget_yuan": "money",
    "spent_yuan": "money",
    "balance_yuan": "money",
    "start_on": "date",
    "end_on": "date?",
    "children": "int",
    "services": "int",
    "activities": "int",
    "notes": "str?",
}
_PROJECT_CSV = (
    "code,name,organisation,budget_yuan,spent_yuan,balance_yuan,start_on,end_on,children,"
    "services,activities,notes"
)

#: Command path (as typed after ``wbz``) -> its output contract.
SCHEMAS: dict[str, Schema] = {
    "activity list": _rows(
        {
            "id": "int",
            "title": "str",
            "kind": "enum",
            "held_on": "date",
            "place": "str?",
            "participants": "int",
            "children": "list",
            "notes": "str?",
        },
        "id,held_on,kind,title,place,participants,children",
    ),
    "assess list": _rows(
        {
            "code": "str",
            "kind": "str",
            "child": "child",
            "name": "str",
            "assessed_on": "date",
            "result": "enum",
            "score": "int?",
            "assessor": "str?",
            "notes": "str?",
            "voided": "bool",
            "void_reason": "str?",
        },
        "code,kind,child,name,assessed_on,result,score,assessor,notes",
    ),
    "assess risk": _object(
        {
            "id": "int",
            "child": "child",
            "name": "str",
            "assessed_on": "date",
            "sheet": "str",
            "score": "int",
            "max_score": "int",
            "by_area": "object",
            "emergency": "list",
            "result": "enum",
            "risk": "enum",
            "unanswered": "list",
            "answers": "object",
        },
        "child,assessed_on,score,result,emergency,risk",
    ),
    "assess sheet": _object(
        {"sheet": "str", "items": "list", "bands": "object"}, "area,key,label,max"
    ),
    "audit": _rows(
        {
            "id": "int",
            "at": "datetime",
            "operator": "str",
            "action": "enum",
            "record_type": "str",
            "record_key": "str?",
            "before": "object?",
            "after": "object?",
        },
        "id,at,operator,action,record_type,record_key,before,after",
    ),
    "care-agreement list": _rows(
        {
            "child": "child",
            "name": "str",
            "carer": "str",
            "relation": "str?",
            "carer_phone": "str?",
            "signed_on": "date",
            "valid_until": "date?",
            "school_notified": "bool",
            "committee_notified": "bool",
            "valid": "bool",
            "id": "int",
        },
        "child,name,carer,relation,carer_phone,signed_on,valid_until,school_notified,"
        "committee_notified,valid,id",
    ),
    "care-agreement rate": _object(
        {
            "on": "date",
            "left_behind": "int",
            "with_agreement": "int",
            "without_agreement": "int",
            "rate_percent": "money",
            "missing": "list",
        },
        "on,left_behind,with_agreement,without_agreement,rate_percent",
    ),
    "children": _rows(_CHILD, _CHILD_CSV),
    "consent": _rows(
        {
            "child": "child",
            "consent_on": "date?",
            "consent_by": "str?",
            "consent_exempt_reason": "str?",
        },
        "child,consent_on,consent_by,consent_exempt_reason",
    ),
    "doctor": _rows(
        {"kind": "enum", "codes": "list", "detail": "str", "action": "str"},
        "kind,codes,detail,action",
    ),
    "due": _rows(
        {
            "child": "child",
            "name": "str",
            "next_due": "date",
            "days_overdue": "int",
            "reason": "str",
            "kind": "enum",
            "rule": "enum?",
            "worker": "str?",
            "community": "str?",
            "risk": "enum",
            "last_visit": "date?",
            "lead": "str?",
        },
        "next_due,days_overdue,child,name,worker,community,risk,kind,reason,last_visit,rule",
    ),
    "duplicates": _rows(
        {"group": "int", "codes": "list", "children": "list"},
        "group,child,name,id_number,birth_date,gender,community,household,status,registered_on",
    ),
    "history": _rows(
        {
            "id": "int",
            "at": "datetime",
            "operator": "str",
            "action": "enum",
            "record_type": "str",
            "record_key": "str?",
            "changes": "list",
        },
        "at,operator,action,record_key,changes",
    ),
    "household list": _rows(
        {
            "code": "str",
            "address": "str?",
            "community": "str?",
            "income_status": "enum?",
            "guardian": "str?",
            "guardian_phone": "str?",
            "children": "int",
            "active_children": "int",
        },
        "code,community,address,income_status,guardian,guardian_phone,children,active_children",
    ),
    "household show": _object(
        {
            "code": "str",
            "address": "str?",
            "community": "str?",
            "income_status": "enum?",
            "guardians": "list",
            "children": "list",
        },
        "code,community,address,income_status,guardians,children",
    ),
    "plan list": _rows(
        {
            "code": "str",
            "child": "child",
            "name": "str",
            "goal": "str",
            "services": "list",
            "opened_on": "date",
            "review_on": "date",
            "status": "enum",
            "closed_on": "date?",
            "overdue": "bool",
            "days_overdue": "int?",
        },
        "code,child,name,goal,services,opened_on,review_on,days_overdue,status",
    ),
    "policy show": _rows(
        {
            "key": "str",
            "label": "str",
            "value": "str",
            "text": "str",
            "default": "str",
            "since": "str?",
        },
        "key,label,text,since,default",
    ),
    "refer list": _rows(
        _LEAD,
        "code,found_on,type,mandatory,source,child,name,status,summary,source_agency,reference,"
        "agency,agency_type,deadline,due_on,days_overdue",
    ),
    "refer policy show": _rows(
        {
            "key": "str",
            "label": "str",
            "days": "int",
            "working": "bool",
            "text": "str",
            "since": "date?",
        },
        "key,label,days,working,since",
    ),
    "refer show": _object(
        {**_LEAD, "allowed_moves": "list", "events": "list"},
        "code,on,status,agency,agency_type,note,operator,undone",
    ),
    "resource list": _rows(
        {
            "code": "str",
            "kind": "enum",
            "name": "str",
            "phone": "str?",
            "specialty": "str?",
            "notes": "str?",
            "added_on": "date",
            "removed_on": "date?",
        },
        "code,kind,name,phone,specialty,added_on,removed_on,notes",
    ),
    "service list": _rows(
        {
            "id": "int",
            "child": "child",
            "name": "str",
            "type": "enum",
            "served_on": "date",
            "provider": "str?",
            "resource": "str?",
            "hours": "str?",
            "plan": "str?",
            "notes": "str?",
            "pair": "int?",
            "project": "str?",
        },
        "served_on,child,name,type,provider,resource,hours,plan,notes,id,pair,project",
    ),
    "show": _object(
        {
            **_CHILD,
            "category_history": "list",
            "case_history": "list",
            "risk_history": "list",
            "household_detail": "object?",
            "assessments": "list",
            "guardianship_assessments": "list",
            "visits": "list",
            "visit_count": "int",
            "leads": "list",
            "plans": "list",
            "services": "list",
            "subsidies": "list",
            "care_agreements": "list",
            "placements": "list",
            "applications": "list",
            "pairs": "list",
            "screenings": "list",
            "attachments": "list",
            "voided_records": "list",
            "merged_from": "list",
        },
        _CHILD_CSV,
    ),
    "subsidy list": _rows(
        {
            "id": "int",
            "month": "month",
            "child": "child",
            "name": "str",
            "type": "enum",
            "amount_yuan": "money",
            "source": "enum",
        },
        "month,child,name,type,amount_yuan,source,id",
    ),
    "subsidy rate list": _rows(
        {"type": "enum", "from_month": "month", "amount_yuan": "money", "current": "bool"},
        "type,from_month,amount_yuan,current",
    ),
    "subsidy run": _object(
        {
            "month": "month",
            "dry_run": "bool",
            "payments": "int",
            "amount_yuan": "money",
            "by_type": "object",
            "skipped": "object",
            "no_rate": "list",
        },
        "month,type,rate_yuan,payments,amount_yuan",
    ),
    "visit list": _rows(
        {
            "id": "int",
            "visited_on": "date",
            "child": "child",
            "name": "str",
            "community": "str?",
            "mode": "enum",
            "worker": "str?",
            "problems": "list",
            "action": "str?",
            "notes": "str?",
            "pair": "int?",
        },
        "visited_on,child,name,community,mode,worker,problems,action,notes,id,pair",
    ),
    "report monthly": _object({"month": "month", "as_of": "date", **_REPORT}, "key,label,value"),
    "report range": _object(
        {"period": "str", "start": "date", "end": "date", "as_of": "date", **_REPORT},
        "key,label,value",
    ),
    "report keys": _rows(
        {
            "key": "str",
            "label": "str",
            "definition": "str",
            "placeholder": "str",
            "members": "list",
            "station_only": "bool",
        },
        "key,label,definition,placeholder,members,station_only",
    ),
    "attachments": _rows(
        {
            "id": "int",
            "child": "child",
            "name": "str",
            "record": "str?",
            "kind": "enum",
            "file_name": "str",
            "file_type": "enum",
            "size": "int",
            "sha256": "str",
            "added_on": "date",
        },
        "id,added_on,child,name,record,kind,file_name,file_type,size,sha256",
    ),
    "give list": _rows(
        {
            "id": "int",
            "given_on": "date",
            "child": "child?",
            "name": "str?",
            "household": "str?",
            "kind": "enum",
            "what": "str",
            "value_yuan": "money",
            "donor": "str?",
        },
        "id,given_on,child,name,household,kind,what,value_yuan,donor",
    ),
    "project list": _rows(_PROJECT, _PROJECT_CSV),
    "project show": _object(
        {
            **_PROJECT,
            "voided": "bool",
            "void_reason": "str?",
            "enrolled": "list",
            "payments": "list",
            "service_records": "list",
            "activity_records": "list",
        },
        _PROJECT_CSV,
    ),
    "purge": _rows(
        {"child": "child", "closed_on": "date", "community": "str?"}, "child,closed_on,community"
    ),
    # ``date`` is a day, or a payment's month (YYYY-MM); ``part`` only for a rate's rows.
    "report explain": _rows(
        {
            "child": "child?",
            "id_number": "str?",
            "name": "str?",
            "community": "str?",
            "worker": "str?",
            "date": "str?",
            "record": "str?",
            "amount_yuan": "money?",
            "participants": "int?",
            "part": "enum?",
        },
        "child,id_number,name,community,worker,date,record,amount_yuan,participants,part",
    ),
    # issue 25's records
    "placement list": _rows(
        {
            "id": "int",
            "child": "child",
            "name": "str",
            "kind": "enum",
            "place": "str",
            "reason": "str?",
            "started_on": "date",
            "ended_on": "date?",
            "end_note": "str?",
            "worker": "str?",
        },
        "id,child,name,kind,place,started_on,ended_on,reason,worker,end_note",
    ),
    "apply list": _rows(
        {
            "id": "int",
            "child": "child",
            "name": "str",
            "kind": "enum",
            "what": "enum",
            "subtype": "enum?",
            "applied_on": "date",
            "agency": "str?",
            "status": "enum",
            "decided_on": "date?",
            "starts_on": "date?",
            "refuse_reason": "str?",
            "notes": "str?",
        },
        "id,child,name,kind,what,applied_on,agency,status,decided_on,starts_on,refuse_reason,"
        "subtype,notes",
    ),
    "pair list": _rows(
        {
            "id": "int",
            "child": "child",
            "name": "str",
            "resource": "str",
            "resource_kind": "enum",
            "resource_name": "str",
            "started_on": "date",
            "ended_on": "date?",
            "notes": "str?",
        },
        "id,child,name,resource,resource_kind,resource_name,started_on,ended_on,notes",
    ),
    "screen list": _rows(
        {
            "id": "int",
            "name": "str",
            "id_number": "str?",
            "community": "str?",
            "screened_on": "date",
            "worker": "str?",
            "source": "enum",
            "outcome": "enum",
            "child": "child?",
            "reason": "str?",
            "follow_up_by": "date?",
        },
        "id,name,id_number,community,screened_on,source,outcome,child,follow_up_by,reason,worker",
    ),
}

#: Commands whose ``--format`` gives a one-off answer rather than data rows (the new record's
#: code, an import's summary, a match report): their JSON keys are checked by their own
#: tests; they offer no CSV, or CSV of the same object.
SUMMARIES: dict[str, str] = {
    "register": "JSON {child, household}",
    "update": "as show",
    "visit add": "JSON of the new visit",
    "refer add": "JSON {code, status, mandatory, warnings}",
    "refer move": "JSON of the lead, as refer show",
    "service add": "JSON of the new service, as a service list row",
    "subsidy add": "JSON {month, child, name, type, amount_yuan}",
    "merge": "JSON of the merge",
    "import roster": "JSON summary of CLI.md",
    "visit import": "JSON summary",
    "subsidy import": "JSON summary",
    "match": "JSON report; xlsx with --out",
    "placement start": "JSON of the new placement, as a placement list row",
    "placement end": "JSON of the placement, as a placement list row",
    "apply add": "JSON of the new application",
    "apply decide": "JSON of the application, as an apply list row",
    "pair add": "JSON of the new pairing, as a pair list row",
    "pair end": "JSON of the pairing, as a pair list row",
    "attach": "JSON of the new attachment, as an attachments row",
    "screen import": "JSON summary",
}


#: Commands on the district's file (``wbz district``, issue 21): not run on the demo station,
#: whose file they refuse; their own tests (tests/cli/test_district_duplicates.py) check
#: their output against these.
DISTRICT: dict[str, Schema] = {
    "district duplicates": _rows(
        {"group": "int", "hash": "str", "station_id": "str", "station": "str", "child": "child"},
        "group,hash,station,child,station_id",
    ),
    "district stations": _rows(
        {"station_id": "str", "station": "str", "months": "list", "last_imported_at": "datetime"},
        "station,months,last_imported_at,station_id",
    ),
}
#: ``wbz district report``: the station report's keys (the district's name as ``station``),
#: and what the district adds (JSON); CSV one row per figure.
_DISTRICT_REPORT = {
    **_REPORT,
    "stations_submitted": "int",
    "summed_not_distinct": "list",
    "missing_stations": "list",
    "by_station": "object?",
}
DISTRICT["district report monthly"] = _object(
    {"month": "month", "as_of": "date", **_DISTRICT_REPORT}, "key,label,value,summed_not_distinct"
)
DISTRICT["district report range"] = _object(
    {"period": "str", "start": "date", "end": "date", "as_of": "date", **_DISTRICT_REPORT},
    "key,label,value,summed_not_distinct",
)
SUMMARIES["district import"] = "JSON {files, loaded, replaced, unchanged, refused: [...]}"


def schema_for(command: str) -> Schema | None:
    return SCHEMAS.get(command)


def covered(command: str) -> bool:
    """Whether ``command`` (a path such as ``refer list``) is part of the contract."""
    return command in SCHEMAS or command in SUMMARIES or command in DISTRICT
