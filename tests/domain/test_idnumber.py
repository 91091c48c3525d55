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


@given(
    st.text("0123456789", min_size=8, max_size=8)
    | st.dates().map(lambda d: f"{d.year:04d}{d.month:02d}{d.day:02d}")
)
def test_the_birth_date_digits_are_read_as_year_month_day(digits: str) -> None:
    """Any 8 digits give the day they name (YYYYMMDD), or the error when there is none."""
    from wbz_cli.domain.idnumber import _birth_date

    try:
        expected: date | None = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        expected = None
    if expected is None:
        with pytest.raises(InvalidInput, match="出生日期"):
            _birth_date(digits)
    else:
        assert _birth_date(digits) == expected


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


def test_area_codes_are_those_stdnum_knows_for_the_birth_year() -> None:
    """The area-code table read from stdnum's cn/loc.dat agrees with stdnum.cn.ric for every
    code in it, in the years around each change, and for codes it does not have."""
    from stdnum.cn import ric
    from stdnum.exceptions import ValidationError

    from wbz_cli.domain.idnumber import _area_code_known, _area_spans, _area_table

    def stdnum_knows(area: str, year: int) -> bool:
        try:
            ric.get_birth_place(f"{area}{year:04d}01010000")
        except ValidationError:
            return False
        except KeyError:  # a province without that county: stdnum fails, we refuse it
            return False
        return True

    table = _area_table()
    assert len(table) > 6000
    for area in table:
        spans = _area_spans(area)
        assert spans, area
        years = {2026} | {y + d for span in spans for y in span for d in (-1, 0, 1)}
        for year in sorted(y for y in years if 1900 <= y <= 2100):
            assert _area_code_known(f"{area}{year:04d}") == stdnum_knows(area, year), (area, year)
    for area in ("119999", "999999", "000000", "310100"):
        assert _area_code_known(f"{area}2010") == stdnum_knows(area, 2010), area


def test_an_unknown_county_of_a_known_province_is_refused() -> None:
    with pytest.raises(InvalidInput, match="地区码 119999 不存在"):
        parse_id_number(make_id("2015-06-01", 3, "119999"))
