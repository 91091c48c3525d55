"""A district's file and a station's are two kinds of file: each side's commands refuse the
other's with one Chinese line and leave it byte for byte as it was."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from wbz_cli.store.district_db import file_kind
from wbz_cli.store.district_session import DistrictStore
from wbz_cli.store.session import Store
from wbz_cli.store.sqlite_file import StoreError


def test_a_new_district_file_is_private_in_wal_mode_and_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "district.db"
    store = DistrictStore.open_district(path, "tester", create=True)
    try:
        mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
        migrations = [r[0] for r in store.conn.execute("SELECT name FROM schema_migrations")]
    finally:
        store.close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert mode == "wal"
    assert migrations == ["d0001_schema"]
    assert file_kind(path) == "district"


def test_the_station_opening_refuses_a_district_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "district.db"
    DistrictStore.open_district(path, "tester", create=True).close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"这是区县汇总数据库.*wbz district"):
        Store.open(path, "tester")
    assert path.read_bytes() == before


def test_the_district_opening_refuses_a_station_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "wbz.db"
    Store.open(path, "tester").close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="这是未保站数据库"):
        DistrictStore.open_district(path, "tester")
    with pytest.raises(StoreError, match="这是未保站数据库"):
        DistrictStore.open_district(path, "tester", create=True)
    assert path.read_bytes() == before
