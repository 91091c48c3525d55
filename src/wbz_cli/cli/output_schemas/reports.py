"""The output contract of the station's report (``report monthly|range|keys|explain``)."""

from wbz_cli.cli.output_schemas.schema import Schema, one_object, rows

#: The station report's JSON keys after its period (the district report's too).
REPORT = {
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
    # issue 25's records
    "placements": "object",
    "applications": "object",
    "pairs": "object",
    "screening": "object",
}

SCHEMAS: dict[str, Schema] = {
    "report monthly": one_object({"month": "month", "as_of": "date", **REPORT}, "key,label,value"),
    "report range": one_object(
        {"period": "str", "start": "date", "end": "date", "as_of": "date", **REPORT},
        "key,label,value",
    ),
    "report keys": rows(
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
    # ``date`` is a day, or a payment's month (YYYY-MM); ``part`` only for a rate's rows.
    "report explain": rows(
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
}
