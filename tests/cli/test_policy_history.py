"""The visit cadence policy is kept by date: a change holds from its day on, so `wbz due`
follows it at once while the reports of earlier months keep the rules they were made under."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import Invoke, make_id

from wbz_cli.store import migrations
from wbz_cli.store import visits as vq
from wbz_cli.store.db import connect


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


def october_overdue(wbz: Invoke) -> int:
    result = ok(wbz("report", "monthly", "--month", "2026-10", "--format", "json", "--recompute"))
    return int(result.json()["visits"]["overdue"])


def test_a_rule_changed_today_leaves_last_months_report_alone(station: Invoke) -> None:
    ok(station("register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11),
               "-c", "困境", "--risk", "red", "--on", "2026-09-01"))  # fmt: skip
    ok(station("visit", "add", "C000001", "-m", "home", "--on", "2026-10-20"))
    assert october_overdue(station) == 1  # red: every 7 days, due 10-27
    ok(station("policy", "set", "risk.red", "60"))  # from today, 2026-11-24
    assert october_overdue(station) == 1  # October keeps its 7 days
    [row] = ok(station("due", "--within", "30", "--format", "json")).json()
    assert (row["next_due"], row["days_overdue"]) == ("2026-12-19", -25)  # today: 60 days
    ok(station("policy", "set", "risk.red", "60", "--on", "2026-10-01"))
    assert october_overdue(station) == 0  # now October's rule too


def test_policy_show_tells_which_rule_held_on_a_day(station: Invoke) -> None:
    ok(station("policy", "set", "risk.red", "5", "--on", "2026-11-01"))
    now = {r["key"]: r for r in ok(station("policy", "show", "-f", "json")).json()}
    assert (now["risk.red"]["value"], now["risk.red"]["since"]) == ("5", "2026-11-01")
    assert now["risk.green"]["since"] == ""  # the station default, from the beginning
    before = ok(station("policy", "show", "--as-of", "2026-10-31", "-f", "json")).json()
    assert {r["key"]: r["value"] for r in before}["risk.red"] == "7"
    assert "默认" in ok(station("policy", "show", "--as-of", "2026-10-31")).stdout


def test_a_file_changed_before_rules_were_dated_gets_its_history_from_the_audit_log(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path, isolation_level=None)
    migrations.migrate(old, upto="m0701_report_snapshots")
    # What `wbz policy set risk.red 5` did on 2026-06-15 before the policy had dates.
    old.execute("UPDATE visit_policy SET value = '5' WHERE key = 'risk.red'")
    old.execute(
        "INSERT INTO audit_log (at, operator, action, record_type, record_key, before, after)"
        " VALUES ('2026-06-15T10:00:00+08:00', 't', 'update', 'visit_policy', 'risk.red',"
        ' \'{"value": "7"}\', \'{"value": "5"}\')'
    )
    old.close()
    conn = connect(path)
    assert vq.read_policy(conn, "2026-06-14")["risk.red"] == "7"
    assert vq.read_policy(conn, "2026-06-15")["risk.red"] == "5"
    assert vq.read_policy(conn)["risk.green"] == "90"
    conn.close()
