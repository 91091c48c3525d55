"""A period's figures are kept after they are computed, in parts, and read back while nothing
they depend on has changed; every change, made through wbz or with another program, shows in
the next report."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import Invoke
from tests.report.test_monthly_figures import monthly, ok


def _visit_behind_wbz_back(db_path: Path) -> None:
    """A visit written with another program: wbz's write stamp does not move."""
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "INSERT INTO visits (child_id, visited_on, mode, worker, created_at)"
            " VALUES (1, '2026-10-20', 'home', '王主任', '2026-11-24T00:00:00')"
        )
    conn.close()


def _kept_parts(db_path: Path) -> list[tuple[str, int, str]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT part, stamp, data FROM report_parts ORDER BY part").fetchall()
    finally:
        conn.close()


def _tamper_with_kept_visits(db_path: Path) -> None:
    """Change the kept figures themselves (not the records): only a report that reads them
    back shows the change."""
    conn = sqlite3.connect(db_path)
    with conn:
        for part, data in conn.execute("SELECT part, data FROM report_parts").fetchall():
            figures = json.loads(data)
            for counts in figures.get("cells", {}).values():
                if "visits.by_mode.home" in counts:
                    counts["visits.by_mode.home"] += 100
            conn.execute("UPDATE report_parts SET data = ? WHERE part = ?",
                         (json.dumps(figures), part))  # fmt: skip
    conn.close()


def test_a_visit_recorded_with_wbz_shows_in_the_next_report(october: Invoke) -> None:
    before = monthly(october)
    ok(october("visit", "add", "C000002", "--mode", "phone", "--on", "2026-10-20"))
    after = monthly(october)
    assert after["visits"]["total"] == before["visits"]["total"] + 1
    assert after["visits"]["by_mode"]["phone"] == before["visits"]["by_mode"]["phone"] + 1


def test_a_visit_written_by_another_program_shows_in_the_next_report(
    october: Invoke, db_path: Path
) -> None:
    before = monthly(october)
    _visit_behind_wbz_back(db_path)
    after = monthly(october)
    assert after["visits"]["by_mode"]["home"] == before["visits"]["by_mode"]["home"] + 1
    assert monthly(october, "2026-10", "--recompute") == after


def test_an_unchanged_month_is_read_back_and_recompute_computes_again(
    october: Invoke, db_path: Path
) -> None:
    before = monthly(october)
    _tamper_with_kept_visits(db_path)
    assert (
        monthly(october)["visits"]["by_mode"]["home"] == before["visits"]["by_mode"]["home"] + 100
    )
    assert monthly(october, "2026-10", "--recompute") == before
    assert monthly(october) == before  # the recomputed figures are kept in turn


def test_exporting_a_report_keeps_the_stored_figures(
    october: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """Writing a workbook leaves an audit row but changes no data."""
    monthly(october)
    kept = _kept_parts(db_path)
    out = tmp_path / "月报.xlsx"
    ok(october("report", "monthly", "--month", "2026-10", "--format", "xlsx", "--out", str(out)))
    monthly(october)
    assert _kept_parts(db_path) == kept


def test_each_breakdown_is_cut_from_the_same_figures(october: Invoke) -> None:
    total = monthly(october)
    by_worker = monthly(october, "2026-10", "--by", "worker")
    by_community = monthly(october, "2026-10", "--by", "community")
    for report in (by_worker, by_community):
        body = {k: v for k, v in report.items() if not k.startswith("by_")}
        assert body == total
    for groups in (by_worker["by_worker"], by_community["by_community"]):
        assert sum(g["visits"]["overdue"] for g in groups.values()) == total["visits"]["overdue"]
        assert sum(g["referrals"]["open"] for g in groups.values()) == total["referrals"]["open"]
