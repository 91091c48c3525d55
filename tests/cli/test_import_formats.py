"""wbz import roster on the rosters people make: header synonyms, title and footer rows, merged
cells, encodings, --mapping, updates of children on file, conflicting repeats, refusals."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from tests.conftest import Invoke, make_id

from wbz_cli.store import roster as store_roster

BOY = make_id("2015-06-01", 11)
GIRL = make_id("2013-02-03", 22)
TODDLER = make_id("2023-09-09", 35, "320506")


def xlsx(path: Path, rows: list[list[Any]], merges: tuple[str, ...] = ()) -> Path:
    book = Workbook()
    ws = book.active
    ws.title = "名单"
    for row in rows:
        ws.append(row)
    for area in merges:
        ws.merge_cells(area)
    book.save(path)
    return path


def children(wbz: Invoke) -> dict[str, dict]:
    return {c["id_number"]: c for c in wbz("children", "-f", "json", "--reveal").json()}


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_synonym_headers_title_rows_merged_cells_and_footer(
    station: Invoke, tmp_path: Path
) -> None:
    path = xlsx(
        tmp_path / "r.xlsx",
        [
            ["某街道困境儿童名单"],
            [],
            ["序 号", "儿童\n姓名", "公民身份号码", "社区（村）", "儿童类型", "监护人", "联系电话"],
            [1, "王小明", BOY, "华阳居民区", "留守儿童，孤儿", "王大山", 13812345678],
            [2, "李小红", GIRL, None, "残疾儿童", "李母", "021-62512345"],
            [3, "张三", TODDLER, "飞乐居民区", "困境儿童/流动儿童", None, None],
            [],
            ["合计", "3人"],
            ["填表人：李某", None, "审核人：王某"],
        ],
        merges=("A1:G1", "D4:D5"),
    )
    result = station("import", "roster", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["counts"]["inserted"] == 3
    on_file = children(station)
    assert on_file[BOY]["categories"] == ["orphan", "left_behind"]
    assert on_file[BOY]["guardian_phone"] == "13812345678"
    assert on_file[GIRL]["community"] == "华阳居民区"  # the merged cell covers both rows
    assert on_file[GIRL]["guardian_phone"] == "021-62512345"
    assert on_file[TODDLER]["categories"] == ["difficult", "migrant"]
    assert on_file[TODDLER]["gender"] == "M"


@pytest.mark.parametrize(
    ("id_header", "community_header", "category_header"),
    [
        ("身份证号码", "所在居民区", "儿童类别"),
        ("公民身份号码", "社区(村)", "类别"),
        ("身份证号", "居委会", "儿童类型"),
        ("证件号码", "所在社区", "类别"),
    ],
)
def test_each_header_synonym_is_understood(
    station: Invoke, tmp_path: Path, id_header: str, community_header: str, category_header: str
) -> None:
    path = xlsx(
        tmp_path / "r.xlsx",
        [["姓名", id_header, community_header, category_header], ["王小明", BOY, "华阳", "孤儿"]],
    )
    assert station("import", "roster", str(path)).exit_code == 0
    assert children(station)[BOY]["community"] == "华阳"


def test_unknown_columns_are_reported_and_mapping_adds_synonyms(
    station: Invoke, tmp_path: Path
) -> None:
    path = xlsx(
        tmp_path / "r.xlsx",
        [
            ["姓名", "身份证号码", "类别", "所属村居", "爱好"],
            ["王小明", BOY, "孤儿", "华阳", "画画"],
        ],
    )
    dry = station("import", "roster", str(path), "--dry-run")
    assert "所属村居" in dry.stderr and "爱好" in dry.stderr and "未识别" in dry.stderr
    mapping = tmp_path / "cols.json"
    mapping.write_text(json.dumps({"community": ["所属村居"]}, ensure_ascii=False), "utf-8")
    result = station("import", "roster", str(path), "--mapping", str(mapping))
    assert result.exit_code == 0, result.stderr
    assert "所属村居" not in result.stderr and "爱好" in result.stderr
    assert children(station)[BOY]["community"] == "华阳"
    mapping.write_text('{"nonsense": ["x"]}', "utf-8")
    bad = station("import", "roster", str(path), "--mapping", str(mapping))
    assert bad.exit_code == 1 and "nonsense" in bad.stderr


def test_a_missing_required_column_is_refused_naming_what_was_found(
    station: Invoke, tmp_path: Path, db_path: Path
) -> None:
    path = xlsx(tmp_path / "r.xlsx", [["姓名", "类别", "住址"], ["王小明", "孤儿", "华阳路"]])
    result = station("import", "roster", str(path))
    assert result.exit_code == 1
    assert "姓名、类别、住址" in result.stderr
    assert "公民身份号码" in result.stderr  # the synonyms it would accept
    assert count(db_path, "children") == 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encoding_is_found(station: Invoke, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"姓名,身份证号码,儿童类别\n王小明,{BOY},孤儿、困境儿童\n", encoding=encoding)
    result = station("import", "roster", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert children(station)[BOY]["name"] == "王小明"


def test_forcing_the_wrong_encoding_is_refused(station: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"姓名,身份证号码,儿童类别\n王小明,{BOY},孤儿\n", encoding="gb18030")
    result = station("import", "roster", str(path), "--encoding", "utf-8")
    assert result.exit_code == 1 and "utf-8" in result.stderr
    forced = station("import", "roster", str(path), "--encoding", "gbk")
    assert forced.exit_code == 0


def test_a_changed_row_updates_the_child_with_an_audit_row(
    station: Invoke, tmp_path: Path, db_path: Path
) -> None:
    head = ["姓名", "身份证号码", "类别", "所在社区", "风险等级", "监护人", "监护人电话"]
    first = xlsx(tmp_path / "a.xlsx", [head, ["王小明", BOY, "孤儿", "华阳", "黄", "王父", ""]])
    station("import", "roster", str(first), "--on", "2026-01-05")
    second = xlsx(
        tmp_path / "b.xlsx",
        [head, ["王小明", BOY, "孤儿、残疾儿童", "飞乐", "红", "王父", "13812345678"]],
    )
    result = station("import", "roster", str(second), "-f", "json", "--on", "2026-11-01")
    assert result.json()["counts"] == {
        "inserted": 0,
        "updated": 1,
        "unchanged": 0,
        "merged": 0,
        "rejected": 0,
        "moved": 1,
    }
    child = station("show", BOY, "-f", "json", "--reveal").json()
    assert child["community"] == "飞乐"
    assert child["risk"] == "red"
    assert child["categories"] == ["orphan", "disabled"]
    assert [r["risk"] for r in child["risk_history"]] == ["yellow", "red"]
    assert child["category_history"][-1]["start_on"] == "2026-11-01"
    assert child["household_detail"]["guardians"][0]["phone"] == "13812345678"
    conn = sqlite3.connect(db_path)
    try:
        before, after = conn.execute(
            "SELECT before, after FROM audit_log WHERE action = 'update' AND record_key = ?",
            (child["child"],),
        ).fetchone()
    finally:
        conn.close()
    assert json.loads(before)["community"] == "华阳"
    assert json.loads(after)["community"] == "飞乐"
    # blank cells never clear what is on file
    blank = xlsx(tmp_path / "c.xlsx", [head[:3], ["王小明", BOY, "孤儿"]])
    again = station("import", "roster", str(blank), "-f", "json")
    assert again.json()["counts"]["unchanged"] == 1
    assert station("show", BOY, "-f", "json").json()["community"] == "飞乐"


def test_repeats_that_disagree_are_all_refused(station: Invoke, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "r.xlsx",
        [
            ["姓名", "身份证号码", "类别", "所在社区"],
            ["王小明", BOY, "孤儿", "华阳"],
            ["李小红", GIRL, "残疾儿童", "飞乐"],
            ["王小明", BOY, "留守儿童", None],  # agrees: merged, categories added
            ["李小红", GIRL, "残疾儿童", "华阳"],  # disagrees on the community
        ],
    )
    errors = tmp_path / "errors.xlsx"
    result = station("import", "roster", str(path), "-f", "json", "--errors", str(errors))
    assert result.json()["counts"] == {
        "inserted": 1,
        "updated": 0,
        "unchanged": 0,
        "merged": 1,
        "rejected": 2,
        "moved": 0,
    }
    on_file = children(station)
    assert on_file[BOY]["categories"] == ["orphan", "left_behind"]
    assert GIRL not in on_file
    sheet = load_workbook(errors).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("原行号", "原因", "姓名", "身份证号码", "类别", "所在社区")
    assert [r[0] for r in rows[1:]] == [3, 5]
    assert "第 3 行、第 5 行" in rows[1][1] and "所在社区" in rows[1][1]
    assert rows[1][2:] == ("李小红", GIRL, "残疾儿童", "飞乐")


def test_a_failure_while_writing_leaves_nothing_written(
    station: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store_roster.write_batch

    def broken(conn: sqlite3.Connection, batch: Any, operator: str) -> None:
        real(conn, batch, operator)
        raise sqlite3.IntegrityError("disk trouble")

    monkeypatch.setattr(store_roster, "write_batch", broken)
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    result = station("import", "roster", str(fixtures / "roster_gbk.csv"))
    assert result.exit_code == 1
    for table in ("children", "households", "guardians", "child_categories"):
        assert count(db_path, table) == 0


def test_bad_files_are_refused(station: Invoke, tmp_path: Path) -> None:
    missing = station("import", "roster", str(tmp_path / "nope.xlsx"))
    assert missing.exit_code == 1 and "找不到文件" in missing.stderr
    text = tmp_path / "r.docx"
    text.write_text("x")
    assert "不支持" in station("import", "roster", str(text)).stderr
    broken = tmp_path / "r.xlsx"
    broken.write_bytes(b"not a workbook")
    assert "无法读取" in station("import", "roster", str(broken)).stderr
    good = xlsx(tmp_path / "g.xlsx", [["姓名", "身份证号码", "类别"], ["王小明", BOY, "孤儿"]])
    wrong = station("import", "roster", str(good), "--sheet", "Sheet9")
    assert wrong.exit_code == 1 and "名单" in wrong.stderr
    future = station("import", "roster", str(good), "--on", "2027-01-01")
    assert future.exit_code == 1 and "晚于今天" in future.stderr


def test_categories_end_by_age_as_when_registered_one_by_one(
    station: Invoke, tmp_path: Path
) -> None:
    imported, registered = make_id("2012-02-29", 11), make_id("2012-02-29", 13)
    path = xlsx(
        tmp_path / "r.xlsx",
        [["姓名", "身份证号码", "类别"], ["王小明", imported, "留守儿童、孤儿"]],
    )
    station("import", "roster", str(path), "--on", "2026-01-05")
    station("register", "--name", "李四", "--id-number", registered, "-c", "留守儿童", "-c", "孤儿",
            "--on", "2026-01-05")  # fmt: skip

    def ends(number: str) -> dict[str, str | None]:
        history = station("show", number, "-f", "json").json()["category_history"]
        return {h["category"]: h["end_on"] for h in history}

    assert ends(imported) == ends(registered) == {"orphan": None, "left_behind": "2028-02-29"}


def test_children_on_file_without_community_or_categories_reimport_unchanged(
    station: Invoke, tmp_path: Path
) -> None:
    path = xlsx(
        tmp_path / "r.xlsx",
        [["姓名", "身份证号码", "类别"], ["王小明", BOY, "孤儿"], ["李小红", GIRL, "残疾儿童"]],
    )
    station("import", "roster", str(path))
    station("update", GIRL, "--end-category", "残疾儿童")
    blank = xlsx(
        tmp_path / "b.xlsx",
        [["姓名", "身份证号码", "类别"], ["王小明", BOY, "孤儿"], ["李小红", GIRL, None]],
    )
    result = station("import", "roster", str(blank), "-f", "json")
    assert result.json()["counts"]["unchanged"] == 2, result.stdout + result.stderr
