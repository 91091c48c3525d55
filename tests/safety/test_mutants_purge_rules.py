"""What ``wbz purge`` scrubs from the audit log (issue 26: mutants of domain/purge_rules.py).

The audit log keeps copies of what was written: a purge scrubs from them every key that holds
what it removes from the tables (a carer's name, a placement's place, a lead's case number)
and keeps the rest (codes, dates, risk levels), so the log still says what happened when.
``audit_keys()`` runs once at import (domain/safety.PERSONAL_KEYS): called here, so that the
mutation runner sees a test run it."""

from __future__ import annotations

from wbz_cli.domain.purge_rules import audit_keys
from wbz_cli.domain.safety import ANONYMOUS, scrub


def test_an_audit_row_keeps_codes_and_dates_and_loses_what_the_purge_removes() -> None:
    keys = audit_keys()
    removed = {"carer", "consent_by", "place", "reason", "goal", "reference", "action", "what"}
    assert removed <= keys
    kept = {"code", "visited_on", "signed_on", "risk", "status", "type", "month"}
    assert not kept & keys

    row = {"code": "C000001", "signed_on": "2026-03-01", "carer": "张阿姨", "place": "外婆家"}
    assert scrub(row) == {
        "code": "C000001",
        "signed_on": "2026-03-01",
        "carer": ANONYMOUS,
        "place": ANONYMOUS,
    }
