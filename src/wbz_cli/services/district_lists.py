"""What the district file lists: the children two or more stations listed in the same month
(``wbz district duplicates``), and the stations that ever submitted (``district stations``)."""

from __future__ import annotations

from typing import Any

from wbz_cli.domain.dates import parse_month
from wbz_cli.store.district_session import DistrictStore
from wbz_cli.store.district_submissions import month_duplicates, station_months


def duplicates(store: DistrictStore, month: str) -> list[dict[str, Any]]:
    """One row per station listing a child that another station listed too in ``month``:
    ``group`` (one number per child), ``hash``, ``station_id``, ``station``, ``child``
    (that station's code for the child)."""
    first, _last = parse_month(month, "--month")
    found = month_duplicates(store.conn, first.strftime("%Y-%m"))
    group, last_hash = 0, None
    rows = []
    for row in found:
        if row["hash"] != last_hash:
            group, last_hash = group + 1, row["hash"]
        rows.append(
            {
                "group": group,
                "hash": row["hash"],
                "station_id": row["station_id"],
                "station": row["station_name"],
                "child": row["child"],
            }
        )
    return rows


def stations(store: DistrictStore) -> list[dict[str, Any]]:
    """Each station that ever submitted: ``station_id``, ``station`` (its latest name),
    ``months`` (in order), ``last_imported_at``."""
    return [
        {
            "station_id": row["station_id"],
            "station": row["station_name"],
            "months": str(row["months"]).split(";"),
            "last_imported_at": row["last_imported_at"],
        }
        for row in station_months(store.conn)
    ]
