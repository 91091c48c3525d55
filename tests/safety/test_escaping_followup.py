"""Leftovers of the escaping work (issue 24, items 5 and 6): JSON and CSV on a terminal carry
no raw control or bidi character, such characters are refused on the way in, the match
workbook's list cells are neutralised, and ``report -f table -o`` is refused, not ignored."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from openpyxl import load_workbook
from tests.conftest import Invoke, Result, make_id

from wbz_cli.domain.printable import HIDDEN_CATEGORIES, json_escaped, printable

MONTH = ("report", "monthly", "--month", "2026-10")


def write_list(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


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
    source = write_list(
        tmp_path / "花名册.csv",
        [
            ["姓名", "身份证号码", "儿童类别", "所在居民区"],
            ["张三", make_id("2015-01-01", 1), "留守儿童", "红旗"],
            ["李\u202e四", make_id("2015-01-01", 3), "留守儿童", "红旗"],
            ["王五", make_id("2015-01-01", 5), "留守儿童", "红\x85旗"],
        ],
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
    source = write_list(
        tmp_path / "低保.csv",
        [
            ["序号", "姓名", "身份证号码"],
            ["1", CLEAR, "1234"],
            ["2", REVERSE + "\x7f", "5678"],
            ["3", '=HYPERLINK("http://x")', "9012"],
        ],
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


# -- JSON and CSV on stdout

STORED_NAME = "王\u202e明\x7f"
STORED_COMMUNITY = "红\x9b2J旗\u2066\U000e0041"


def assert_no_hidden(text: str) -> None:
    assert not [ch for ch in text if ch not in "\n\t" and printable(ch) != ch], text


@pytest.fixture
def hidden(station: Invoke, db_path: Path) -> Invoke:
    """A child whose name and community hold control and bidi characters, as a database
    written by an older version may (input refuses them now)."""
    assert register(station, "--name", "王明", "--community", "红旗").exit_code == 0
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE children SET name = ?, community = ?", (STORED_NAME, STORED_COMMUNITY))
    db.close()
    return station


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import _NamedTextIOWrapper

    monkeypatch.setattr(_NamedTextIOWrapper, "isatty", lambda self: True)


def test_json_escapes_hidden_characters_losslessly_redirected(hidden: Invoke) -> None:
    result = hidden("children", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert_no_hidden(result.stdout)
    assert "\\u202e" in result.stdout and "\\udb40\\udc41" in result.stdout
    [child] = result.json()
    assert (child["name"], child["community"]) == (STORED_NAME, STORED_COMMUNITY)


@pytest.mark.usefixtures("terminal")
def test_json_on_a_terminal_is_escaped_and_parses_to_the_same_data(hidden: Invoke) -> None:
    for command in (("children",), ("show", "C000001"), (*MONTH, "--by", "community")):
        result = hidden(*command, "-f", "json")
        assert result.exit_code == 0, result.stderr
        assert_no_hidden(result.stdout)
    [child] = hidden("children", "-f", "json").json()
    assert (child["name"], child["community"]) == (STORED_NAME, STORED_COMMUNITY)
    report = hidden(*MONTH, "--by", "community", "-f", "json").json()
    assert STORED_COMMUNITY in json.dumps(report, ensure_ascii=False)


@pytest.mark.usefixtures("terminal")
def test_csv_on_a_terminal_shows_hidden_characters_as_escapes(hidden: Invoke) -> None:
    result = hidden("children", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert_no_hidden(result.stdout)
    assert "王\\u202e明\\x7f" in result.stdout and "红\\x9b2J旗\\u2066\\U000e0041" in result.stdout
    report = hidden(*MONTH, "--by", "community", "-f", "csv")
    assert report.exit_code == 0, report.stderr
    assert_no_hidden(report.stdout)
    assert "红\\x9b2J旗\\u2066\\U000e0041" in report.stdout


def test_csv_redirected_keeps_the_data_as_stored(hidden: Invoke) -> None:
    rows = list(csv.DictReader(io.StringIO(hidden("children", "-f", "csv").stdout)))
    assert (rows[0]["name"], rows[0]["community"]) == (STORED_NAME, STORED_COMMUNITY)
    report = hidden(*MONTH, "--by", "community", "-f", "csv").stdout
    assert STORED_COMMUNITY in next(csv.reader(io.StringIO(report)))


def test_match_json_escapes_list_cells_and_parses_back_equal(
    station: Invoke, tmp_path: Path
) -> None:
    names = [CLEAR + "\x85b", REVERSE + "\u200f"]
    source = write_list(
        tmp_path / "低保.csv",
        [["序号", "姓名", "身份证号码"], ["1", names[0], "1234"], ["2", names[1], "5678"]],
    )
    result = station("match", source, "--kind", "lowincome", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert_no_hidden(result.stdout)
    assert sorted(r["name"] for r in result.json()["unmatched"]) == sorted(names)


# -- the escape itself


def test_json_escape_covers_every_hidden_character_above_ascii() -> None:
    from wbz_cli.domain.printable import _HIDDEN_ABOVE_ASCII

    hidden = [
        chr(c)
        for c in range(0x7F, sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in HIDDEN_CATEGORIES
    ]
    everything = "".join(chr(c) for c in range(0x7F, sys.maxunicode + 1))
    assert _HIDDEN_ABOVE_ASCII.findall(everything) == hidden


@given(st.text())
def test_json_escaped_is_the_same_data_with_nothing_hidden(text: str) -> None:
    dumped = json_escaped(json.dumps({"k": text}, ensure_ascii=False))
    assert_no_hidden(dumped)
    # Two lone surrogates in a row are read back as the one character they would pair to.
    assume(not re.search("[\ud800-\udbff][\udc00-\udfff]", text))
    assert json.loads(dumped) == {"k": text}
