"""m0201_leads: the policy defaults, and a lead written before it gets the start of its history."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from wbz_cli.store import migrations
from wbz_cli.store.db import connect


def test_policy_defaults_and_history_of_older_leads(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(old, upto="m0001_initial")
    old.execute(
        "INSERT INTO leads (code, type, source, status, found_on, agency, created_at)"
        " VALUES ('L000001', 'schooling', 'school', 'transferred', '2026-10-01', '区教育局', 't')"
    )
    old.close()
    conn = connect(path)
    events = conn.execute("SELECT lead_id, status, on_date, agency FROM lead_events").fetchall()
    assert [tuple(e) for e in events] == [(1, "transferred", "2026-10-01", "区教育局")]
    policy = {
        r[0]: (r[1], r[2]) for r in conn.execute("SELECT key, days, working FROM lead_policy")
    }
    assert policy["transfer_mandatory"] == (0, 0)
    assert policy["accept"] == (3, 0)
    assert policy["done.police"] == (3, 0)
    assert policy["done.other"] == (15, 1)
    assert len(policy) == 10
