"""The output contract of the child's file: the roster, one child, households, duplicates,
consent, attachments and screenings."""

from wbz_cli.cli.output_schemas.schema import Schema, one_object, rows

CHILD = {
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
CHILD_CSV = (
    "child,name,gender,age,id_number,categories,community,risk,status,worker,guardian,"
    "guardian_phone,birth_date,guardian_relation,address,household,registered_on,closed_on,"
    "close_reason"
)

SCHEMAS: dict[str, Schema] = {
    "children": rows(CHILD, CHILD_CSV),
    "show": one_object(
        {
            **CHILD,
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
        CHILD_CSV,
    ),
    "household list": rows(
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
    "household show": one_object(
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
    "duplicates": rows(
        {"group": "int", "codes": "list", "children": "list"},
        "group,child,name,id_number,birth_date,gender,community,household,status,registered_on",
    ),
    "consent": rows(
        {
            "child": "child",
            "consent_on": "date?",
            "consent_by": "str?",
            "consent_exempt_reason": "str?",
        },
        "child,consent_on,consent_by,consent_exempt_reason",
    ),
    "attachments": rows(
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
    "screen list": rows(
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
