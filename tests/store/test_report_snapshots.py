"""Stored report snapshots: a slower wbz that finishes last never puts back older figures."""

from __future__ import annotations

from pathlib import Path

from wbz_cli.store import report_snapshots as snapshots
from wbz_cli.store.session import Store

OCTOBER = ("2026-10-01", "2026-10-31")


def test_figures_from_older_data_do_not_replace_newer_ones(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db", "t")
    try:
        snapshots.save(store.conn, OCTOBER, 6, "v", "newer")
        snapshots.save(store.conn, OCTOBER, 5, "v", "older")  # computed before the last write
        assert snapshots.load(store.conn, OCTOBER, 6, "v") == "newer"
        assert snapshots.load(store.conn, OCTOBER, 5, "v") is None
        snapshots.save(store.conn, ("2026-09-01", "2026-09-30"), 7, "v", "september")
        assert snapshots.load(store.conn, OCTOBER, 6, "v") is None  # stale ones are dropped
    finally:
        store.close()


def test_only_writes_that_change_data_move_the_stamp(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db", "t")
    try:
        before = snapshots.write_stamp(store.conn)
        with store.write():
            store.audit("export", "report", "2026-10", None, {"file": "月报.xlsx"})
        assert snapshots.write_stamp(store.conn) == before
        with store.write() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES ('district', '长宁区')")
        assert snapshots.write_stamp(store.conn) == before + 1
        with store.write():
            pass
        assert snapshots.write_stamp(store.conn) == before + 1
    finally:
        store.close()
