"""The report kept in parts: a write makes stale only the parts it touches, and the figures
assembled from kept and recomputed parts are always those computed from scratch."""

from __future__ import annotations

import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from bench.synth import Synth, parse_args

from wbz_cli.services.report_snapshot import snapshot
from wbz_cli.store import report_parts as parts
from wbz_cli.store.session import Store

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
YEAR = (date(2026, 1, 1), date(2026, 10, 31))


def test_figures_from_older_data_do_not_replace_newer_ones(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db", "t")
    try:
        period = ("2026-10-01", "2026-10-31")
        parts.save(store.conn, [(*period, "b1", 6, "v", "newer")])
        parts.save(store.conn, [(*period, "b1", 5, "v", "older")])  # computed before a write
        assert parts.load(store.conn, period, "v") == {"b1": (6, "newer")}
    finally:
        store.close()


def test_only_writes_that_change_data_move_the_stamp(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db", "t")
    try:
        before = parts.write_stamp(store.conn)
        with store.write():
            store.audit("export", "report", "2026-10", None, {"file": "月报.xlsx"})
        assert parts.write_stamp(store.conn) == before
        with store.write() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES ('district', '长宁区')")
        assert parts.write_stamp(store.conn) == before + 1
        with store.write():
            pass
        assert parts.write_stamp(store.conn) == before + 1
    finally:
        store.close()


@pytest.fixture(scope="module")
def province_in_small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "small.db"
    Synth(parse_args(["--children", "400", "--communities", "5", "--out", str(path)])).build(path)
    return path


@pytest.fixture
def store(province_in_small: Path, tmp_path: Path) -> Store:
    copy = tmp_path / "copy.db"
    copy.write_bytes(province_in_small.read_bytes())
    opened = Store.open(copy, "t")
    yield opened
    opened.close()


def _stamps(conn: sqlite3.Connection) -> dict[tuple[str, str], int]:
    rows = conn.execute("SELECT first_day, part, stamp FROM report_parts").fetchall()
    return {(first, part): stamp for first, part, stamp in rows}


def test_a_visit_makes_its_household_bucket_and_its_month_stale_only(store: Store) -> None:
    snapshot(store, *OCTOBER)
    before = _stamps(store.conn)
    child, household = store.conn.execute(
        "SELECT id, household_id FROM children WHERE household_id IS NOT NULL LIMIT 1"
    ).fetchone()
    with store.write() as conn:
        conn.execute(
            "INSERT INTO visits (child_id, visited_on, mode, worker, created_at)"
            " VALUES (?, '2026-10-20', 'home', '王主任', 't')",
            (child,),
        )
    snapshot(store, *OCTOBER)
    after = _stamps(store.conn)
    moved = {key for key in after if after[key] != before.get(key)}
    assert moved == {
        ("2026-10-01", f"b{household // parts.BUCKET_SIZE}"),
        ("2026-10-01", "m2026-10"),
    }


def test_a_roster_sized_write_marks_everything_stale_without_the_triggers(store: Store) -> None:
    triggers = store.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    ).fetchall()
    snapshot(store, *OCTOBER)
    with store.write() as conn, parts.tracking_suspended(conn):
        conn.execute("UPDATE visits SET mode = 'phone' WHERE visited_on = '2026-10-02'")
        during = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
        assert conn.execute(during).fetchone()[0] == 0
    assert (
        store.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
        == triggers
    )
    assert snapshot(store, *OCTOBER) == snapshot(store, *OCTOBER, reuse=False)


def _one_change(conn: sqlite3.Connection, rnd: random.Random) -> None:
    """A random write of the kind stations make: visits, moves, categories, risks, cases,
    leads, subsidies, services, merges, policy changes."""
    child = rnd.choice([r[0] for r in conn.execute("SELECT id FROM children")])
    other = rnd.choice([r[0] for r in conn.execute("SELECT id FROM children")])
    day = f"2026-{rnd.randint(1, 10):02d}-{rnd.randint(1, 28):02d}"
    kind = rnd.randrange(13)
    if kind == 0:
        conn.execute(
            "INSERT INTO visits (child_id, visited_on, mode, worker, created_at)"
            " VALUES (?, ?, ?, '王主任', 't')",
            (child, day, rnd.choice(["home", "phone", "school"])),
        )
    elif kind == 1:
        first_visit = "SELECT min(id) FROM visits WHERE child_id = ?"
        conn.execute(f"DELETE FROM visits WHERE id = ({first_visit})", (child,))
    elif kind == 2:
        community = f"第{rnd.randint(1, 6)}居民区"
        conn.execute("UPDATE children SET community = ?, worker = ? WHERE id = ?",
                     (community, rnd.choice(["新主任", None]), child))  # fmt: skip
    elif kind == 3:
        conn.execute("UPDATE children SET household_id = (SELECT household_id FROM children"
                     " WHERE id = ?) WHERE id = ?", (other, child))  # fmt: skip
    elif kind == 4:
        conn.execute("UPDATE child_categories SET end_on = ? WHERE child_id = ? AND end_on IS NULL"
                     " AND start_on <= ?", (day, child, day))  # fmt: skip
    elif kind == 5:
        conn.execute(
            "INSERT INTO risk_history (child_id, risk, effective_on, source) VALUES (?, ?, ?, 't')",
            (child, rnd.choice(["red", "green"]), day),
        )
    elif kind == 6:
        conn.execute("UPDATE case_periods SET closed_on = ? WHERE child_id = ?"
                     " AND closed_on IS NULL AND opened_on < ?", (day, child, day))  # fmt: skip
    elif kind == 7:
        lead = conn.execute("SELECT id FROM leads ORDER BY random() LIMIT 1").fetchone()[0]
        conn.execute("INSERT INTO lead_events (lead_id, status, on_date) VALUES (?, ?, ?)",
                     (lead, rnd.choice(["transferred", "done"]), day))  # fmt: skip
    elif kind == 8:
        conn.execute("UPDATE leads SET child_id = ? WHERE id = (SELECT id FROM leads"
                     " ORDER BY random() LIMIT 1)", (rnd.choice([None, child]),))  # fmt: skip
    elif kind == 9:
        conn.execute(
            "INSERT OR IGNORE INTO subsidies (child_id, type, month, amount_fen, created_at)"
            " VALUES (?, 'orphan', '2026-10', 60000, 't')",
            (child,),
        )
        conn.execute("INSERT INTO services (child_id, type, served_on, created_at)"
                     " VALUES (?, 'psychological', ?, 't')", (child, day))  # fmt: skip
    elif kind == 10:
        conn.execute("UPDATE visits SET child_id = ? WHERE child_id = ?", (child, other))
        conn.execute("UPDATE children SET merged_into = ? WHERE id = ? AND id <> ?",
                     (child, other, child))  # fmt: skip
    elif kind == 11:
        conn.execute("INSERT OR REPLACE INTO visit_policy (key, effective_on, value)"
                     " VALUES ('risk.red', ?, ?)", (day, str(rnd.randint(3, 30))))  # fmt: skip
    else:
        conn.execute("UPDATE children SET birth_date = date(birth_date, '-3 years') WHERE id = ?",
                     (child,))  # fmt: skip


@pytest.mark.parametrize("seed", range(3))
def test_kept_and_recomputed_parts_give_the_figures_computed_from_scratch(
    store: Store, seed: int
) -> None:
    rnd = random.Random(seed)
    for period in (OCTOBER, YEAR):
        snapshot(store, *period)
    for step in range(12):
        batch = rnd.choice([1, 1, 2, 40])
        if step % 4 == 3:  # another program's write: the stamp does not move
            with store.conn:
                for _ in range(batch):
                    _one_change(store.conn, rnd)
        else:
            with store.write() as conn:
                for _ in range(batch):
                    _one_change(conn, rnd)
        if step % 4 == 1:
            _undo_a_lead_move(store, rnd)
        for period in (OCTOBER, YEAR):
            kept = snapshot(store, *period)
            assert kept == snapshot(store, *period, reuse=False), (seed, step, period)


def _undo_a_lead_move(store: Store, rnd: random.Random) -> None:
    """``wbz refer undo`` of a random lead that has a move to take back."""
    from wbz_cli.services.leads import undo_move

    movable = [code for (code,) in store.conn.execute(
        "SELECT l.code FROM leads l WHERE (SELECT sum(e.reverses IS NULL)"
        " - sum(e.reverses IS NOT NULL) FROM lead_events e WHERE e.lead_id = l.id) >= 2"
        " ORDER BY l.id")]  # fmt: skip
    undo_move(store, date(2026, 12, 31), rnd.choice(movable), "误操作")
