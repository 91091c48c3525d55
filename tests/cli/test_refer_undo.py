"""wbz refer undo: a mistaken move is taken back by an undo event; the timeline keeps both,
the status, agency, deadline and the month's figures are those of the state restored, and a
refused undo changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import Invoke


def _lead(wbz: Invoke, *moves: tuple[str, ...]) -> str:
    added = wbz("refer", "add", "--type", "schooling", "--source", "school",
                "--summary", "辍学线索", "--on", "2026-11-01")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    code = added.stdout.strip()
    for status, on, *extra in moves:
        moved = wbz("refer", "move", code, "--status", status, "--on", on, *extra)
        assert moved.exit_code == 0, moved.stderr
    return code


def _show(wbz: Invoke, code: str) -> dict[str, Any]:
    shown = wbz("refer", "show", code, "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    return shown.json()


TRANSFERRED = ("transferred", "2026-11-02", "--agency", "区教育局")


def test_undoing_a_mistaken_acceptance_restores_the_transfer_and_its_deadline(
    station: Invoke,
) -> None:
    code = _lead(station, TRANSFERRED, ("accepted", "2026-11-20"))
    assert _show(station, code)["deadline"] == "done"

    undone = station("refer", "undo", code, "--reason", "误点了受理", "--on", "2026-11-21")

    assert undone.exit_code == 0, undone.stderr
    assert "已移送" in undone.stdout
    lead = _show(station, code)
    assert lead["status"] == "transferred"
    assert lead["agency"] == "区教育局"
    # The accept deadline runs from the transfer again (3 days: due 11-05), not from the undo.
    assert (lead["deadline"], lead["due_on"], lead["days_overdue"]) == ("accept", "2026-11-05", 19)
    assert [(e["status"], e["on"], e["undone"], e["undo"]) for e in lead["events"]] == [
        ("new", "2026-11-01", False, False),
        ("transferred", "2026-11-02", False, False),
        ("accepted", "2026-11-20", True, False),
        ("transferred", "2026-11-21", False, True),
    ]
    assert "误点了受理" in lead["events"][-1]["note"]
    overdue = station("refer", "list", "--overdue", "--format", "json")
    assert [r["code"] for r in overdue.json()] == [code]


def test_undoing_a_done_lead_reopens_it_in_the_month_figures(station: Invoke) -> None:
    code = _lead(station, TRANSFERRED, ("accepted", "2026-11-03"), ("done", "2026-11-10"))
    before = station("report", "monthly", "--month", "2026-11", "--format", "json").json()
    assert (before["referrals"]["done"], before["referrals"]["open"]) == (1, 0)

    assert station("refer", "undo", code, "--reason", "反馈未到").exit_code == 0

    after = station("report", "monthly", "--month", "2026-11", "--format", "json").json()
    assert (after["referrals"]["done"], after["referrals"]["open"]) == (0, 1)
    fresh = station("report", "monthly", "--month", "2026-11", "--format", "json", "--recompute")
    assert fresh.json()["referrals"] == after["referrals"]
    assert _show(station, code)["status"] == "accepted"


def test_undos_go_back_one_move_at_a_time_and_a_new_move_follows(station: Invoke) -> None:
    code = _lead(station, TRANSFERRED, ("accepted", "2026-11-03"))
    assert station("refer", "undo", code, "--reason", "受理有误").exit_code == 0
    assert station("refer", "undo", code, "--reason", "移送单位错了").exit_code == 0
    lead = _show(station, code)
    assert (lead["status"], lead["agency"]) == ("new", None)

    again = station("refer", "move", code, "--status", "transferred", "--on", "2026-11-04",
                    "--agency", "华阳路派出所")  # fmt: skip
    assert again.exit_code == 0, again.stderr
    lead = _show(station, code)
    assert (lead["status"], lead["agency"], lead["agency_type"]) == (
        "transferred", "华阳路派出所", "police",
    )  # fmt: skip
    assert len(lead["events"]) == 6


def _dump(db: Path) -> list[tuple]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return [
            *conn.execute("SELECT * FROM leads ORDER BY id"),
            *conn.execute("SELECT * FROM lead_events ORDER BY id"),
            *conn.execute("SELECT count(*) FROM audit_log"),
        ]
    finally:
        conn.close()


def test_refused_undos_say_why_and_change_nothing(station: Invoke, db_path: Path) -> None:
    fresh = _lead(station)
    moved = _lead(station, TRANSFERRED)
    before = _dump(db_path)

    nothing = station("refer", "undo", fresh, "--reason", "试试")
    too_early = station("refer", "undo", moved, "--reason", "误操作", "--on", "2026-11-01")
    no_reason = station("refer", "undo", moved, "--reason", "  ")
    missing = station("refer", "undo", "L000099", "--reason", "误操作")

    assert nothing.exit_code == 1 and "没有可撤销的变更" in nothing.stderr
    assert too_early.exit_code == 1 and "早于所撤销的变更日期 2026-11-02" in too_early.stderr
    assert no_reason.exit_code == 1 and "--reason" in no_reason.stderr
    assert missing.exit_code == 1 and "找不到线索" in missing.stderr
    for result in (nothing, too_early, no_reason, missing):
        assert "Traceback" not in result.stderr
    assert _dump(db_path) == before
