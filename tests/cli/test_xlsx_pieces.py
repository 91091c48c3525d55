"""A big .xlsx sheet is read in pieces (sheets/xlsx_pieces.py) so that an import starts on its
first rows sooner. The rows must be those of the sheet read whole: same cells, same numbers,
merged areas filled across the pieces, for files made by openpyxl (shared or inline strings)
and LibreOffice. A sheet not laid out as expected is read whole; a piece calamine cannot read
stops the import with a message, and nothing is written."""

from __future__ import annotations

import io
import re
import sqlite3
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from tests.conftest import Invoke, make_id

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.services import roster
from wbz_cli.sheets import reader, xlsx_pieces

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every sheet read in pieces of a few rows."""
    monkeypatch.setattr(xlsx_pieces, "MIN_SHEET_BYTES", 0)
    monkeypatch.setattr(xlsx_pieces, "FIRST_PIECE_BYTES", 1500)
    monkeypatch.setattr(xlsx_pieces, "MAX_PIECE_BYTES", 5000)
    monkeypatch.setattr(xlsx_pieces, "READ_BYTES", 4096)
    monkeypatch.setattr(xlsx_pieces, "STRINGS_SHARE", 0)


def read(path: Path, monkeypatch: pytest.MonkeyPatch, *, whole: bool) -> tuple[Any, ...]:
    with monkeypatch.context() as patch:
        if whole:
            patch.setattr(reader, "split_sheet", lambda *_: None)
        table = reader.open_table(path, fields=roster.header_fields(), required=roster.REQUIRED)
        found = (table.sheet, table.header_row, table.columns, table.headers, table.unknown_headers)
        return found, list(table.raw_rows())


def pieces_of(path: Path, sheet: str) -> int:
    cut = xlsx_pieces.split_sheet(str(path), sheet)
    assert cut is not None
    return len(cut.pieces)


def messy_sheet(path: Path, *, inline: bool) -> Path:
    """A roster from column C on, with date and number cells, runs of blank rows and merged
    communities all down the sheet, title and footer rows."""
    book = Workbook(write_only=inline)
    ws = book.create_sheet("名单") if inline else book.active
    ws.title = "名单"
    rows: list[list[Any]] = [["", "", "某街道困境儿童名单"], []]
    rows.append(["", "", "姓名", "身份证号码", "出生日期", "所在社区", "儿童类别", "监护人电话"])
    merges, above = ["C1:J1"], 0
    for seq in range(1, 241):
        born = date(2012 + seq % 10, 1 + seq % 12, 1 + seq % 27)
        shown: Any = born if seq % 3 else f"{born.year}.{born.month}.{born.day}"
        phone: Any = 13800000000 + seq if seq % 4 else f"139{seq:08d}"
        community: str | None = "华阳居民区"
        if seq % 5 == 0 and above == len(rows):  # blank, in a merged area with the row above
            community = None
            merges.append(f"F{above}:F{len(rows) + 1}")
        rows.append(["", "", f"儿童{seq}", make_id(born.isoformat(), seq), shown, community,
                     "留守儿童、残疾儿童" if seq % 7 == 0 else "困境儿童", phone])  # fmt: skip
        above = len(rows)
        if seq % 37 == 0:
            rows.extend([[], [], []])
    rows.extend([["", "", "合计", "240人"], ["", "", "填表人：李某"]])
    for row in rows:
        ws.append(row)
    if not inline:
        for area in merges:
            ws.merge_cells(area)
    book.save(path)
    return path


@pytest.mark.usefixtures("small_pieces")
@pytest.mark.parametrize(
    "path",
    [
        FIXTURES / "roster_titled.xlsx",  # openpyxl, shared strings
        FIXTURES / "roster_titled_libreoffice.xlsx",  # LibreOffice Calc
    ],
    ids=["openpyxl", "libreoffice"],
)
def test_the_samples_read_in_pieces_give_the_rows_read_whole(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert pieces_of(path, "花名册") >= 10
    assert read(path, monkeypatch, whole=False) == read(path, monkeypatch, whole=True)


@pytest.mark.usefixtures("small_pieces")
@pytest.mark.parametrize("inline", [False, True], ids=["shared-strings", "inline-strings"])
def test_blank_rows_merged_areas_and_a_shifted_start_survive_the_cuts(
    inline: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = messy_sheet(tmp_path / "r.xlsx", inline=inline)
    assert pieces_of(path, "名单") >= 6
    found, rows = read(path, monkeypatch, whole=False)
    assert (found, rows) == read(path, monkeypatch, whole=True)
    assert found[1] == 3 and len(rows) == 240
    assert rows[0][0] == 4 and rows[-1][0] == 4 + 239 + 3 * 6  # numbers as in the sheet
    if not inline:  # the merged areas' value fills the rows below them, in every piece
        assert all(raw[5] == "华阳居民区" for _, raw in rows)


def test_a_sheet_without_row_numbers_is_read_whole(
    small_pieces: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = messy_sheet(tmp_path / "r.xlsx", inline=True)
    bare = rewrite_sheet(path, tmp_path / "bare.xlsx", lambda xml: re.sub(
        rb'(<row\b[^>]*?)\sr="\d+"', rb"\1", xml))  # fmt: skip
    assert xlsx_pieces.split_sheet(str(bare), "名单") is None
    assert read(bare, monkeypatch, whole=False) == read(path, monkeypatch, whole=True)


def test_a_piece_calamine_cannot_read_stops_the_import_and_writes_nothing(
    small_pieces: None, station: Invoke, db_path: Path, tmp_path: Path
) -> None:
    path = messy_sheet(tmp_path / "r.xlsx", inline=True)

    def break_late_row(xml: bytes) -> bytes:
        at = xml.rfind(b"</c>", 0, len(xml) * 9 // 10)
        return xml[:at] + b"</x>" + xml[at + 4 :]

    broken = rewrite_sheet(path, tmp_path / "broken.xlsx", break_late_row)
    result = station("import", "roster", str(broken))
    assert result.exit_code == 1
    assert "无法读取工作表“名单”" in result.stderr and "Traceback" not in result.stderr
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM children").fetchone()[0] == 0
    finally:
        conn.close()
    with pytest.raises(InvalidInput):  # read whole, the same file is refused the same way
        list(reader.open_table(broken, fields=roster.header_fields(),
                               required=roster.REQUIRED).raw_rows())  # fmt: skip


def test_an_import_in_pieces_registers_what_an_import_read_whole_does(
    small_pieces: None, station: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = messy_sheet(tmp_path / "r.xlsx", inline=False)
    in_pieces = station("import", "roster", str(path), "-f", "json")
    assert in_pieces.exit_code == 0, in_pieces.stderr
    listed = station("children", "-f", "json", "--reveal").json()
    monkeypatch.setattr(reader, "split_sheet", lambda *_: None)
    again = station("import", "roster", str(path), "-f", "json", "--dry-run")
    assert again.json()["unchanged"] == in_pieces.json()["inserted"] == 240
    assert len(listed) == 240 and listed[0]["community"] == "华阳居民区"


def rewrite_sheet(path: Path, out: Path, change: Any) -> Path:
    """A copy of the workbook at ``path`` whose first sheet's XML is ``change``d."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            is_sheet = info.filename.endswith("sheet1.xml")
            dst.writestr(info.filename, change(data) if is_sheet else data)
    out.write_bytes(buffer.getvalue())
    return out
