"""A period's figures are stored after they are computed and read back while nothing has
been written since; every change made through wbz makes the next report compute again."""

from __future__ import annotations

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


def test_a_visit_recorded_with_wbz_shows_in_the_next_report(october: Invoke) -> None:
    before = monthly(october)
    ok(october("visit", "add", "C000002", "--mode", "phone", "--on", "2026-10-20"))
    after = monthly(october)
    assert after["visits"]["total"] == before["visits"]["total"] + 1
    assert after["visits"]["by_mode"]["phone"] == before["visits"]["by_mode"]["phone"] + 1


def test_an_unchanged_month_is_read_back_and_recompute_computes_again(
    october: Invoke, db_path: Path
) -> None:
    before = monthly(october)
    _visit_behind_wbz_back(db_path)
    assert monthly(october) == before  # the stored figures: nothing was written through wbz
    fresh = monthly(october, "2026-10", "--recompute")
    assert fresh["visits"]["total"] == before["visits"]["total"] + 1
    assert monthly(october) == fresh  # the recomputed figures are kept in turn


def test_exporting_a_report_does_not_discard_the_stored_figures(
    october: Invoke, db_path: Path, tmp_path: Path
) -> None:
    """Writing a workbook leaves an audit row but changes no data."""
    before = monthly(october)
    out = tmp_path / "月报.xlsx"
    ok(october("report", "monthly", "--month", "2026-10", "--format", "xlsx", "--out", str(out)))
    _visit_behind_wbz_back(db_path)
    assert monthly(october) == before


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
