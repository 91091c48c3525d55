"""wbz export children: the 花名册 file, masking, the formula guard, and the round trip through
wbz import roster."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.conftest import Invoke, make_id

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BOY = make_id("2015-06-01", 11)


def seed(station: Invoke) -> None:
    result = station(
        "register", "--name", "王小明", "--id-number", BOY, "-c", "留守儿童", "-c", "孤儿",
        "--community", "华阳居民区", "--guardian", "王大山", "--relation", "父亲",
        "--guardian-phone", "13812345678", "--address", "=HYPERLINK(\"http://x\")",
        "--worker", "-张老师", "--risk", "orange", "--on", "2026-01-10",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def sheet_rows(path: Path) -> list[tuple]:
    return list(load_workbook(path).active.iter_rows(values_only=True))


def test_xlsx_has_chinese_headers_masked_numbers_and_text_ids(
    station: Invoke, tmp_path: Path
) -> None:
    seed(station)
    out = tmp_path / "花名册.xlsx"
    result = station("export", "children", str(out))
    assert result.exit_code == 0, result.stderr
    assert "已导出 1 名儿童" in result.stdout and "打码" in result.stdout
    rows = sheet_rows(out)
    head = rows[0]
    for label in ("序号", "儿童编号", "姓名", "性别", "身份证号码", "出生日期", "儿童类别",
                  "所在社区", "风险等级", "监护人", "与儿童关系", "监护人电话", "家庭住址",
                  "儿童主任", "最近走访", "状态"):  # fmt: skip
        assert label in head
    row = dict(zip(head, rows[1], strict=True))
    assert row["身份证号码"] == BOY[:6] + "*" * 11 + BOY[-1]
    assert row["监护人电话"] == "138****5678"
    assert row["儿童类别"] == "孤儿、农村留守儿童"
    assert (row["性别"], row["风险等级"], row["状态"]) == ("男", "橙", "在册")
    book = load_workbook(out)
    ws = book.active
    address = ws.cell(row=2, column=head.index("家庭住址") + 1)
    assert address.data_type == "s" and address.value.startswith("=HYPERLINK")  # text, no formula
    revealed = tmp_path / "full.xlsx"
    station("export", "children", str(revealed), "--reveal")
    ws = load_workbook(revealed).active
    id_cell = ws.cell(row=2, column=head.index("身份证号码") + 1)
    assert id_cell.value == BOY and id_cell.data_type == "s" and id_cell.number_format == "@"


def test_csv_is_utf8_with_bom_and_formulas_are_neutralised(station: Invoke, tmp_path: Path) -> None:
    seed(station)
    out = tmp_path / "r.csv"
    station("export", "children", str(out), "--reveal")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0]["家庭住址"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["儿童主任"] == "'-张老师"
    assert rows[0]["身份证号码"] == BOY


def test_every_export_is_audited(station: Invoke, tmp_path: Path, db_path: Path) -> None:
    seed(station)
    station("export", "children", str(tmp_path / "a.xlsx"))
    station("export", "children", str(tmp_path / "b.csv"), "--reveal", "--community", "华阳居民区")
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT record_key, after FROM audit_log WHERE action = 'export' ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    assert [r[0] for r in rows] == ["a.xlsx", "b.csv"]
    assert json.loads(rows[0][1])["reveal"] is False
    assert json.loads(rows[1][1])["reveal"] is True
    assert json.loads(rows[1][1])["filters"] == {"community": "华阳居民区"}


def test_filters_as_for_children(station: Invoke, tmp_path: Path) -> None:
    station("import", "roster", str(FIXTURES / "roster_gbk.csv"))
    out = tmp_path / "r.xlsx"
    station("export", "children", str(out), "--community", "华阳居民区", "-c", "孤儿")
    listed = station("children", "--community", "华阳居民区", "-c", "孤儿", "-f", "json").json()
    assert [r[1] for r in sheet_rows(out)[1:]] == [c["child"] for c in listed]


def test_wrong_output_suffix_is_refused(station: Invoke, tmp_path: Path) -> None:
    result = station("export", "children", str(tmp_path / "r.pdf"))
    assert result.exit_code == 1 and ".xlsx" in result.stderr


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_import_export_import_round_trips(station: Invoke, tmp_path: Path, suffix: str) -> None:
    station("import", "roster", str(FIXTURES / "roster_titled.xlsx"), "--on", "2026-06-01")
    seed(station)
    before = station("children", "-f", "json", "--reveal").json()
    out = tmp_path / f"export{suffix}"
    assert station("export", "children", str(out), "--reveal").exit_code == 0
    again = station("import", "roster", str(out), "-f", "json")
    assert again.exit_code == 0, again.stdout + again.stderr
    assert again.json()["counts"] == {
        "inserted": 0,
        "updated": 0,
        "unchanged": len(before),
        "merged": 0,
        "rejected": 0,
        "moved": 0,
    }
    assert station("children", "-f", "json", "--reveal").json() == before
    # and into a fresh database the export gives the same register
    fresh = tmp_path / "fresh.db"
    assert station("--db", str(fresh), "init").exit_code == 0
    result = station("--db", str(fresh), "import", "roster", str(out), "-f", "json")
    # children whose only categories have ended by age cannot be registered anew
    without = [c for c in before if not c["categories"]]
    assert result.json()["counts"]["inserted"] == len(before) - len(without)
    assert result.json()["counts"]["rejected"] == len(without)
    copied = station("--db", str(fresh), "children", "-f", "json", "--reveal").json()
    drop = ("child", "household")
    assert [{k: v for k, v in c.items() if k not in drop} for c in copied] == [
        {k: v for k, v in c.items() if k not in drop} for c in before if c["categories"]
    ]
