"""The output contract of the daily casework: visits, services, leads (refer) and their
policies, and what is due."""

from wbz_cli.cli.output_schemas.schema import Schema, one_object, rows

LEAD = {
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

SCHEMAS: dict[str, Schema] = {
    "visit list": rows(
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
    "service list": rows(
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
    "refer list": rows(
        LEAD,
        "code,found_on,type,mandatory,source,child,name,status,summary,source_agency,reference,"
        "agency,agency_type,deadline,due_on,days_overdue",
    ),
    "refer show": one_object(
        {**LEAD, "allowed_moves": "list", "events": "list"},
        "code,on,status,agency,agency_type,note,operator,undone",
    ),
    "refer policy show": rows(
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
    "policy show": rows(
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
    "due": rows(
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
}
