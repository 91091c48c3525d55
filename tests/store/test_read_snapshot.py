"""``Store.read_snapshot()``: all the figures of one report read one state of the database,
even while another program (a second wbz, a colleague's ``visit add``) commits meanwhile, and
the read transaction ends when the report is done, on an error too (issue 23)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wbz_cli.domain.vocab import ActivityKind
from wbz_cli.services.care import add_activity
from wbz_cli.services.report_snapshot import snapshot
from wbz_cli.store import figures
from wbz_cli.store.session import Store
from wbz_cli.store.settings import all_settings, put_settings

TODAY = date(2026, 11, 24)
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


def _two_stores(tmp_path: Path) -> tuple[Store, Store]:
    """The report's connection and another program's, on the same file."""
    path = tmp_path / "s.db"
    return Store.open(path, "reporter"), Store.open(path, "colleague")


def _put(store: Store, key: str, value: str) -> None:
    with store.write() as conn:
        put_settings(conn, {key: value})


def test_a_report_does_not_see_an_activity_recorded_while_it_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, colleague = _two_stores(tmp_path)
    counted = figures.monthly_counts

    def colleague_records_an_activity(conn, months):  # type: ignore[no-untyped-def]
        add_activity(colleague, TODAY, title="防溺水宣传", kind=ActivityKind.TRAINING,
                     participants=30, on=date(2026, 10, 15))  # fmt: skip
        return counted(conn, months)

    monkeypatch.setattr(figures, "monthly_counts", colleague_records_an_activity)
    during = snapshot(store, *OCTOBER, reuse=False)
    monkeypatch.setattr(figures, "monthly_counts", counted)
    assert during.station["activities.count"] == 0  # the state the report started from
    assert not store.conn.in_transaction
    assert snapshot(store, *OCTOBER).station["activities.count"] == 1  # the next report


def test_reads_inside_one_snapshot_agree_and_the_next_one_sees_the_write(tmp_path: Path) -> None:
    store, colleague = _two_stores(tmp_path)
    _put(store, "station", "华阳路街道未保站")
    with store.read_snapshot() as conn:
        first = all_settings(conn)
        _put(colleague, "station", "江苏路街道未保站")
        assert all_settings(conn) == first
    assert not store.conn.in_transaction
    with store.read_snapshot() as conn:
        assert all_settings(conn)["station"] == "江苏路街道未保站"


def test_the_snapshot_ends_on_an_error(tmp_path: Path) -> None:
    store, colleague = _two_stores(tmp_path)
    _put(store, "station", "华阳路街道未保站")
    with pytest.raises(ZeroDivisionError), store.read_snapshot() as conn:
        all_settings(conn)
        _ = 1 / 0
    assert not store.conn.in_transaction
    _put(colleague, "station", "江苏路街道未保站")
    assert store.setting("station") == "江苏路街道未保站"  # not the stale snapshot


def test_inside_a_write_the_snapshot_reads_it_and_leaves_it_open(tmp_path: Path) -> None:
    store, _ = _two_stores(tmp_path)
    with store.write() as conn:
        put_settings(conn, {"district": "长宁区"})
        with store.read_snapshot() as read:
            assert all_settings(read)["district"] == "长宁区"
        assert store.conn.in_transaction
    assert store.setting("district") == "长宁区"
