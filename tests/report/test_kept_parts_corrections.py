"""The report kept in parts stays right through corrections: after every edit, void and unvoid
of visits, services and subsidy payments (mixed with the ordinary writes of
tests/store/test_report_parts.py), the figures assembled from kept and recomputed parts equal
those computed from scratch."""

from __future__ import annotations

import random
import sqlite3
from datetime import date

import pytest
from tests.store import test_report_parts as base

from wbz_cli.domain.errors import WbzError
from wbz_cli.services.corrections import edit_record, unvoid_record, void_record
from wbz_cli.services.report_snapshot import snapshot
from wbz_cli.store.session import Store

#: The 400-child province of tests/store/test_report_parts.py, copied for each test.
province_in_small = base.province_in_small
store = base.store
OCTOBER, YEAR = base.OCTOBER, base.YEAR
TODAY = date(2026, 11, 24)
KINDS = {"visit": "visits", "service": "services", "subsidy": "subsidies"}


def _pick(conn: sqlite3.Connection, table: str, voided: bool) -> int | None:
    row = conn.execute(
        f"SELECT id FROM {table} WHERE (voided_at IS NOT NULL) = ? ORDER BY random() LIMIT 1",
        (voided,),
    ).fetchone()
    return int(row[0]) if row else None


def _child_code(conn: sqlite3.Connection) -> str:
    return str(conn.execute("SELECT code FROM children ORDER BY random() LIMIT 1").fetchone()[0])


def _one_correction(kept: Store, rnd: random.Random) -> None:
    """An edit (date, mode or type, child, amount), void or unvoid through the service that
    ``wbz <group> edit|void|unvoid`` call; one the rules refuse changes nothing."""
    kind = rnd.choice(list(KINDS))
    table = KINDS[kind]
    action = rnd.choice(["edit", "edit", "void", "unvoid"])
    record = _pick(kept.conn, table, voided=action == "unvoid")
    if record is None:
        return
    try:
        if action == "void":
            void_record(kept, kind, record, "随机作废")
        elif action == "unvoid":
            unvoid_record(kept, kind, record, TODAY, again=True)
        else:
            day = date(2026, rnd.randint(1, 10), rnd.randint(1, 28))
            changes = {
                "visit": [{"on": day.isoformat()}, {"mode": rnd.choice(["phone", "school"])}],
                "service": [{"on": day.isoformat()}, {"type": "legal"}],
                "subsidy": [{"month": day.isoformat()[:7]}, {"amount": str(rnd.randint(1, 900))}],
            }[kind]
            change = rnd.choice([*changes, {"child": _child_code(kept.conn)}])
            edit_record(kept, kind, record, change, TODAY, again=True)
    except WbzError:
        pass  # refused (a closed case, a date before registration ...): nothing changed


@pytest.mark.parametrize("seed", range(3))
def test_kept_parts_equal_a_fresh_computation_after_every_correction(
    store: Store, seed: int
) -> None:
    rnd = random.Random(seed)
    for period in (OCTOBER, YEAR):
        snapshot(store, *period)
    for step in range(16):
        for _ in range(rnd.choice([1, 1, 3, 10])):
            _one_correction(store, rnd)
        if step % 4 == 3:  # an ordinary write between the corrections
            with store.write() as conn:
                base._one_change(conn, rnd)
        for period in (OCTOBER, YEAR):
            kept = snapshot(store, *period)
            assert kept == snapshot(store, *period, reuse=False), (seed, step, period)
    done = dict(store.conn.execute("SELECT action, count(*) FROM audit_log GROUP BY action"))
    assert min(done.get(a, 0) for a in ("edit", "void", "unvoid")) > 0, done


def _one_assessment_correction(kept: Store, rnd: random.Random) -> None:
    """A risk assessment added (red or green), or one edited to another date, voided or
    restored: each moves the risk in force, which the report counts by colour."""
    from wbz_cli.services.risk_scoring import assess_risk

    action = rnd.choice(["add", "edit", "void", "void", "unvoid", "entry"])
    try:
        if action == "entry":  # a risk entry of registration or update voided or restored
            row = rnd.choice(
                kept.conn.execute(
                    "SELECT id, voided_at FROM risk_history"
                    " WHERE source NOT LIKE 'assessment:%' ORDER BY id"
                ).fetchall()
            )
            if row[1] is None:
                void_record(kept, "risk_entry", f"F{row[0]}", "随机作废")
            else:
                unvoid_record(kept, "risk_entry", f"F{row[0]}", TODAY)
            return
        if action == "add":
            day = date(2026, rnd.randint(1, 10), rnd.randint(1, 28))
            answers = {"active_violence": 1} if rnd.random() < 0.5 else {"guardian_absent": 0}
            codes = kept.conn.execute("SELECT code FROM children ORDER BY id").fetchall()
            assess_risk(kept, rnd.choice(codes)[0], TODAY, answers, on=day)
            return
        ids = kept.conn.execute(
            "SELECT id FROM assessments WHERE (voided_at IS NOT NULL) = ? ORDER BY id",
            (action == "unvoid",),
        ).fetchall()
        if not ids:
            return
        number = f"A{rnd.choice(ids)[0]}"
        if action == "void":
            void_record(kept, "risk_assessment", number, "随机作废")
        elif action == "unvoid":
            unvoid_record(kept, "risk_assessment", number, TODAY)
        else:
            day = date(2026, rnd.randint(1, 10), rnd.randint(1, 28))
            edit_record(kept, "risk_assessment", number, {"on": day.isoformat()}, TODAY)
    except WbzError:
        pass  # refused (a closed case, a date before registration ...): nothing changed


@pytest.mark.parametrize("seed", range(2))
def test_kept_parts_equal_a_fresh_computation_after_assessment_voids(
    store: Store, seed: int
) -> None:
    rnd = random.Random(seed)
    for period in (OCTOBER, YEAR):
        snapshot(store, *period)
    for step in range(16):
        for _ in range(rnd.choice([1, 3, 8])):
            _one_assessment_correction(store, rnd)
        for period in (OCTOBER, YEAR):
            kept = snapshot(store, *period)
            assert kept == snapshot(store, *period, reuse=False), (seed, step, period)
    done = dict(
        store.conn.execute(
            "SELECT action, count(*) FROM audit_log"
            " WHERE record_type IN ('risk_assessment', 'risk_entry') GROUP BY action"
        )
    )
    assert min(done.get(a, 0) for a in ("edit", "void", "unvoid")) > 0, done
