"""The output contract of the station's housekeeping: the audit log (``audit``, and a
child's or record's ``history``), doctor and purge."""

from wbz_cli.cli.output_schemas.schema import Schema, rows

#: What every audit entry shows, before what ``audit`` and ``history`` add.
_ENTRY = {
    "id": "int",
    "at": "datetime",
    "operator": "str",
    "action": "enum",
    "record_type": "str",
    "record_key": "str?",
}

SCHEMAS: dict[str, Schema] = {
    "audit": rows(
        {**_ENTRY, "before": "object?", "after": "object?"},
        "id,at,operator,action,record_type,record_key,before,after",
    ),
    "history": rows({**_ENTRY, "changes": "list"}, "at,operator,action,record_key,changes"),
    "doctor": rows(
        {"kind": "enum", "codes": "list", "detail": "str", "action": "str"},
        "kind,codes,detail,action",
    ),
    "purge": rows(
        {"child": "child", "closed_on": "date", "community": "str?"}, "child,closed_on,community"
    ),
}
