"""Identity numbers: each check that can fail says which one failed."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import make_id

from wbz_cli.domain.enums import Gender
from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.idnumber import looks_cut_by_excel, parse_id_number


def test_valid_number_gives_birth_date_and_gender() -> None:
    info = parse_id_number("320111202303098514")
    assert info.birth_date == date(2023, 3, 9)
    assert info.gender is Gender.MALE
    assert parse_id_number(make_id("2014-09-10", 670, "320506")).gender is Gender.FEMALE


def test_lower_case_x_is_stored_upper_case() -> None:
    assert parse_id_number("65010520210710068x").number == "65010520210710068X"


def test_full_width_digits_and_spaces_are_normalised() -> None:
    full = "３２０１１１ ２０２３０３０９　８５１４"
    assert parse_id_number(full).number == "320111202303098514"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("320111202303098515", "校验位错误"),
        ("32011120230309851", "应为 18 位"),
        ("32011120230309851A", "只能由数字组成"),
        ("", "为空"),
        (make_id("2023-03-09", 851, "999999"), "地区码"),
    ],
)
def test_each_failure_names_its_check(raw: str, fragment: str) -> None:
    with pytest.raises(InvalidInput, match=fragment):
        parse_id_number(raw)


def test_impossible_birth_date_is_refused() -> None:
    bad = make_id("2023-02-28", 1).replace("20230228", "20230230")
    first17 = bad[:17]
    from wbz_cli.domain.idnumber import check_digit

    with pytest.raises(InvalidInput, match="出生日期 2023-02-30 不存在"):
        parse_id_number(first17 + check_digit(first17))


@pytest.mark.parametrize("raw", [3.10105201101241e17, "3.10105E+17", "310105201101240000.0"])
def test_numbers_cut_by_excel_are_refused_with_the_reason(raw: object) -> None:
    assert looks_cut_by_excel(raw)
    with pytest.raises(InvalidInput, match="Excel"):
        parse_id_number(raw)


@given(st.text(max_size=30))
def test_any_text_is_either_valid_or_our_error(text: str) -> None:
    try:
        info = parse_id_number(text)
    except InvalidInput:
        return
    assert len(info.number) == 18
