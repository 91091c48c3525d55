"""The output contract of the commands on the district's file (``wbz district``, issue 21):
not run on the demo station, whose file they refuse; their own tests
(tests/cli/test_district_duplicates.py, test_district_report.py) check their output against
these."""

from wbz_cli.cli.output_schemas.reports import REPORT
from wbz_cli.cli.output_schemas.schema import Schema, one_object, rows

#: ``wbz district report``: the station report's keys (the district's name as ``station``),
#: and what the district adds (JSON); CSV one row per figure.
_DISTRICT_REPORT = {
    **REPORT,
    "stations_submitted": "int",
    "summed_not_distinct": "list",
    "missing_stations": "list",
    "by_station": "object?",
}

DISTRICT: dict[str, Schema] = {
    "district duplicates": rows(
        {"group": "int", "hash": "str", "station_id": "str", "station": "str", "child": "child"},
        "group,hash,station,child,station_id",
    ),
    "district stations": rows(
        {"station_id": "str", "station": "str", "months": "list", "last_imported_at": "datetime"},
        "station,months,last_imported_at,station_id",
    ),
    "district report monthly": one_object(
        {"month": "month", "as_of": "date", **_DISTRICT_REPORT},
        "key,label,value,summed_not_distinct",
    ),
    "district report range": one_object(
        {"period": "str", "start": "date", "end": "date", "as_of": "date", **_DISTRICT_REPORT},
        "key,label,value,summed_not_distinct",
    ),
}
