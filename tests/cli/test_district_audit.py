"""``wbz --db district.db audit``: the district's own audit log, read with the station's
command (docs/district.md tells the clerk that a resubmission's changes are logged there):
its actions in Chinese, ``--record`` by station and month, ``--action`` by label."""

from __future__ import annotations

from pathlib import Path

from tests.cli.district_files import body, child_ids, district, make_district, write_package
from tests.conftest import Result
from typer.testing import CliRunner

from wbz_cli.cli.app import app

IDS = child_ids(2)


def audit(db: Path, *args: str) -> Result:
    result = CliRunner().invoke(app, ["--db", str(db), "audit", *args], catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def resubmitted(tmp_path: Path) -> Path:
    """A district file where station s1's October was loaded, then replaced by a correction."""
    db, key = make_district(tmp_path)
    first = body(key, "s1", "城厢街道", "2026-10", [(IDS[0], "C000001", [], "green")])
    second = body(key, "s1", "城厢街道", "2026-10", [(IDS[0], "C000001", [], "green"),
                                                    (IDS[1], "C000002", [], "red")])  # fmt: skip
    for name, b in (("old", first), ("new", second)):
        package = write_package(tmp_path / f"{name}.wbzpkg", b, key)
        assert district(db, "import", str(package)).exit_code == 0
    return db


def test_the_district_log_is_listed_with_its_actions_in_chinese(tmp_path: Path) -> None:
    db = resubmitted(tmp_path)
    before = db.read_bytes()
    listed = audit(db, "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    assert [r["action"] for r in listed.json()] == [
        "district_init", "export", "submission_import", "district_import",
        "submission_replace", "district_import",
    ]  # fmt: skip
    table = audit(db)
    assert table.exit_code == 0
    for label in ("建立区县数据库", "新的报送", "替换报送", "导入报送包"):
        assert label in table.stdout
    assert db.read_bytes() == before  # reading the log writes nothing


def test_record_and_action_filters_read_the_district_keys(tmp_path: Path) -> None:
    db = resubmitted(tmp_path)
    by_record = audit(db, "--record", "s1 2026-10", "--format", "json")
    assert [r["action"] for r in by_record.json()] == ["submission_import", "submission_replace"]
    replaced = audit(db, "--action", "替换报送", "--format", "json").json()
    assert len(replaced) == 1
    assert replaced[0]["before"]["children_count"] == 1
    assert replaced[0]["after"]["children_count"] == 2
