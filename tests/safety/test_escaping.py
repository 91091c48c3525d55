"""Text from a spreadsheet or the database cannot drive the terminal or a spreadsheet: escape
sequences and bidi overrides are shown as visible escapes on screen and in --errors files,
rich markup is printed as it is, and names that look like formulas stay text in every file
the reports write (CSV headers and the workbook's title included)."""

from __future__ import annotations

import csv
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from tests.conftest import Invoke, Result, make_id

from wbz_cli.domain.printable import HIDDEN_CATEGORIES, printable

CLEAR = "a\x1b[2J\x1b[31mX"  # clears the screen, then red
REVERSE = "\u202e红色"  # the rest of the line reversed
CSI = "b\x9b2J"  # the one-character C1 form of ESC [ (xlsx cannot hold ESC itself)
RAW = ("\x1b", "\u202e", "\x9b")


def assert_no_raw(*texts: str) -> None:
    for text in texts:
        for ch in RAW:
            assert ch not in text, f"raw {ch!r} in {text!r}"


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def read_xlsx(path: Path) -> list[list[object]]:
    return [list(row) for row in load_workbook(path).active.iter_rows(values_only=True)]


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def all_text(rows: list[list[object]]) -> str:
    return "\n".join(str(v) for row in rows for v in row if v is not None)


# -- the escaping itself


@given(st.text())
def test_printable_never_leaves_a_control_or_format_character(text: str) -> None:
    hidden = [ch for ch in printable(text) if unicodedata.category(ch) in HIDDEN_CATEGORIES]
    assert hidden == []
    kept = printable(text, keep_lines=True)
    assert all(ch in "\n\t" for ch in kept if unicodedata.category(ch) in HIDDEN_CATEGORIES)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))))
def test_printable_leaves_ordinary_text_alone(text: str) -> None:
    assert printable(text) == text


def test_printable_shows_what_was_hidden() -> None:
    assert printable(CLEAR) == "a\\x1b[2J\\x1b[31mX"
    assert printable(REVERSE) == "\\u202e红色"
    assert printable("甲\u200b乙\u2066丙\U000e0041") == "甲\\u200b乙\\u2066丙\\U000e0041"
    assert printable("一行\r\n二行\t完") == "一行\\x0d\\x0a二行\\x09完"
    assert printable("一行\r\n二行\t完", keep_lines=True) == "一行\n二行\t完"
    assert printable("张　三\u00a0") == "张　三\u00a0"  # spaces of every kind stay


# -- imports: the refused rows on screen and in --errors


def refusing(wbz: Invoke, *command: object, errors: Path) -> tuple[Result, str]:
    """Run an import that refuses rows; nothing raw on screen nor in ``errors``. Returns the
    output and the text of the errors file."""
    result = wbz(*command, "--errors", errors)
    assert result.exit_code == 3, result.stderr
    assert_no_raw(result.stdout, result.stderr)
    written = all_text(read_csv(errors) if errors.suffix == ".csv" else read_xlsx(errors))
    assert_no_raw(written)
    return result, written


def test_roster_dry_run_shows_refused_cells_escaped_and_writes_them_escaped(
    station: Invoke, tmp_path: Path
) -> None:
    source = write_csv(
        tmp_path / "花名册.csv",
        [
            ["姓名", "身份证号码", "性别", "儿童类别", "出生日期"],
            ["张三", make_id("2015-01-01", 1), CLEAR, "留守儿童", ""],
            ["李四", make_id("2015-01-01", 3), "男", REVERSE, ""],
            [CLEAR, make_id("2015-01-01", 5), "男", "留守儿童", ""],
        ],
    )
    errors = tmp_path / "errors.csv"
    result, _ = refusing(station, "import", "roster", source, "--dry-run", errors=errors)
    assert "性别“a\\x1b[2J\\x1b[31mX”无效" in result.stdout
    assert "儿童类别“\\u202e红色”无效" in result.stdout
    written = read_csv(errors)
    assert [r[0] for r in written[1:]] == ["2", "3", "4"]
    assert written[3][2] == "a\\x1b[2J\\x1b[31mX"  # the refused name, visible


def test_roster_errors_xlsx_holds_no_raw_control_or_bidi_character(
    station: Invoke, tmp_path: Path
) -> None:
    source = write_xlsx(
        tmp_path / "花名册.xlsx",
        [
            ["姓名", "身份证号码", "性别", "儿童类别"],
            ["张三", make_id("2015-01-01", 1), CSI, "留守儿童"],
            ["李四", make_id("2015-01-01", 3), "男", REVERSE],
        ],
    )
    _, written = refusing(station, "import", "roster", source, errors=tmp_path / "errors.xlsx")
    assert "\\x9b2J" in written and "\\u202e红色" in written


def test_visit_import_refusals_are_escaped_on_screen_and_in_errors(
    station: Invoke, tmp_path: Path
) -> None:
    source = write_csv(
        tmp_path / "走访.csv",
        [
            ["儿童编号", "随访日期", "方式"],
            [CLEAR, "2026-11-20", "入户"],
            ["C000001", "2026-11-20", REVERSE],
        ],
    )
    result, written = refusing(station, "visit", "import", source, errors=tmp_path / "no.csv")
    assert "\\x1b[2J" in result.stdout and "\\u202e红色" in written


def test_subsidy_import_refusals_are_escaped_on_screen_and_in_errors(
    station: Invoke, tmp_path: Path
) -> None:
    number = make_id("2015-06-01", 11)
    registered = station("register", "--name", "儿童11", "--id-number", number, "-c", "孤儿")
    assert registered.exit_code == 0, registered.stderr
    source = write_xlsx(
        tmp_path / "补贴.xlsx",
        [
            ["姓名", "身份证号码", "补贴类型", "发放月份", "金额(元)"],
            ["儿童11", number, REVERSE, "2026-10", 100],
            ["儿童11", number, CSI, "2026-10", 100],
        ],
    )
    result, written = refusing(station, "subsidy", "import", source, errors=tmp_path / "no.xlsx")
    assert "\\u202e红色" in result.stdout and "\\x9b2J" in written


def test_match_tables_show_list_cells_escaped(station: Invoke, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "低保.csv",
        [["序号", "姓名", "身份证号码"], ["1", CLEAR, "1234"], ["2", REVERSE, "5678"]],
    )
    result = station("match", source, "--kind", "lowincome")
    assert result.exit_code == 0, result.stderr
    assert_no_raw(result.stdout, result.stderr)
    assert "a\\x1b[2J\\x1b[31mX" in result.stdout and "\\u202e红色" in result.stdout


# -- values from the database


def stored(db_path: Path, sql: str, *params: object) -> None:
    """Put text into the database behind wbz's back: input refuses control and bidi
    characters, but a database written by an older version or another tool may hold them."""
    with sqlite3.connect(db_path) as db:
        db.execute(sql, params)
    db.close()


@pytest.fixture
def odd_names(station: Invoke, db_path: Path) -> Invoke:
    result = station(
        "register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11), "-c", "孤儿",
        "--community", "红色", "--worker", "[/red]李[bold]主任", "--on", "2026-10-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    stored(db_path, "UPDATE children SET community = ?", REVERSE)
    return station


def shows(result: Result, text: str) -> None:
    assert result.exit_code == 0, result.stderr
    assert_no_raw(result.stdout, result.stderr)
    assert text in result.stdout


def test_children_and_show_print_stored_names_escaped_and_markup_as_text(
    odd_names: Invoke,
) -> None:
    shows(odd_names("children"), "\\u202e红色")
    shows(odd_names("show", "C000001"), "\\u202e红色")
    shows(odd_names("show", "C000001"), "[/red]李[bold]主任")


def test_a_worker_named_like_markup_is_a_title_not_markup(odd_names: Invoke) -> None:
    result = odd_names("due")
    assert result.exit_code == 3, result.stderr  # the first visit is overdue: exit 3 (CLI.md)
    assert_no_raw(result.stdout, result.stderr)
    assert "儿童主任：[/red]李[bold]主任" in result.stdout


def test_report_table_prints_community_and_worker_names_as_they_are(odd_names: Invoke) -> None:
    shows(odd_names("report", "monthly", "--month", "2026-10", "--by", "community"), "\\u202e红色")
    shows(
        odd_names("report", "monthly", "--month", "2026-10", "--by", "worker"),
        "[/red]李[bold]主任",
    )


def test_a_stored_title_is_listed_escaped(station: Invoke, db_path: Path) -> None:
    result = station(
        "activity", "add", "--title", "红色", "--kind", "training",
        "--participants", "3", "--on", "2026-11-20",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    stored(db_path, "UPDATE activities SET title = ?", REVERSE + "\x9b2J")
    shows(station("activity", "list"), "\\u202e红色\\x9b2J")


# -- formulas in files


EVIL = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("by", ["community", "worker"])
def test_report_csv_header_names_are_not_formulas(station: Invoke, tmp_path: Path, by: str) -> None:
    result = station(
        "register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11), "-c", "孤儿",
        f"--{by}", EVIL, "--on", "2026-10-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "月报.csv"
    result = station(
        "report", "monthly", "--month", "2026-10", "-f", "csv", "--by", by, "--out", out
    )
    assert result.exit_code == 0, result.stderr
    header = read_csv(out)[0]
    assert header[3] == "'" + EVIL
    printed = station("report", "monthly", "--month", "2026-10", "-f", "csv", "--by", by)
    assert printed.stdout.splitlines()[0].split(",")[3] == "'" + EVIL


def test_a_station_named_like_a_formula_is_the_workbook_title_as_text(
    wbz: Invoke, tmp_path: Path
) -> None:
    station = '=HYPERLINK("http://x","y")'
    assert wbz("init", "--station", station, "--district", "长宁区").exit_code == 0
    out = tmp_path / "月报.xlsx"
    result = wbz("report", "monthly", "--month", "2026-10", "-f", "xlsx", "--out", out)
    assert result.exit_code == 0, result.stderr
    title = load_workbook(out)["月报"]["A1"]
    assert title.data_type == "s"
    assert str(title.value).startswith(station)


def test_a_community_named_like_a_formula_is_text_in_the_workbook(
    station: Invoke, tmp_path: Path
) -> None:
    result = station(
        "register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11), "-c", "孤儿",
        "--community", EVIL, "--on", "2026-10-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "月报.xlsx"
    result = station("report", "monthly", "--month", "2026-10", "-f", "xlsx", "--out", out)
    assert result.exit_code == 0, result.stderr
    cell = load_workbook(out)["按社区"]["A2"]
    assert (cell.value, cell.data_type) == (EVIL, "s")
