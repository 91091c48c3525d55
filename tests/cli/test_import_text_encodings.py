"""Text tables as Excel and WPS write them (issue 19): Excel's "Unicode 文本" (UTF-16 with a BOM,
tab-separated), UTF-16 without a BOM, tab-separated .tsv/.txt in UTF-8 or GB18030, semicolons;
all read without --encoding. A wrong --encoding is refused naming the encoding the file is in;
no message suggests an option the user did not give."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

BOY = make_id("2015-06-01", 11)
GIRL = make_id("2014-02-03", 22)
HEADER = ["姓名", "身份证号码", "儿童类别", "住址"]
# addresses with commas: in a tab-separated file they are part of the cell
ROWS = [["王小明", BOY, "孤儿", "华阳路1号,2室"], ["李小红", GIRL, "困境儿童", "华阳路3号,5室"]]


def text(delimiter: str = "\t", title: str = "") -> str:
    lines = [delimiter.join(row) for row in (HEADER, *ROWS)]
    return (f"{title}\n" if title else "") + "\n".join(lines) + "\n"


def imported(station: Invoke, path: Path, *extra: str) -> dict[str, dict]:
    result = station("import", "roster", str(path), *extra)
    assert result.exit_code == 0, result.stderr
    return {c["id_number"]: c for c in station("children", "-f", "json", "--reveal").json()}


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("Unicode文本.txt", "utf-16", "\t"),  # what Excel's "Unicode 文本" writes: BOM, tabs
        ("unicode.csv", "utf-16", "\t"),
        ("无BOM.csv", "utf-16-le", "\t"),
        ("无BOM.txt", "utf-16-be", ","),
        ("名单.tsv", "utf-8", "\t"),
        ("名单.tsv", "gb18030", "\t"),
        ("名单.txt", "gb18030", "\t"),
        ("名单.txt", "utf-8-sig", "\t"),
        ("分号.csv", "utf-8", ";"),
    ],
)
def test_text_tables_are_read_without_encoding(
    station: Invoke, tmp_path: Path, name: str, encoding: str, delimiter: str
) -> None:
    path = tmp_path / name
    path.write_bytes(text(delimiter).encode(encoding))
    found = imported(station, path)
    assert found[BOY]["name"] == "王小明" and found[GIRL]["name"] == "李小红"
    if delimiter == "\t":  # the comma stayed inside the address
        assert found[BOY]["address"] == "华阳路1号,2室"


def test_a_tab_separated_sheet_with_a_title_row_and_commas_in_cells(
    station: Invoke, tmp_path: Path
) -> None:
    """More commas than tabs in the first lines, but only the tabs split every line but the
    title into the same four columns."""
    rows = [[*row[:3], f"上海市,长宁区,{row[3]},401室"] for row in ROWS]
    lines = ["2026年花名册,单位：人,截至11月", *("\t".join(r) for r in (HEADER, *rows))]
    path = tmp_path / "花名册.txt"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-16"))
    found = imported(station, path)
    assert found[GIRL]["address"] == "上海市,长宁区,华阳路3号,5室,401室"


def test_a_comma_separated_csv_with_quoted_tabs_stays_comma_separated(
    station: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerow(["王小明", BOY, "孤儿", "华阳路\t1号"])
    assert imported(station, path)[BOY]["name"] == "王小明"


def test_visit_sheets_in_utf16_are_read_too(station: Invoke, tmp_path: Path) -> None:
    """The same reader serves every import: a visit sheet saved as Unicode text."""
    done = station(
        "register", "--name", "王小明", "--id-number", BOY, "-c", "孤儿", "--on", "2026-01-05"
    )
    assert done.exit_code == 0, done.stderr
    path = tmp_path / "走访.txt"
    lines = ["儿童编号\t姓名\t走访日期\t走访方式", "C000001\t王小明\t2026-11-20\t入户"]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-16"))
    result = station("visit", "import", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert len(station("visit", "list", "C000001", "--format", "json").json()) == 1


@pytest.mark.parametrize(
    ("encoding", "given", "named"),
    [
        ("utf-16", "gbk", "UTF-16"),
        ("utf-16-le", "gbk", "UTF-16"),
        ("gb18030", "utf-8", "GB18030"),
        ("utf-8", "utf-16", None),
    ],
)
def test_a_wrong_encoding_is_refused_naming_the_fix(
    station: Invoke, tmp_path: Path, encoding: str, given: str, named: str | None
) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(text("\t").encode(encoding))
    result = station("import", "roster", str(path), "--encoding", given)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "--encoding" in line or "编码" in line
    if named:
        assert named in line and "去掉 --encoding" in line
    assert station("children", "-f", "json").json() == []


def test_no_message_suggests_an_encoding_option_not_given(station: Invoke, tmp_path: Path) -> None:
    """A file in no encoding it can read: the fix is to save it again, not --encoding."""
    path = tmp_path / "r.csv"
    path.write_bytes(text(",").encode("utf-8") + "张三,乱码\n".encode("gbk"))
    result = station("import", "roster", str(path))
    assert result.exit_code == 1
    assert "--encoding" not in result.stderr and "另存为" in result.stderr
