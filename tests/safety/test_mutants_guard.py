"""The formula guard cell by cell (issue 26: mutants of sheets/guard.py).

What a user notices: a cell that a spreadsheet would run as a formula is written as text (an
apostrophe in CSV, a string cell in xlsx), every other cell exactly as typed, and a CSV this tool
wrote reads back as the text that was written."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from wbz_cli.sheets.guard import append_as_text, as_text_cell, neutralise, restore

FORMULAS = [
    "=1+1",
    "+86 138",
    "-5",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "\nx",
    "＝1",
    "＋1",
    "－1",
    "＠x",
    "  =1",  # behind spaces
    "\u3000=1",  # behind an ideographic space
    "\u00a0=1",  # behind a no-break space
]
PLAIN = ["", "张三", "1=1", "a+b", "X=1", "x=1", "XX=1", " 张三", "13812345678", "1-2"]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_gets_an_apostrophe_and_reads_back(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", PLAIN)
def test_other_text_is_written_and_read_back_as_typed(text: str) -> None:
    assert neutralise(text) == text
    assert restore(text) == text


def test_an_apostrophe_the_user_typed_before_plain_text_is_kept() -> None:
    assert restore("'张三") == "'张三"
    assert restore("'") == "'"


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_like_text_is_a_string_cell_in_xlsx(text: str) -> None:
    sheet = Workbook().active
    as_text_cell(sheet["A1"], text)
    append_as_text(sheet, ["标题", text, 3])
    assert sheet["A1"].value == text and sheet["A1"].data_type == "s"
    assert [c.value for c in sheet[2]] == ["标题", text, 3]
    assert sheet["B2"].data_type == "s"
    assert sheet["C2"].data_type == "n"


def test_plain_values_keep_their_type_in_xlsx() -> None:
    sheet = Workbook().active
    as_text_cell(sheet["A1"], 12)
    as_text_cell(sheet["A2"], "张三")
    assert (sheet["A1"].value, sheet["A1"].data_type) == (12, "n")
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("张三", "s")
