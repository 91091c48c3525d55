"""Privacy: guardian consent on the child's file, and when a closed file was anonymised.

consent_on / consent_by: the date and the guardian who consented to the station keeping the
child's data (PIPL art. 31 for children under 14); consent_exempt_reason: the legal ground
when consent is not required. anonymised_on: set by ``wbz purge``.
"""

from __future__ import annotations

import sqlite3


def up(conn: sqlite3.Connection) -> None:
    for column in ("consent_on", "consent_by", "consent_exempt_reason", "anonymised_on"):
        conn.execute(f"ALTER TABLE children ADD COLUMN {column} TEXT")
