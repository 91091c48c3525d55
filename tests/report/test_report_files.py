"""The report's workbook and the bureau templates: opened by openpyxl for formatting, and by
LibreOffice (headless) for what a user's spreadsheet program actually shows."""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.conftest import Invoke, make_id

TEMPLATES = Path(__file__).resolve().parents[2] / "data" / "templates"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def libreoffice_csv(xlsx: Path, sheet: str, out_dir: Path) -> list[list[str]]:
    """Every sheet of ``xlsx`` as LibreOffice shows it (formulas calculated), one csv each."""
    assert SOFFICE is not None
    out_dir.mkdir(exist_ok=True)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{out_dir / 'profile'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
            "--outdir",
            str(out_dir),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    path = out_dir / f"{xlsx.stem}-{sheet}.csv"
    with path.open(encoding="utf-8") as f:
        return list(csv.reader(f))


def test_workbook_has_figures_breakdowns_and_a_native_chart(
    october: Invoke,
    tmp_path: Path,
    db_path: Path,
) -> None:
    out = tmp_path / "月报.xlsx"
    result = october("report", "monthly", "--month", "2026-10", "--format", "xlsx", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    book = load_workbook(out)
    assert book.sheetnames == ["月报", "按社区", "按儿童主任", "按类别", "近12个月"]
    figures = {row[1]: row[2] for row in book["月报"].iter_rows(min_row=3, values_only=True)}
    assert figures["在册儿童"] == 6
    assert figures["补贴发放金额(元)"] == pytest.approx(2200.75)
    communities = [row[0] for row in book["按社区"].iter_rows(min_row=2, values_only=True)]
    assert communities == ["乙社区", "甲社区", "（未关联儿童）", "合计"]
    assert len(book["近12个月"]._charts) == 1
    categories = {r[0]: r[-1] for r in book["按类别"].iter_rows(min_row=2, values_only=True)}
    assert categories["孤儿"] == 1 and categories["农村留守儿童"] == 1
    with sqlite3.connect(db_path) as conn:
        exports = conn.execute(
            "SELECT record_key, after FROM audit_log WHERE action = 'export'"
        ).fetchall()
    assert len(exports) == 1 and exports[0][0] == "2026-10" and "月报.xlsx" in exports[0][1]


@needs_libreoffice
def test_libreoffice_opens_the_workbook_with_the_right_values(
    october: Invoke,
    tmp_path: Path,
) -> None:
    out = tmp_path / "report.xlsx"
    result = october("report", "monthly", "--month", "2026-10", "--format", "xlsx", "--out", out)
    assert result.exit_code == 0, result.stderr
    rows = libreoffice_csv(out, "月报", tmp_path / "lo")
    shown = {row[1]: row[2] for row in rows[2:]}
    assert shown["在册儿童"] == "6"
    assert shown["发现线索"] == "3"
    assert shown["补贴发放金额(元)"] == "2,200.75"


@needs_libreoffice
def test_subsidy_template_fills_rows_and_its_formulas_follow(
    october: Invoke,
    tmp_path: Path,
) -> None:
    out = tmp_path / "subsidy.xlsx"
    template = TEMPLATES / "补贴发放汇总表.xlsx"
    result = october(
        "report", "monthly", "--month", "2026-10", "--template", template, "--out", out
    )
    assert result.exit_code == 0, result.stderr
    rows = libreoffice_csv(out, "补贴发放汇总表", tmp_path / "lo")
    assert rows[1] == [
        "乡镇(街道)",
        "孤儿补助人数",
        "孤儿补助金额",
        "困境儿童补助人数",
        "困境儿童补助金额",
        "共计",
    ]
    assert rows[2] == ["华阳路街道未保站", "1", "1,200.50", "1", "1,000.25", "2,200.75"]
    payments = [r for r in rows[6:] if r[0].isdigit()]
    assert [(r[1], r[5]) for r in payments] == [("C000001", "1,000.25"), ("C000002", "1,200.50")]
    total = next(r for r in rows if r[0] == "合计")
    assert total[5] == "2,200.75"  # =SUM over both payment rows, grown from F7:F7


def test_template_keeps_fonts_borders_merges_and_formulas(
    october: Invoke,
    tmp_path: Path,
) -> None:
    template = TEMPLATES / "花名册.xlsx"
    out = tmp_path / "roster.xlsx"
    result = october(
        "report", "monthly", "--month", "2026-10", "--template", template, "--out", out
    )
    assert result.exit_code == 0, result.stderr
    before = load_workbook(template).active
    after = load_workbook(out).active
    assert after["A1"].value == "华阳路街道未保站困境儿童、留守儿童等花名册（截至2026-10-31）"
    assert after["A1"].font.b and after["A1"].font.sz == before["A1"].font.sz
    assert "A1:N1" in {str(r) for r in after.merged_cells.ranges}
    rows = list(after.iter_rows(min_row=3, max_row=8, values_only=True))
    assert [r[1] for r in rows] == [f"C00000{n}" for n in (1, 2, 3, 6, 7, 8)]
    full = make_id("2014-03-01", 1)
    assert rows[0][4] == full[:6] + "*" * 11 + full[-1]  # masked without --reveal
    for row in range(3, 9):
        assert after.cell(row=row, column=2).border.left.style == "thin"
    assert after["B10"].value == "=COUNTA(C3:C8)"


def test_template_with_an_unknown_placeholder_names_the_cell(
    station: Invoke, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "表1"
    book.active["B4"] = "{{children.actve}}"
    template = tmp_path / "bad.xlsx"
    book.save(template)
    out = tmp_path / "out.xlsx"
    result = station(
        "report", "monthly", "--month", "2026-10", "--template", template, "--out", out
    )
    assert result.exit_code == 1
    assert "表1!B4" in result.stderr and "children.actve" in result.stderr
    assert not out.exists()


def test_names_that_look_like_formulas_are_written_as_text(station: Invoke, tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://x","点我")'
    result = station(
        "register",
        "--name",
        "王小明",
        "--id-number",
        make_id("2014-01-01", 1),
        "--category",
        "orphan",
        "--on",
        "2026-10-01",
        "--address",
        evil,
    )
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "roster.xlsx"
    result = station(
        "report",
        "monthly",
        "--month",
        "2026-10",
        "--template",
        TEMPLATES / "花名册.xlsx",
        "--out",
        out,
    )
    assert result.exit_code == 0, result.stderr
    cell = load_workbook(out).active["M3"]
    assert cell.value == evil
    assert cell.data_type == "s"
