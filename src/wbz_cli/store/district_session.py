"""The open district file and who is acting: ``Store``'s transactions and audit rows
(``store/session``) over a district file, whose writes leave no station report stamp."""

from __future__ import annotations

from pathlib import Path

from wbz_cli.store.district_db import open_district
from wbz_cli.store.session import Store


class DistrictStore(Store):
    """``with store.write():`` is one transaction; ``store.audit(...)`` writes its audit row."""

    @classmethod
    def open_district(cls, path: Path, operator: str, *, create: bool = False) -> DistrictStore:
        """``create``: a new file (``wbz district init``); otherwise an existing district file."""
        return cls(open_district(path, create=create), operator, path)

    def _mark_changed(self) -> None:
        """A district file keeps no station report snapshots."""

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute(
            "SELECT value FROM district_settings WHERE key = ?", (key,)
        ).fetchone()
        return str(row[0]) if row else default
