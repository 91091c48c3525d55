"""The station's own settings (name, district)."""

from __future__ import annotations

from wbz_cli.domain.children import normalise_text
from wbz_cli.store.session import Store


def init_station(store: Store, station: str | None, district: str | None) -> dict[str, str]:
    """Record the station's name and district; return the settings now in force."""
    changes = {
        k: normalise_text(v, 100)
        for k, v in (("station", station), ("district", district))
        if v is not None
    }
    with store.write() as conn:
        before = dict(conn.execute("SELECT key, value FROM settings").fetchall())
        for key, value in changes.items():
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
        after = dict(conn.execute("SELECT key, value FROM settings").fetchall())
        store.audit("init", "settings", "station", before or None, after)
    return after
