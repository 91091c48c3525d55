"""改错 of a plan review: ``wbz plan void-review P... DAY --reason`` withdraws the plan's
latest review, so its next review date goes back to what it was before (the plan is due
again in ``wbz due``); ``wbz plan unvoid-review`` re-applies it while it is still the latest.
A review other than the latest is refused with nothing changed. Migration m0908 fills in
the earlier date of reviews written before it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.test_corrections import audit_rows, dump, ok, refused
from tests.cli.test_plans import add, child  # noqa: F401  (fixture)
from tests.conftest import Invoke, due_rows

from wbz_cli.store.migrations import m0908_plan_review_voids as m0908


def due_plans(wbz: Invoke) -> list[tuple[str, str]]:
    rows = due_rows(wbz("due", "-f", "json"))
    return [(r["plan"], r["next_due"]) for r in rows if r.get("plan")]


def review_on(wbz: Invoke) -> str:
    [plan] = ok(wbz("plan", "list", "-f", "json")).json()
    return str(plan["review_on"])


def reviews_on_file(wbz: Invoke) -> list[str]:
    shown = ok(wbz("show", "C000001", "-f", "json")).json()
    return [r["reviewed_on"] for r in shown["plans"][0]["reviews"]]


def test_voiding_the_first_review_makes_the_plan_due_again(child: Invoke, db_path: Path) -> None:  # noqa: F811
    wbz = child
    ok(add(wbz, "C000001", "2026-08-01", "--on", "2026-05-01"))
    assert due_plans(wbz) == [("P000001", "2026-08-01")]
    ok(wbz("plan", "review", "P000001", "--on", "2026-11-20", "--next-review", "2027-02-20"))
    assert due_plans(wbz) == []

    done = ok(wbz("plan", "void-review", "P000001", "2026-11-20", "--reason", "复核记错了计划"))
    assert "已作废 P000001 于 2026-11-20 的复核，下次复核恢复为 2026-08-01" in done.stdout
    assert review_on(wbz) == "2026-08-01"
    assert due_plans(wbz) == [("P000001", "2026-08-01")]
    assert reviews_on_file(wbz) == []
    refused(wbz("plan", "void-review", "P1", "2026-11-20", "--reason", "x"), "已作废")
    [(kind, key, _, marks)] = audit_rows(db_path, "void")
    assert (kind, key, marks["void_reason"]) == (
        "plan_review",
        "P000001/review/1",
        "复核记错了计划",
    )
    moved = [r for r in audit_rows(db_path, "update") if r[0] == "plan"]
    assert moved[-1][2:] == ({"review_on": "2027-02-20"}, {"review_on": "2026-08-01"})
    logged = ok(wbz("history", "plan", "P000001", "-f", "json")).json()
    assert [e["action"] for e in logged] == ["insert", "review", "void", "update"]
    [voided] = ok(wbz("show", "C000001", "-f", "json")).json()["voided_records"]
    assert (voided["kind"], voided["day"], voided["what"]) == (
        "plan_review", "2026-11-20", "P000001"
    )  # fmt: skip

    ok(wbz("plan", "unvoid-review", "P000001", "2026-11-20"))
    assert review_on(wbz) == "2027-02-20"
    assert due_plans(wbz) == []
    assert reviews_on_file(wbz) == ["2026-11-20"]
    [(kind, key, _, _)] = audit_rows(db_path, "unvoid")
    assert (kind, key) == ("plan_review", "P000001/review/1")


def test_only_the_latest_review_can_be_voided(child: Invoke, db_path: Path) -> None:  # noqa: F811
    wbz = child
    ok(add(wbz, "C000001", "2026-08-01", "--on", "2026-05-01"))
    ok(wbz("plan", "review", "P1", "--on", "2026-08-03", "--next-review", "2026-11-03"))
    ok(wbz("plan", "review", "P1", "--on", "2026-11-20", "--next-review", "2027-02-20"))
    before = dump(db_path)
    for args, message in (
        (["void-review", "P1", "2026-08-03", "--reason", "x"], "最近的一次复核（2026-11-20）"),
        (["void-review", "P1", "2026-11-20", "--reason", " "], "写明原因"),
        (["void-review", "P1", "2026-11-21", "--reason", "x"], "没有 2026-11-21 的复核记录"),
        (["void-review", "P9", "2026-11-20", "--reason", "x"], "找不到服务计划"),
        (["void-review", "P1", "2026-13-01", "--reason", "x"], "2026-13-01"),
        (["unvoid-review", "P1", "2026-11-20"], "没有 2026-11-20 的已作废复核"),
    ):  # fmt: skip
        refused(wbz("plan", *args), message)
    assert dump(db_path) == before

    # voided one after the other, each restores the date before it
    ok(wbz("plan", "void-review", "P1", "2026-11-20", "--reason", "重复录入"))
    assert review_on(wbz) == "2026-11-03"
    assert due_plans(wbz) == [("P000001", "2026-11-03")]
    ok(wbz("plan", "void-review", "P1", "2026-08-03", "--reason", "日期错"))
    assert review_on(wbz) == "2026-08-01"
    # the later one brought back alone applies on top of the plan's date as it now is
    ok(wbz("plan", "unvoid-review", "P1", "2026-11-20"))
    assert review_on(wbz) == "2027-02-20"
    refused(wbz("plan", "unvoid-review", "P1", "2026-08-03"), "其后已于 2026-11-20 复核")
    ok(wbz("plan", "void-review", "P1", "2026-11-20", "--reason", "x"))
    assert review_on(wbz) == "2026-08-01"


def test_unvoid_is_refused_once_the_plan_was_reviewed_again(child: Invoke) -> None:  # noqa: F811
    wbz = child
    ok(add(wbz, "C000001", "2026-08-01", "--on", "2026-05-01"))
    ok(wbz("plan", "review", "P1", "--on", "2026-11-20"))
    ok(wbz("plan", "void-review", "P1", "2026-11-20", "--reason", "日期错"))
    ok(wbz("plan", "review", "P1", "--on", "2026-11-21", "--next-review", "2027-01-10"))
    before = review_on(wbz)
    refused(wbz("plan", "unvoid-review", "P1", "2026-11-20"), "不能恢复", "2026-11-21")
    assert review_on(wbz) == before == "2027-01-10"
    # the new review's earlier date is the one restored by the void
    ok(wbz("plan", "void-review", "P1", "2026-11-21", "--reason", "x"))
    assert review_on(wbz) == "2026-08-01"


def test_the_migration_fills_in_each_reviews_earlier_date() -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        CREATE TABLE plans (id INTEGER PRIMARY KEY, opened_on TEXT, review_on TEXT);
        CREATE TABLE plan_reviews (id INTEGER PRIMARY KEY, plan_id INTEGER, reviewed_on TEXT,
            next_review_on TEXT);
        CREATE TABLE audit_log (id INTEGER PRIMARY KEY, action TEXT, record_type TEXT,
            record_key TEXT, after TEXT);
        INSERT INTO plans VALUES (1, '2026-05-01', '2027-02-20'), (2, '2026-03-10', '2026-12-01');
        INSERT INTO plan_reviews VALUES (1, 1, '2026-08-03', '2026-11-03'),
            (2, 1, '2026-11-20', '2027-02-20'), (3, 2, '2026-09-01', '2026-12-01');
        """
    )
    conn.execute(
        "INSERT INTO audit_log VALUES (1, 'insert', 'plan', 'P000001', ?)",
        (json.dumps({"review_on": "2026-08-01"}),),
    )
    m0908.up(conn)
    rows = conn.execute("SELECT id, previous_review_on FROM plan_reviews ORDER BY id").fetchall()
    # plan 2 has no audit row: its start plus the usual three months
    assert rows == [(1, "2026-08-01"), (2, "2026-11-03"), (3, "2026-06-10")]
