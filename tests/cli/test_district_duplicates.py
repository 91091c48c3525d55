"""``wbz district duplicates`` and ``wbz district stations``: a child two stations listed in
the same month is shown with each station's own code (exit 3); the output keeps the
contract, fits 80 columns, and holds no ID number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.district_files import body, child_ids, district, make_district, write_package
from tests.cli.test_output_contract import csv_errors, json_errors

from wbz_cli.cli import output_schemas

IDS = child_ids(4)
MIGRANT = IDS[0]


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    """Two stations in 2026-10 both listing MIGRANT (as C000001 and C000017), one in 2026-09."""
    db, key = make_district(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_package(
        inbox / "城厢-2026-10.wbzpkg",
        body(key, "s1", "城厢街道", "2026-10", [(MIGRANT, "C000001", ["left_behind"], "red"),
                                             (IDS[1], "C000002", [], "green")]),
        key,
    )  # fmt: skip
    write_package(
        inbox / "古柳-2026-10.wbzpkg",
        body(key, "s2", "古柳街道", "2026-10", [(MIGRANT, "C000017", ["left_behind"], "red"),
                                             (IDS[2], "C000003", [], None)]),
        key,
    )  # fmt: skip
    write_package(
        inbox / "古柳-2026-09.wbzpkg",
        body(key, "s2", "古柳街道", "2026-09", [(MIGRANT, "C000017", [], "red")]),
        key,
    )
    result = district(db, "import", str(inbox))
    assert result.exit_code == 0, result.stderr
    return db


def test_a_child_in_two_stations_is_listed_with_both_codes_and_exit_3(loaded: Path) -> None:
    result = district(loaded, "duplicates", "--month", "2026-10", "--format", "json")
    assert result.exit_code == 3, result.stderr
    rows = result.json()
    assert [(r["group"], r["station"], r["child"]) for r in rows] == [
        (1, "古柳街道", "C000017"),
        (1, "城厢街道", "C000001"),
    ]
    assert rows[0]["hash"] == rows[1]["hash"] and len(rows[0]["hash"]) == 64
    table = district(loaded, "duplicates", "--month", "2026-10")
    assert table.exit_code == 3
    assert rows[0]["hash"][:8] in table.stdout and rows[0]["hash"] not in table.stdout
    assert "C000017" in table.stdout and "C000001" in table.stdout


def test_a_month_without_duplicates_exits_0(loaded: Path) -> None:
    result = district(loaded, "duplicates", "--month", "2026-09")
    assert result.exit_code == 0, result.stderr
    assert "没有被多个未保站同时报送的儿童" in result.stdout
    assert district(loaded, "duplicates", "--month", "2026-13").exit_code == 1


def test_stations_lists_each_station_with_its_months(loaded: Path) -> None:
    result = district(loaded, "stations", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [(r["station"], r["months"]) for r in result.json()] == [
        ("古柳街道", ["2026-09", "2026-10"]),
        ("城厢街道", ["2026-10"]),
    ]


@pytest.mark.parametrize(
    "args", [("duplicates", "--month", "2026-10"), ("stations",)], ids=lambda a: a[0]
)
def test_json_and_csv_keep_the_output_contract(
    loaded: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    command = f"district {args[0]}"
    monkeypatch.setitem(output_schemas.SCHEMAS, command, output_schemas.DISTRICT[command])
    data = district(loaded, *args, "--format", "json").json()
    text = district(loaded, *args, "--format", "csv").stdout
    assert data and [*json_errors(command, data), *csv_errors(command, text, data)] == []


@pytest.mark.parametrize(
    "args", [("duplicates", "--month", "2026-10"), ("stations",)], ids=lambda a: a[0]
)
def test_out_writes_what_is_printed_and_is_audited(
    loaded: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    printed = district(loaded, *args, "--format", "csv")
    out = tmp_path / "清单.csv"
    written = district(loaded, *args, "--out", str(out))
    assert written.exit_code == printed.exit_code, written.stderr
    assert out.read_bytes() == "\ufeff".encode() + printed.stdout.encode()
    assert out.stat().st_mode & 0o777 == 0o600
    import sqlite3

    conn = sqlite3.connect(loaded)
    try:
        action, record_type, after = conn.execute(
            "SELECT action, record_type, after FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    assert (action, record_type) == ("export", f"district {args[0]}")
    assert json.loads(after)["file"] == str(out)
    refused = district(loaded, *args, "--format", "json", "--out", str(loaded), "--force")
    assert refused.exit_code == 1 and "数据库" in refused.stderr


def test_tables_fit_80_columns_and_hold_no_id_number(
    loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.cells import cell_len

    from wbz_cli.cli import terminal

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(terminal, "_CONSOLE", None)
    for args in (("duplicates", "--month", "2026-10"), ("stations",)):
        result = district(loaded, *args)
        assert all(cell_len(line) <= 80 for line in result.stdout.splitlines()), result.stdout
        for fmt in ("json", "csv"):
            text = district(loaded, *args, "--format", fmt).stdout
            assert not any(i in text or i[:14] in text for i in IDS)
    monkeypatch.setattr(terminal, "_CONSOLE", None)
