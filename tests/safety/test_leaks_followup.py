"""Messages that repeated what was typed: a mistyped phone number and an ID number given as
the second child of a merge are now shown masked, with what is wrong still said."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.domain.privacy import mask_id


def shows_any_six_digits_of(number: str, text: str) -> bool:
    digits = "".join(c for c in number if c.isdigit())
    return any(digits[i : i + 6] in text for i in range(len(digits) - 5))


def children(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM children").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("phone", "said"),
    [
        ("1397654321", "位数不对（输入了 10 位）"),
        ("139765432109", "位数不对（输入了 12 位）"),
        ("13976a43210", "含有数字和“-”以外的字符"),
        ("021-765432", "区号 3 位、号码 6 位"),
        ("23976543210", "11 位的手机号应以 1 开头"),
    ],
)
def test_a_mistyped_phone_is_masked_in_its_message_which_says_what_is_wrong(
    station: Invoke, db_path: Path, phone: str, said: str
) -> None:
    args = ["--name", "王小明", "--id-number", make_id("2015-06-01", 11), "-c", "orphan"]
    result = station("register", *args, "--guardian", "王大山", "--guardian-phone", phone)
    assert result.exit_code == 1
    assert said in result.stderr and "手机号 11 位" in result.stderr
    assert not shows_any_six_digits_of(phone, result.stdout + result.stderr), result.stderr
    assert children(db_path) == 0


def test_an_imported_row_with_a_mistyped_phone_is_refused_without_showing_it(
    station: Invoke, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "姓名,身份证号码,儿童类别,监护人姓名,监护人联系电话\n"
        f"王小明,{make_id('2015-06-01', 11)},孤儿,王大山,1397654321\n",
        encoding="utf-8",
    )
    result = station("import", "roster", str(roster))
    assert "位数不对（输入了 10 位）" in result.stdout, result.stdout + result.stderr
    assert not shows_any_six_digits_of("1397654321", result.stdout + result.stderr)


def test_merging_a_child_with_itself_by_id_number_masks_the_number(station: Invoke) -> None:
    number = make_id("2015-06-01", 11)
    assert (
        station("register", "--name", "王小明", "--id-number", number, "-c", "orphan").exit_code
        == 0
    )
    for key in (number, f" {number.lower()} "):
        result = station("merge", "C000001", key, "--yes")
        assert result.exit_code == 1
        assert f"C000001 和 {mask_id(number)} 是同一名儿童" in result.stderr, result.stderr
        assert number not in result.stderr.upper() and number[6:14] not in result.stderr
    by_code = station("merge", "C000001", "c000001", "--yes")
    assert by_code.exit_code == 1 and "C000001 和 c000001 是同一名儿童" in by_code.stderr


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (("show",), ()),
        (("visit", "list"), ()),
        (("visit", "add"), ("--mode", "home")),
        (("merge", "C000001"), ("--yes",)),
    ],
)
def test_an_id_number_no_child_has_is_masked_in_the_not_found_message(
    station: Invoke, before: tuple[str, ...], after: tuple[str, ...]
) -> None:
    registered = make_id("2015-06-01", 11)
    assert (
        station("register", "--name", "王小明", "--id-number", registered, "-c", "orphan").exit_code
        == 0
    )
    unknown = make_id("2014-03-02", 21)
    result = station(*before, unknown, *after)
    assert result.exit_code == 1
    assert f"找不到儿童“{mask_id(unknown)}”" in result.stderr, result.stderr
    assert unknown not in result.stderr and unknown[6:14] not in result.stderr
    # A code, or a name no child has (王小明 is a name CHILD now takes, stop 30): as typed.
    for typed in ("C000404", "张三"):
        assert f"找不到儿童“{typed}”" in station(*before, typed, *after).stderr
