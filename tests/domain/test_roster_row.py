"""The roster row parser: the roster's own rules, and random cells never crash it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.conftest import make_id

from wbz_cli.domain.enums import Category, Gender
from wbz_cli.domain.errors import InvalidInput, RuleViolation, WbzError
from wbz_cli.domain.idnumber import EXCEL_CUT_MESSAGE
from wbz_cli.domain.roster import merge_rows, parse_roster_row, roster_date, split_categories

TODAY = date(2026, 11, 24)
BOY = make_id("2015-06-01", 11)
FIELDS = (
    "name",
    "id_number",
    "gender",
    "birth_date",
    "categories",
    "subtype",
    "community",
    "guardian",
    "relation",
    "guardian_phone",
    "guardian_situation",
    "address",
    "income_status",
    "risk",
    "worker",
    "registered_on",
)


def parse(**cells: object):
    base: dict[str, object] = {"name": "王小明", "id_number": BOY, "categories": "孤儿"}
    return parse_roster_row({**base, **cells}, on=TODAY, today=TODAY)


def test_blank_gender_and_birth_come_from_the_id_number() -> None:
    child = parse(gender="", birth_date=None)
    assert child.info.gender is Gender.MALE
    assert child.info.birth_date == date(2015, 6, 1)


@pytest.mark.parametrize(
    "birth",
    ["2015-06-01", "2015.6.1", "2015/6/1", "2015年6月1日", "20150601", 20150601.0,
     date(2015, 6, 1), datetime(2015, 6, 1), 42156.0],
)  # fmt: skip
def test_every_roster_date_format_is_read(birth: object) -> None:
    assert parse(birth_date=birth).info.birth_date == date(2015, 6, 1)


def test_birth_date_column_must_agree_with_the_id_number() -> None:
    with pytest.raises(InvalidInput, match="不一致"):
        parse(birth_date="2015.6.2")


def test_gender_column_must_agree_with_the_id_number() -> None:
    with pytest.raises(InvalidInput, match="第 17 位"):
        parse(gender="女")
    assert parse(gender="男").info.gender is Gender.MALE


@pytest.mark.parametrize("raw", [3.10105201506011e17, "3.10105E+17", "310105201506011000.0"])
def test_an_id_number_excel_turned_into_a_number_is_refused(raw: object) -> None:
    with pytest.raises(InvalidInput) as err:
        parse(id_number=raw)
    assert EXCEL_CUT_MESSAGE in err.value.message


@pytest.mark.parametrize("sep", ["、", ",", "，", ";", "；", "/", " ", "\u3000", "/ "])
def test_several_categories_in_one_cell(sep: str) -> None:
    assert split_categories(f"困境儿童{sep}留守儿童") == (Category.DIFFICULT, Category.LEFT_BEHIND)


def test_every_problem_of_a_row_is_named() -> None:
    with pytest.raises(InvalidInput) as err:
        parse(name="", categories="外星儿童", guardian_phone="12")
    text = err.value.message
    assert "姓名" in text and "儿童类别" in text and "监护人电话" in text


def test_age_rules_of_register_apply() -> None:
    with pytest.raises(RuleViolation, match="18 周岁"):
        parse(id_number=make_id("2007-11-24", 11))
    with pytest.raises(RuleViolation, match="16 周岁"):
        parse(id_number=make_id("2010-11-24", 11), categories="流动儿童")
    assert parse(id_number=make_id("2010-11-25", 11), categories="流动儿童")


def test_a_registration_date_column_is_used_and_checked() -> None:
    assert parse(registered_on="2026.3.1").registered_on == date(2026, 3, 1)
    with pytest.raises(InvalidInput, match="晚于今天"):
        parse(registered_on="2026-12-01")
    with pytest.raises(InvalidInput, match="晚于登记日期"):
        parse(registered_on="2015-05-01")


def test_merging_fills_blanks_and_adds_categories_but_reports_conflicts() -> None:
    a = parse(community="华阳")
    b = parse(categories="残疾儿童", guardian="王父")
    merged, conflicts = merge_rows(a, b)
    assert conflicts == []
    assert merged.categories == (Category.ORPHAN, Category.DISABLED)
    assert (merged.community, merged.guardian) == ("华阳", "王父")
    _, conflicts = merge_rows(a, parse(community="飞乐", name="王晓明"))
    assert conflicts == ["姓名", "所在社区"]


CELL = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
)
ID_TEXT = st.one_of(
    st.text(alphabet="0123456789xX０１２３４５６７８９ｘ -eE.+\u3000", min_size=0, max_size=22),
    st.text(max_size=20),
    st.text(alphabet="0123456789²¹³٣١٠५", min_size=18, max_size=18),
    st.builds(
        lambda b, s: make_id(b.isoformat(), s),
        st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 11, 24)),
        st.integers(min_value=0, max_value=999),
    ),
)
DATE_TEXT = st.one_of(
    st.from_regex(r"\d{1,5}[-./年]\d{1,3}[-./月]\d{1,3}日?", fullmatch=True),
    st.from_regex(r"\d{6,9}", fullmatch=True),
)


@settings(max_examples=400, deadline=None)
@given(st.fixed_dictionaries({}, optional={f: CELL for f in FIELDS}))
def test_random_cells_raise_only_the_projects_validation_error(cells: dict) -> None:
    try:
        child = parse_roster_row(cells, on=TODAY, today=TODAY)
    except WbzError:
        return
    assert child.name and child.registered_on <= TODAY


@settings(max_examples=400, deadline=None)
@example("²" * 18, None, None)
@example("٣١٠١٠٥٢٠١٥٠٦٠١٠١١٣", None, None)
@given(ID_TEXT, st.one_of(CELL, DATE_TEXT), st.one_of(CELL, st.sampled_from(["男", "女", "M"])))
def test_random_ids_dates_and_genders_raise_only_the_projects_error(
    id_number: object, birth: object, gender: object
) -> None:
    cells = {"name": "王小明", "categories": "困境儿童", "id_number": id_number,
             "birth_date": birth, "gender": gender}  # fmt: skip
    try:
        child = parse_roster_row(cells, on=TODAY, today=TODAY)
    except WbzError:
        return
    assert len(child.info.number) == 18
    assert child.info.birth_date <= TODAY


@settings(max_examples=300, deadline=None)
@given(st.one_of(CELL, DATE_TEXT))
def test_random_date_cells_give_a_date_or_the_projects_error(value: object) -> None:
    try:
        result = roster_date(value, "出生日期")
    except WbzError:
        return
    assert isinstance(result, date) and not isinstance(value, time | timedelta)
