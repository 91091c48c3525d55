"""The store's skip of children that cannot be due changes nothing: on random registers
(reopened cases, risk changes, left_behind periods, every visit mode) the due list and the
overdue count are the same with and without it."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from wbz_cli.domain import cadence
from wbz_cli.domain.dates import add_years
from wbz_cli.domain.report import Period
from wbz_cli.services import due as svc
from wbz_cli.services.report import build_report
from wbz_cli.store.session import Store

MODES = ("home", "phone", "wechat", "video", "school", "station")
RISKS = ("red", "orange", "yellow", "green", "unassessed")
TODAY = date(2026, 11, 24)


def fill(store: Store, seed: int, children: int = 250) -> None:
    rnd = random.Random(seed)
    conn = store.conn
    conn.execute("BEGIN")
    for cid in range(1, children + 1):
        birth = date(2008, 11, 1) + timedelta(days=rnd.randrange(0, 5000))
        opened = date(2026, 1, 1) + timedelta(days=rnd.randrange(0, 320))
        conn.execute(
            "INSERT INTO children (id, code, name, id_number, birth_date, gender, worker,"
            " registered_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'M', ?, ?, 't', 't')",
            (cid, f"C{cid:06d}", f"儿童{cid}", f"X{cid}", birth.isoformat(),
             f"主任{cid % 3}", opened.isoformat()),
        )  # fmt: skip
        closed = opened + timedelta(days=rnd.randrange(1, 200)) if rnd.random() < 0.2 else None
        conn.execute(
            "INSERT INTO case_periods (child_id, opened_on, closed_on) VALUES (?, ?, ?)",
            (cid, opened.isoformat(), closed.isoformat() if closed else None),
        )
        if closed and rnd.random() < 0.5:
            again = closed + timedelta(days=rnd.randrange(0, 60))
            conn.execute(
                "INSERT INTO case_periods (child_id, opened_on) VALUES (?, ?)",
                (cid, again.isoformat()),
            )
        day = opened
        for _ in range(rnd.randrange(1, 4)):
            conn.execute(
                "INSERT INTO risk_history (child_id, risk, effective_on, source)"
                " VALUES (?, ?, ?, 'test')",
                (cid, rnd.choice(RISKS), day.isoformat()),
            )
            day += timedelta(days=rnd.randrange(1, 120))
        if rnd.random() < 0.4:
            start = opened + timedelta(days=rnd.randrange(0, 200))
            conn.execute(
                "INSERT INTO child_categories (child_id, category, start_on, end_on, expires_on)"
                " VALUES (?, 'left_behind', ?, ?, ?)",
                (cid, start.isoformat(),
                 (start + timedelta(days=150)).isoformat() if rnd.random() < 0.3 else None,
                 add_years(birth, 16).isoformat()),
            )  # fmt: skip
        for _ in range(rnd.randrange(0, 12)):
            visited = opened + timedelta(days=rnd.randrange(-20, 340))
            conn.execute(
                "INSERT INTO visits (child_id, visited_on, mode, created_at) VALUES (?, ?, ?, 't')",
                (cid, visited.isoformat(), rnd.choice(MODES)),
            )
    conn.execute("COMMIT")


POLICIES = (
    {},
    {"risk.red": "3", "left_behind": "10", "first_visit_workdays": "2"},
    {"strong_modes": "home", "strong_risks": "red,orange,yellow,green", "risk.green": "20"},
)


OPTIONS: tuple[dict[str, Any], ...] = (
    {},
    {"within": 0},
    {"within": 40},
    {"overdue_only": True},
)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_skip_changes_nothing(tmp_path: Path, seed: int) -> None:
    store = Store.open(tmp_path / "random.db", "tester")
    try:
        fill(store, seed)
        for settings in POLICIES:
            with store.write() as conn:
                conn.execute("DELETE FROM visit_policy")
                for key, value in settings.items():
                    conn.execute(
                        "INSERT INTO visit_policy (key, effective_on, value)"
                        " VALUES (?, '0001-01-01', ?)",
                        (key, value),
                    )
            for today in (TODAY, date(2026, 6, 30), date(2026, 3, 2)):
                for options in OPTIONS:
                    fast = svc.due_list(store, today, **options)
                    full = svc.due_list(store, today, prefilter=False, **options)
                    assert fast == full
                policy = svc.load_policy(store.conn)
                every = svc._states(store.conn, today, policy, None)
                count = sum(1 for _, s, _ in every if cadence.next_due(policy, s).next_due <= today)
                assert svc.overdue_children_on(store.conn, today) == count
                # The monthly report counts the same children, from its own table of them.
                report = build_report(store, Period(today.replace(day=1), today, "check"))
                assert report.figures["visits"]["overdue"] == count
        # The data does produce a list, and the skip does leave children out.
        assert svc.due_list(store, TODAY, within=40)
        policy = svc.load_policy(store.conn)
        skip = svc._skip(policy, TODAY, ())
        kept = sum(1 for _ in svc._states(store.conn, TODAY, policy, skip))
        assert 0 < kept < sum(1 for _ in svc._states(store.conn, TODAY, policy, None))
    finally:
        store.close()


def _left_behind_registered_on_one_day(store: Store, children: int) -> None:
    """``children`` left-behind children registered on the same day, as one roster import
    makes them."""
    conn = store.conn
    conn.execute("BEGIN")
    for cid in range(1, children + 1):
        conn.execute(
            "INSERT INTO children (id, code, name, id_number, birth_date, gender,"
            " registered_on, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, '2016-05-01', 'F', '2026-11-02', 't', 't')",
            (cid, f"C{cid:06d}", f"儿童{cid}", f"X{cid}"),
        )
        conn.execute(
            "INSERT INTO child_categories (child_id, category, start_on, expires_on)"
            " VALUES (?, ?, '2026-11-02', '2032-05-01')",
            (cid, "left_behind" if cid % 2 else "migrant"),
        )
    conn.execute("COMMIT")


def test_the_left_behind_periods_of_the_open_cases_take_work_in_proportion_to_them(
    tmp_path: Path,
) -> None:
    """The report reads the left_behind and migrant periods of its open cases child by child.
    A roster imported on one day once made each child scan every such period begun by then:
    100,000 children took minutes. The work (SQLite's steps) must grow with the children, not
    with their square."""
    from wbz_cli.store import visits as vq

    steps: list[int] = []
    for children in (400, 1600):
        store = Store.open(tmp_path / f"{children}.db", "tester")
        _left_behind_registered_on_one_day(store, children)
        conn = store.conn
        conn.execute("CREATE TEMP TABLE open_cases AS SELECT id FROM children")
        steps.append(0)

        def step() -> int:
            steps[-1] += 1  # every 100 SQLite instructions
            return 0

        conn.set_progress_handler(step, 100)
        found = vq.under16_categories(conn, "2026-11-24", "temp.open_cases")
        conn.set_progress_handler(None, 0)
        assert len(found) == children
        assert found[1] == {"left_behind": "2026-11-02"}
        store.conn.close()
    assert steps[1] < 6 * steps[0], steps  # four times the children: about four times the work
