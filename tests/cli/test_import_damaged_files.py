"""Damaged and mislabelled files given to each of the four imports (issue 19): refused with exit
1 and one Chinese line naming the file, what it seems to be and the fix; never the name of the
library or exception that failed to read it, never a traceback, nothing written."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from tests.cli.test_import_formats import count
from tests.conftest import Invoke, make_id

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
IMPORTS = {
    "roster": ("import", "roster"),
    "visits": ("visit", "import"),
    "subsidies": ("subsidy", "import"),
    "match": ("match", "--kind", "低保"),
}
LIBRARY_WORDS = re.compile(
    r"Error|Exception|Calamine|BadZip|ZipFile|Zip error|Unicode|XMLSyntax|Traceback|openpyxl|"
    r"python|zipfile|\bPanic|[A-Za-z]{12,}"
)


def good_xlsx(path: Path) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(["姓名", "身份证号码", "儿童类别"])
    ws.append(["王小明", make_id("2015-06-01", 11), "孤儿"])
    book.save(path)
    return path


def truncated_xlsx(path: Path) -> Path:
    data = good_xlsx(path.with_name("whole.xlsx")).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def zip_not_xlsx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("照片/说明.txt", "这不是表格")
    return path


def html_xls(path: Path) -> Path:
    """What many systems export as "Excel": a web page named .xls."""
    path.write_text(
        "<html><head><meta charset='utf-8'></head><body><table><tr><td>姓名</td>"
        "<td>身份证号码</td></tr></table></body></html>",
        encoding="utf-8",
    )
    return path


def truncated_ods(path: Path) -> Path:
    data = (FIXTURES / "roster_titled.ods").read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def random_xlsx(path: Path) -> Path:
    path.write_bytes(os.urandom(4096))
    return path


def text_xls(path: Path) -> Path:
    path.write_text(
        f"姓名,身份证号码,儿童类别\n王小明,{make_id('2015-06-01', 11)},孤儿\n", "gb18030"
    )
    return path


DAMAGED: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    # name: (builder, file name, words of what it seems to be)
    "truncated_xlsx": (truncated_xlsx, "名单.xlsx", "不完整或已损坏"),
    "zip_not_xlsx": (zip_not_xlsx, "名单.xlsx", "没有工作簿"),
    "html_xls": (html_xls, "名单.xls", "网页（HTML）"),
    "truncated_ods": (truncated_ods, "名单.ods", "不完整或已损坏"),
    "random_xlsx": (random_xlsx, "名单.xlsx", "已损坏"),
    "text_xls": (text_xls, "名单.xls", "文本文件"),
}


@pytest.mark.parametrize("command", sorted(IMPORTS))
@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_a_damaged_file_is_refused_in_one_chinese_line(
    station: Invoke, tmp_path: Path, db_path: Path, command: str, damage: str
) -> None:
    build, name, seems = DAMAGED[damage]
    path = build(tmp_path / name)
    before = count(db_path, "audit_log")
    result = station(*IMPORTS[command], str(path))
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    [line] = lines
    assert f"“{name}”" in line and seems in line
    assert "另存为" in line or "重新获取" in line or "扩展名改为" in line
    assert not LIBRARY_WORDS.search(line), line
    assert count(db_path, "audit_log") == before


def test_a_text_file_named_xls_is_told_to_be_renamed(station: Invoke, tmp_path: Path) -> None:
    """The fix it names works: renamed to .csv, the same file imports."""
    path = text_xls(tmp_path / "名单.xls")
    refused = station("import", "roster", str(path))
    assert "扩展名改为 .csv" in refused.stderr
    renamed = path.rename(path.with_suffix(".csv"))
    assert station("import", "roster", str(renamed)).exit_code == 0


def test_a_password_protected_workbook_is_named_as_such(station: Invoke, tmp_path: Path) -> None:
    """An .xlsx with an open password is an OLE compound file, not a zip."""
    path = tmp_path / "加密.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    result = station("import", "roster", str(path))
    assert result.exit_code == 1
    assert "打开密码" in result.stderr and not LIBRARY_WORDS.search(result.stderr)


def test_a_broken_mapping_file_names_the_line_not_the_parser(
    station: Invoke, tmp_path: Path
) -> None:
    mapping = tmp_path / "cols.json"
    mapping.write_text('{"community": ["所属村居"],\n "id_number": [身份证]}', "utf-8")
    path = good_xlsx(tmp_path / "r.xlsx")
    result = station("import", "roster", str(path), "--mapping", str(mapping))
    assert result.exit_code == 1
    assert "第 2 行" in result.stderr and not LIBRARY_WORDS.search(result.stderr)


def test_an_open_quote_in_a_csv_names_the_row(station: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    body = f'姓名,身份证号码,儿童类别\n王小明,{make_id("2015-06-01", 11)},孤儿\n李,"11'
    path.write_text(body + "x" * 200_000 + "\n", "utf-8")
    result = station("import", "roster", str(path))
    assert result.exit_code == 1
    assert "第 3 行" in result.stderr and "引号" in result.stderr
    assert not LIBRARY_WORDS.search(result.stderr)
