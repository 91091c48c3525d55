"""The store's skip of children that cannot be due (cadence.not_due_after) leaves out a
left-behind child visited within its 30 days (issue 26: a mutant of domain/cadence.py).

tests/store/test_due_prefilter.py shows the skip changes no list; this shows it does its work
for left-behind children too (most of a station's register), so that ``wbz due`` over a large
roster runs the cadence only on the children that may be due."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from wbz_cli.services import due as svc
from wbz_cli.store.session import Store

TODAY = date(2026, 11, 24)


def test_a_left_behind_child_visited_within_its_days_is_left_out_before_the_cadence(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "station.db", "tester")
    try:
        conn = store.conn
        conn.execute("BEGIN")
        # Both green (every 90 days) and left_behind (every 30 days) since March, visited at
        # home: child 1 yesterday (due in 30 days), child 2 forty days ago (overdue).
        for cid, visited in ((1, TODAY - timedelta(days=1)), (2, TODAY - timedelta(days=40))):
            conn.execute(
                "INSERT INTO children (id, code, name, id_number, birth_date, gender, worker,"
                " registered_on, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, '2016-05-01', 'F', '主任', '2026-03-02', 't', 't')",
                (cid, f"C{cid:06d}", f"儿童{cid}", f"X{cid}"),
            )
            conn.execute(
                "INSERT INTO case_periods (child_id, opened_on) VALUES (?, '2026-03-02')", (cid,)
            )
            conn.execute(
                "INSERT INTO risk_history (child_id, risk, effective_on, source)"
                " VALUES (?, 'green', '2026-03-02', 'test')",
                (cid,),
            )
            conn.execute(
                "INSERT INTO child_categories (child_id, category, start_on, expires_on)"
                " VALUES (?, 'left_behind', '2026-03-02', '2032-05-01')",
                (cid,),
            )
            conn.execute(
                "INSERT INTO visits (child_id, visited_on, mode, created_at)"
                " VALUES (?, ?, 'home', 't')",
                (cid, visited.isoformat()),
            )
        conn.execute("COMMIT")
        policy = svc.load_policy(conn)
        skip = svc._skip(policy, TODAY, ())
        kept = [state for _, state, _ in svc._states(conn, TODAY, policy, skip)]
        assert [s.last_visit for s in kept] == [TODAY - timedelta(days=40)]
        assert [row["child"] for row in svc.due_list(store, TODAY)] == ["C000002"]
    finally:
        store.close()
