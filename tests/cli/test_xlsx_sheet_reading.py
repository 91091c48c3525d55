"""An .xlsx sheet as the import reads it (sheets/reader.py; it was also read in pieces,
sheets/xlsx_pieces.py, until the benchmark showed no gain): title, blank and footer rows
skipped, rows numbered as in the sheet, merged areas filled, for shared and inline strings and
with or without row numbers in the XML. A sheet calamine cannot read stops the import with a
message, and nothing is written."""

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
from wbz_cli.sheets import reader


def read(path: Path) -> tuple[Any, ...]:
    table = reader.open_table(path, fields=roster.header_fields(), required=roster.REQUIRED)
    found = (table.sheet, table.header_row, table.columns, table.headers, table.unknown_headers)
    return found, list(table.raw_rows())


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


@pytest.mark.parametrize("inline", [False, True], ids=["shared-strings", "inline-strings"])
def test_blank_rows_merged_areas_and_a_shifted_start_are_read(inline: bool, tmp_path: Path) -> None:
    path = messy_sheet(tmp_path / "r.xlsx", inline=inline)
    found, rows = read(path)
    assert found[1] == 3 and len(rows) == 240
    assert rows[0][0] == 4 and rows[-1][0] == 4 + 239 + 3 * 6  # numbers as in the sheet
    if not inline:  # the merged areas' value fills the rows below them
        assert all(raw[5] == "华阳居民区" for _, raw in rows)


def test_a_sheet_without_row_numbers_gives_the_same_rows(tmp_path: Path) -> None:
    path = messy_sheet(tmp_path / "r.xlsx", inline=True)
    bare = rewrite_sheet(path, tmp_path / "bare.xlsx", lambda xml: re.sub(
        rb'(<row\b[^>]*?)\sr="\d+"', rb"\1", xml))  # fmt: skip
    assert read(bare) == read(path)


def test_a_sheet_calamine_cannot_read_stops_the_import_and_writes_nothing(
    station: Invoke, db_path: Path, tmp_path: Path
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
    with pytest.raises(InvalidInput):
        read(broken)


def test_an_import_registers_every_child_of_the_sheet(station: Invoke, tmp_path: Path) -> None:
    path = messy_sheet(tmp_path / "r.xlsx", inline=False)
    first = station("import", "roster", str(path), "-f", "json")
    assert first.exit_code == 0, first.stderr
    listed = station("children", "-f", "json", "--reveal").json()
    again = station("import", "roster", str(path), "-f", "json", "--dry-run")
    assert again.json()["counts"]["unchanged"] == first.json()["counts"]["inserted"] == 240
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
