"""The output contract of what the station gives: subsidies, projects, gifts and activities."""

from wbz_cli.cli.output_schemas.schema import Schema, one_object, rows

PROJECT = {
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
PROJECT_CSV = (
    "code,name,organisation,budget_yuan,spent_yuan,balance_yuan,start_on,end_on,children,"
    "services,activities,notes"
)

SCHEMAS: dict[str, Schema] = {
    "subsidy list": rows(
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
    "subsidy rate list": rows(
        {"type": "enum", "from_month": "month", "amount_yuan": "money", "current": "bool"},
        "type,from_month,amount_yuan,current",
    ),
    "subsidy run": one_object(
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
    "project list": rows(PROJECT, PROJECT_CSV),
    "project show": one_object(
        {
            **PROJECT,
            "voided": "bool",
            "void_reason": "str?",
            "enrolled": "list",
            "payments": "list",
            "service_records": "list",
            "activity_records": "list",
        },
        PROJECT_CSV,
    ),
    "give list": rows(
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
    "activity list": rows(
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
}
