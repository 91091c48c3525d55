"""Hostile files and careless paths: a database carrying foreign triggers, views or a changed
schema, a foreign SQLite file given as --db, and a crafted encrypted-backup header."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.store import db, encryption, migrations, schema_check

PASS = {"WBZ_BACKUP_PASSPHRASE": "长城-correct-horse"}


def crafted_backup(path: Path, log2_n: int, r: int, p: int) -> Path:
    header = encryption.HEADER.pack(
        encryption.MAGIC, encryption.VERSION, log2_n, r, p, os.urandom(16), os.urandom(12)
    )
    path.write_bytes(header + os.urandom(64))
    return path


@pytest.mark.parametrize(("log2_n", "r", "p"), [(22, 8, 16), (16, 8, 1), (15, 8, 2)])
def test_an_encrypted_header_asking_other_scrypt_costs_is_refused_before_deriving(
    station: Invoke,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    log2_n: int,
    r: int,
    p: int,
) -> None:
    derived: list[object] = []

    def no_derivation(*args: object) -> bytes:
        derived.append(args)
        raise AssertionError("the key must not be derived from this header")

    monkeypatch.setattr(encryption, "_key", no_derivation)
    before = db_path.read_bytes()
    source = crafted_backup(tmp_path / "crafted.wbzenc", log2_n, r, p)
    result = station("restore", str(source), "--yes", env=PASS)
    assert result.exit_code == 1
    assert f"N=2^{log2_n}, r={r}, p={p}" in result.stderr and "拒绝解密" in result.stderr
    assert derived == []
    assert db_path.read_bytes() == before


def file_state(path: Path) -> tuple[bytes, int, int, int]:
    st = path.stat()
    return path.read_bytes(), st.st_size, st.st_mtime_ns, st.st_mode


def browser_history(path: Path, journal: str = "DELETE") -> Path:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT)")
    conn.execute("INSERT INTO moz_places (url, title) VALUES ('https://example.org', 'x')")
    conn.commit()
    conn.close()
    path.chmod(0o644)
    return path


@pytest.mark.parametrize(
    ("command", "journal"),
    [
        (("children",), "DELETE"),
        (("init", "--station", "某站"), "DELETE"),
        (("doctor",), "DELETE"),
        (("children",), "WAL"),
    ],
)
def test_a_foreign_sqlite_file_is_refused_and_left_as_it_was(
    wbz: Invoke, tmp_path: Path, command: tuple[str, ...], journal: str
) -> None:
    foreign = browser_history(tmp_path / "places.sqlite", journal)
    before = file_state(foreign)
    result = wbz("--db", str(foreign), *command)
    assert result.exit_code == 1
    assert "不是 wbz 数据库" in result.stderr and "未被改动" in result.stderr
    assert "Traceback" not in result.stderr
    assert file_state(foreign) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


def test_a_sqlite_file_with_another_programs_application_id_is_refused_unread(
    wbz: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "map.gpkg"
    sql(package, "PRAGMA application_id = 1196444487", "CREATE TABLE schema_migrations (x)")
    before = file_state(package)
    monkeypatch.setattr(db, "_peek_tables", None)  # the header alone decides
    result = wbz("--db", str(package), "children")
    assert result.exit_code == 1 and "不是 wbz 数据库" in result.stderr
    assert file_state(package) == before


def test_a_wbz_file_says_so_in_its_header_and_is_opened_without_a_second_look(
    station: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert db_path.read_bytes()[68:72] == b"wbz1"
    monkeypatch.setattr(db, "_peek_tables", None)
    assert station("children").exit_code == 0


def test_a_file_that_is_not_sqlite_is_refused_and_left_as_it_was(
    wbz: Invoke, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes("家访笔记：不是数据库\n".encode() * 200)
    before = file_state(notes)
    result = wbz("--db", str(notes), "children")
    assert result.exit_code == 1
    assert "不是有效的 wbz 数据库" in result.stderr and "未被改动" in result.stderr
    assert file_state(notes) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_an_empty_file_still_becomes_a_new_database(wbz: Invoke, tmp_path: Path) -> None:
    empty = tmp_path / "new.db"
    empty.touch()
    result = wbz("--db", str(empty), "init", "--station", "某站")
    assert result.exit_code == 0, result.stderr
    assert wbz("--db", str(empty), "children").exit_code == 0


# -- a copy carrying foreign triggers, views or a changed schema ------------------------------

LEAK = (
    "CREATE TRIGGER leak_ids AFTER INSERT ON visits BEGIN"
    " UPDATE children SET community = id_number || ' ' || coalesce(("
    " SELECT phone FROM guardians g WHERE g.household_id = children.household_id), '');"
    " END"
)
ERASE = (
    "CREATE TRIGGER erase_reveals AFTER INSERT ON audit_log"
    " WHEN NEW.action IN ('reveal', 'export') BEGIN DELETE FROM audit_log WHERE id = NEW.id; END"
)
WIPE = "CREATE TRIGGER wipe_visits AFTER INSERT ON services BEGIN DELETE FROM visits; END"
VIEW = "CREATE VIEW all_ids AS SELECT name, id_number FROM children"
INDEX = "CREATE INDEX children_name_lookup ON children (name)"
MISSING_COLUMN = "ALTER TABLE visits DROP COLUMN action"


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def one_child(station: Invoke) -> str:
    args = ["--name", "王小明", "--id-number", make_id("2015-06-01", 11), "-c", "orphan"]
    args += ["--guardian", "王大山", "--guardian-phone", "13912345678"]
    result = station("register", *args)
    assert result.exit_code == 0, result.stderr
    code = result.stdout.strip()
    assert station("visit", "add", code, "--mode", "home", "--on", "2026-11-24").exit_code == 0
    return code


@pytest.fixture
def good_backup(station: Invoke, tmp_path: Path) -> Path:
    one_child(station)
    out = tmp_path / "good.db"
    assert station("backup", str(out)).exit_code == 0
    return out


def tampered(good: Path, name: str, *statements: str) -> Path:
    out = good.with_name(name)
    out.write_bytes(good.read_bytes())
    sql(out, *statements)
    return out


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        (LEAK, "多出的触发器 leak_ids（属于表 visits）"),
        (ERASE, "多出的触发器 erase_reveals（属于表 audit_log）"),
        (WIPE, "多出的触发器 wipe_visits（属于表 services）"),
        (VIEW, "多出的视图 all_ids"),
        (INDEX, "多出的索引 children_name_lookup（属于表 children）"),
        (MISSING_COLUMN, "被改动的表 visits（缺少列 action）"),
    ],
    ids=["leak", "erase", "wipe", "view", "index", "missing_column"],
)
def test_restore_refuses_a_copy_whose_schema_differs_naming_the_object(
    station: Invoke, db_path: Path, good_backup: Path, statement: str, named: str
) -> None:
    hostile = tampered(good_backup, "hostile.db", statement)
    before = file_state(db_path)
    result = station("restore", str(hostile), "--yes")
    assert result.exit_code == 1
    assert "表结构与 wbz 创建的不一致" in result.stderr and named in result.stderr
    assert "Traceback" not in result.stderr
    assert file_state(db_path) == before
    assert not list(db_path.parent.glob("wbz.db.replaced-*"))


def test_restore_refuses_a_fake_file_of_three_empty_tables(
    station: Invoke, db_path: Path, tmp_path: Path
) -> None:
    fake = tmp_path / "fake.db"
    sql(
        fake,
        "CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)",
        "CREATE TABLE children (id INTEGER PRIMARY KEY)",
        "CREATE TABLE audit_log (id INTEGER PRIMARY KEY)",
    )
    before = file_state(db_path)
    result = station("restore", str(fake), "--yes")
    assert result.exit_code == 1 and "不是 wbz 数据库" in result.stderr
    assert file_state(db_path) == before
    assert station("children").exit_code == 0


def test_the_refusal_lists_ten_objects_and_counts_the_rest(
    station: Invoke, good_backup: Path
) -> None:
    triggers = [
        f"CREATE TRIGGER t{n:02d} AFTER INSERT ON visits BEGIN SELECT 1; END" for n in range(14)
    ]
    hostile = tampered(good_backup, "many.db", *triggers)
    result = station("restore", str(hostile), "--yes")
    assert result.exit_code == 1
    assert "t09" in result.stderr and "t10" not in result.stderr and "共 14 处" in result.stderr


def test_a_genuine_backup_still_restores_and_an_older_one_is_migrated(
    station: Invoke, db_path: Path, good_backup: Path, tmp_path: Path
) -> None:
    assert station("restore", str(good_backup), "--yes").exit_code == 0
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    migrations.migrate(conn, upto=migrations.available()[4])
    conn.close()
    restored = station("restore", str(old), "--yes")
    assert restored.exit_code == 0, restored.stderr
    assert station("doctor").exit_code == 0


# -- a trigger put into the working database ---------------------------------------------------


def rows(path: Path, query: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("statement", "trigger", "command"),
    [
        (LEAK, "leak_ids", ("visit", "add", "C000001", "--mode", "phone", "--on", "2026-11-24")),
        (ERASE, "erase_reveals", ("show", "C000001", "--reveal")),
        (
            WIPE,
            "wipe_visits",
            ("service", "add", "C000001", "--type", "心理", "--on", "2026-11-24"),
        ),
    ],
    ids=["leak", "erase", "wipe"],
)
def test_every_command_refuses_a_database_with_a_foreign_trigger_and_it_does_not_fire(
    station: Invoke, db_path: Path, statement: str, trigger: str, command: tuple[str, ...]
) -> None:
    one_child(station)
    sql(db_path, statement)
    state = "SELECT (SELECT group_concat(community) FROM children), (SELECT count(*) FROM visits),"
    state += " (SELECT count(*) FROM services), (SELECT count(*) FROM audit_log)"
    before = rows(db_path, state)
    for args in (command, ("children",)):
        result = station(*args)
        assert result.exit_code == 1
        assert f"多出的触发器 {trigger}" in result.stderr and "拒绝打开" in result.stderr
        assert "13912345678" not in result.stdout + result.stderr
    assert rows(db_path, state) == before
    assert (
        rows(db_path, "SELECT name FROM sqlite_master WHERE type = 'trigger'").count((trigger,))
        == 1
    )


def test_a_changed_wbz_trigger_is_refused_too(station: Invoke, db_path: Path) -> None:
    one_child(station)
    sql(
        db_path,
        "DROP TRIGGER report_track_visits_insert",
        "CREATE TRIGGER report_track_visits_insert AFTER INSERT ON visits BEGIN"
        " DELETE FROM audit_log; END",
    )
    result = station("children")
    assert result.exit_code == 1
    assert "被改动的触发器 report_track_visits_insert" in result.stderr


def test_doctor_reports_the_whole_comparison_without_running_the_trigger(
    station: Invoke, db_path: Path
) -> None:
    one_child(station)
    sql(db_path, LEAK, INDEX, MISSING_COLUMN)
    result = station("doctor", "--format", "json")
    assert result.exit_code == 3, result.stderr
    schema = {tuple(f["codes"]): f["detail"] for f in result.json() if f["kind"] == "schema"}
    assert schema == {
        ("leak_ids",): "多出的触发器 leak_ids（属于表 visits）",
        ("children_name_lookup",): "多出的索引 children_name_lookup（属于表 children）",
        ("visits",): "被改动的表 visits（缺少列 action）",
    }
    table = station("doctor")
    assert table.exit_code == 3 and "表结构不符" in table.stdout and "wbz restore" in table.stdout
    assert rows(db_path, "SELECT community FROM children") == [(None,)]


def test_a_file_of_an_older_version_with_its_own_triggers_opens_and_is_migrated(
    wbz: Invoke, db_path: Path
) -> None:
    names = migrations.available()
    conn = sqlite3.connect(db_path, isolation_level=None)
    migrations.migrate(conn, upto="m0703_report_parts")
    conn.close()
    result = wbz("children")
    assert result.exit_code == 0, result.stderr
    assert [r[0] for r in rows(db_path, "SELECT name FROM schema_migrations")] == names


def test_an_up_to_date_file_is_checked_against_the_shipped_schema_and_nothing_is_cached(
    station: Invoke, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    with monkeypatch.context() as patch:

        def built_in_memory(names: tuple[str, ...]) -> object:
            raise AssertionError("built in memory: is expected_schema.py stale? run make schema")

        patch.setattr(schema_check, "expected", built_in_memory)
        one_child(station)
        assert station("children").exit_code == 0
    sql(db_path, LEAK)
    result = station("children")
    assert result.exit_code == 1 and "多出的触发器 leak_ids" in result.stderr
    assert list(cache.iterdir()) == []  # nothing written outside the user's chosen paths


def test_a_file_from_a_newer_wbz_with_its_triggers_asks_for_an_upgrade(
    station: Invoke, db_path: Path
) -> None:
    sql(
        db_path,
        "INSERT INTO schema_migrations VALUES ('m9901_future', '2027-01-01')",
        "CREATE TRIGGER future_track AFTER INSERT ON visits BEGIN SELECT 1; END",
    )
    result = station("children")
    assert result.exit_code == 1 and "更新版本的 wbz" in result.stderr


def test_doctor_goes_on_to_the_data_checks_past_an_extra_index(
    station: Invoke, db_path: Path
) -> None:
    station("register", "--name", "小", "--id-number", make_id("2015-06-01", 11), "-c", "orphan")
    sql(db_path, INDEX)
    result = station("doctor", "--format", "json")
    assert result.exit_code == 3
    assert sorted(f["kind"] for f in result.json()) == ["consent_missing", "schema"]


def test_restore_from_a_good_backup_mends_a_database_with_a_foreign_trigger(
    station: Invoke, db_path: Path, good_backup: Path
) -> None:
    sql(db_path, WIPE)
    assert station("children").exit_code == 1
    restored = station("restore", str(good_backup), "--yes")
    assert restored.exit_code == 0, restored.stderr
    assert station("children").exit_code == 0
    assert rows(db_path, "SELECT name FROM sqlite_master WHERE name = 'wipe_visits'") == []
    aside = next(db_path.parent.glob("wbz.db.replaced-*"))
    assert rows(aside, "SELECT name FROM sqlite_master WHERE name = 'wipe_visits'")
