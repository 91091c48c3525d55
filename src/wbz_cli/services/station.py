"""The station's own settings (name, district)."""

from __future__ import annotations

from wbz_cli.domain.children import normalise_text
from wbz_cli.store.session import Store
from wbz_cli.store.settings import all_settings, public, put_settings


def init_station(
    store: Store, station: str | None, district: str | None, follow_up_days: int | None = None
) -> dict[str, str]:
    """Record the station's name and district, and the days to follow up a person screened
    from a department's list; return the settings now in force."""
    from wbz_cli.services.screenings import FOLLOW_UP_SETTING

    changes = {
        k: normalise_text(v, 100)
        for k, v in (("station", station), ("district", district))
        if v is not None
    }
    if follow_up_days is not None:
        changes[FOLLOW_UP_SETTING] = str(follow_up_days)
    with store.write() as conn:
        before = public(all_settings(conn))
        put_settings(conn, changes)
        after = public(all_settings(conn))
        store.audit("init", "settings", "station", before or None, after)
    return after
