"""Leftovers of the escaping work (issue 24, items 5 and 6): JSON and CSV on a terminal carry
no raw control or bidi character, such characters are refused on the way in, the match
workbook's list cells are neutralised, and ``report -f table -o`` is refused, not ignored."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.conftest import Invoke, Result, make_id

MONTH = ("report", "monthly", "--month", "2026-10")


# -- report -f table -o


def test_report_table_with_out_is_refused_not_ignored(station: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "月报.csv"
    result = station(*MONTH, "-f", "table", "-o", out)
    assert result.exit_code == 1
    assert "-f xlsx" in result.stderr and "-o" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


# -- refused on the way in

HIDDEN = ["\x7f", "\x85", "\x9b", "\u061c", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066",
          "\u2069"]  # fmt: skip


def register(wbz: Invoke, *extra: object, seq: int = 11) -> Result:
    return wbz(
        "register", "--id-number", make_id("2015-06-01", seq), "-c", "孤儿", "--on", "2026-10-01",
        *extra,
    )  # fmt: skip


def refused(result: Result, field: str) -> None:
    assert result.exit_code == 1, result.stdout
    assert field in result.stderr and "删除" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("ch", HIDDEN)
def test_register_refuses_hidden_characters_in_name_and_community(station: Invoke, ch: str) -> None:
    refused(register(station, "--name", f"王{ch}小明"), "姓名")
    refused(register(station, "--name", "王小明", "--community", f"红{ch}旗"), "所在居民区")
    assert station("children", "-f", "json").json() == []


@pytest.mark.parametrize("ch", ["\x9b", "\u202e", "\u2067"])
def test_free_text_on_the_command_line_refuses_hidden_characters(station: Invoke, ch: str) -> None:
    assert register(station, "--name", "王小明").exit_code == 0
    result = station("visit", "add", "C000001", "-m", "home", "--notes", f"家中{ch}无人")
    refused(result, "情况记录")
    assert station("visit", "list", "-f", "json").json() == []


def test_ordinary_text_newlines_cjk_and_emoji_are_kept(station: Invoke) -> None:
    name = "𠮷野·阿依古丽"
    assert register(station, "--name", name, "--community", "红旗居委😀").exit_code == 0
    notes = "第一行\n第二行\t缩进 😀 ½ ‘引号’ — 完"
    result = station("visit", "add", "C000001", "-m", "home", "--notes", notes)
    assert result.exit_code == 0, result.stderr
    [child] = station("children", "-f", "json").json()
    assert (child["name"], child["community"]) == (name, "红旗居委😀")
    [visit] = station("visit", "list", "-f", "json").json()
    assert visit["notes"] == notes


def test_an_imported_row_with_a_hidden_character_is_refused_with_the_reason(
    station: Invoke, tmp_path: Path
) -> None:
    source = tmp_path / "花名册.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [
                ["姓名", "身份证号码", "儿童类别", "所在居民区"],
                ["张三", make_id("2015-01-01", 1), "留守儿童", "红旗"],
                ["李\u202e四", make_id("2015-01-01", 3), "留守儿童", "红旗"],
                ["王五", make_id("2015-01-01", 5), "留守儿童", "红\x85旗"],
            ]
        )
    errors = tmp_path / "errors.csv"
    result = station("import", "roster", source, "--errors", errors)
    assert result.exit_code == 3, result.stderr
    with errors.open(encoding="utf-8-sig", newline="") as f:
        reasons = [row[1] for row in csv.reader(f)][1:]
    assert len(reasons) == 2
    assert "姓名" in reasons[0] and "U+202E" in reasons[0]
    assert "所在社区" in reasons[1] and "U+0085" in reasons[1]
    assert [c["name"] for c in station("children", "-f", "json").json()] == ["张三"]


# -- the match workbook

CLEAR = "a\x1b[2J\x1b[31mX"
REVERSE = "\u202e红色"
RAW = ("\x1b", "\u202e", "\x9b", "\x7f")


def test_match_workbook_writes_list_cells_escaped_and_formulas_as_text(
    station: Invoke, tmp_path: Path
) -> None:
    source = tmp_path / "低保.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [
                ["序号", "姓名", "身份证号码"],
                ["1", CLEAR, "1234"],
                ["2", REVERSE + "\x7f", "5678"],
                ["3", '=HYPERLINK("http://x")', "9012"],
            ]
        )
    out = tmp_path / "比对.xlsx"
    result = station("match", source, "--kind", "lowincome", "-f", "xlsx", "-o", out)
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if any(ch in t for ch in RAW)]
    assert "a\\x1b[2J\\x1b[31mX" in texts and "\\u202e红色\\x7f" in texts
    [formula] = [c for c in cells if c.value == '=HYPERLINK("http://x")']
    assert formula.data_type == "s"
