"""ID numbers as they arrive from spreadsheets (issue 26: mutants of domain/idnumber.py).

What a user notices: the message a refused number gets (an Excel-cut number is told so, a
stray character is named as one), the number a valid one is stored as, and whether its area
code gets the "not yet in use" warning."""

from __future__ import annotations

import pytest
from tests.conftest import make_id

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.idnumber import (
    EXCEL_CUT_MESSAGE,
    area_code_warning,
    looks_cut_by_excel,
    number_of,
    parse_id_number,
)

VALID = "320111202303098514"


@pytest.mark.parametrize(
    "raw",
    [
        320111202303098514,  # an int of 18 digits: Excel cut it to 15 significant ones
        3201112023030985,  # 16 digits
        12345.5,  # any float: the cell was a number
        3.2e17,
    ],
)
def test_a_number_cell_is_refused_as_cut_by_excel(raw: object) -> None:
    assert looks_cut_by_excel(raw)
    with pytest.raises(InvalidInput) as err:
        parse_id_number(raw)
    assert err.value.message == EXCEL_CUT_MESSAGE


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (320111202303098, "身份证号应为 18 位，现为 15 位，请核对"),  # 15 digits: kept whole
        (True, "身份证号应为 18 位，现为 4 位，请核对"),  # a tick box, not a number
    ],
)
def test_a_short_number_cell_is_told_its_length(raw: object, message: str) -> None:
    assert not looks_cut_by_excel(raw)
    with pytest.raises(InvalidInput) as err:
        parse_id_number(raw)
    assert err.value.message == message


def test_a_full_width_colon_is_a_stray_character_not_a_digit() -> None:
    with pytest.raises(InvalidInput) as err:
        parse_id_number("32011120230309851：")
    assert err.value.message == "身份证号只能由数字组成，最后一位可以是 X，请核对"


def test_every_full_width_digit_becomes_its_ascii_digit() -> None:
    assert parse_id_number("３２０１１１２０２３０３０９８５１４").number == VALID
    first17 = "１２３４５６７８９０"  # each of the ten once
    assert number_of(first17) == "1234567890"


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        (VALID, VALID),
        (" 320111 20230309 8514 ", VALID),
        ("65010520210710068x", "65010520210710068X"),
        (None, ""),
        (320111202303098514, VALID),  # an int: looked up as its digits
    ],
)
def test_the_number_looked_up_before_checking_is_the_one_stored(raw: object, number: str) -> None:
    assert number_of(raw) == number


def test_a_code_in_use_in_the_birth_year_gets_no_warning() -> None:
    info = parse_id_number(make_id("2023-03-09", 851, "320111"))
    assert info.area_in_use
    assert area_code_warning(info) is None
    info = parse_id_number(make_id("1995-12-31", 851, "110101"))
    assert info.area_in_use
    assert area_code_warning(info) is None
