"""ID area codes: a code that exists in any year is valid; one not yet in use in the birth
year is accepted and flagged (a warning for a child), and a code that never existed is refused."""

from __future__ import annotations

import pytest
from tests.conftest import make_id

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.idnumber import area_code_warning, parse_id_number

# 370682 莱阳市: in stdnum's table from 1989 on
LAIYANG_1985 = make_id("1985-03-02", 15, "370682")
LAIYANG_2015 = make_id("2015-03-02", 15, "370682")


def test_a_code_created_after_the_birth_year_is_valid_and_flagged() -> None:
    info = parse_id_number(LAIYANG_1985)
    assert info.number == LAIYANG_1985
    assert not info.area_in_use
    warning = area_code_warning(info)
    assert warning is not None
    assert "该地区码在出生年份" in warning and "尚未启用" in warning
    assert "370682" in warning and "1985" in warning
    assert "不存在" not in warning


def test_a_code_in_use_in_the_birth_year_has_no_warning() -> None:
    info = parse_id_number(LAIYANG_2015)
    assert info.area_in_use
    assert area_code_warning(info) is None


def test_a_code_no_longer_in_use_is_still_valid() -> None:
    # 110103 崇文区 until 2010: someone born there in 2015 keeps a valid-looking number
    info = parse_id_number(make_id("2015-06-01", 3, "110103"))
    assert not info.area_in_use


@pytest.mark.parametrize("area", ["999999", "119999"])
def test_a_code_that_never_existed_is_refused(area: str) -> None:
    with pytest.raises(InvalidInput, match=f"地区码 {area} 不存在"):
        parse_id_number(make_id("2015-06-01", 3, area))
