"""wbz register: every category, the ID checks, the age rules, duplicates, households."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.domain.enums import Category


def register(wbz: Invoke, *extra: str, id_number: str | None = None, name: str = "王小明"):
    return wbz(
        "register", "--name", name, "--id-number", id_number or make_id("2015-06-01", 11), *extra
    )


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("category", list(Category))
def test_each_category_registers_by_key_and_by_label(station: Invoke, category: Category) -> None:
    by_key = register(station, "--category", category.value, id_number=make_id("2015-06-01", 11))
    by_label = register(station, "--category", category.label, id_number=make_id("2015-06-01", 13))
    assert (by_key.exit_code, by_label.exit_code) == (0, 0), by_key.stderr + by_label.stderr
    assert by_key.stdout.strip() == "C000001"
    assert by_label.stdout.strip() == "C000002"
    listed = station("children", "--category", category.label, "--format", "json").json()
    assert [c["child"] for c in listed] == ["C000001", "C000002"]
    assert all(c["categories"] == [category.value] for c in listed)


def test_birth_date_and_gender_come_from_the_id_number(station: Invoke) -> None:
    register(station, "-c", "孤儿", id_number=make_id("2014-09-10", 670, "320506"))
    child = station("show", "C000001", "--format", "json", "--reveal").json()
    assert child["birth_date"] == "2014-09-10"
    assert child["gender"] == "F"
    assert child["age"] == 12
    assert child["id_number"] == make_id("2014-09-10", 670, "320506")


def test_lower_case_x_and_full_width_input_are_stored_normalised(station: Invoke) -> None:
    number = "65010520210710068X"
    result = register(station, "-c", "difficult", id_number="６５０１０５２０２１０７１００６８ｘ")
    assert result.exit_code == 0, result.stderr
    assert station("show", number, "--format", "json", "--reveal").json()["id_number"] == number


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("320111202303098515", "校验位错误"),
        ("3201112023030985", "应为 18 位"),
        ("3.20111E+17", "Excel"),
    ],
)
def test_bad_id_numbers_are_refused_saying_which_check(
    station: Invoke, db_path: Path, number: str, message: str
) -> None:
    result = register(station, "-c", "orphan", id_number=number)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert rows(db_path, "SELECT count(*) FROM children") == [(0,)]


def test_adult_is_refused(station: Invoke, db_path: Path) -> None:
    result = register(station, "-c", "orphan", id_number=make_id("2008-11-24", 11))
    assert result.exit_code == 1
    assert "已满 18 周岁" in result.stderr
    ok = register(station, "-c", "orphan", id_number=make_id("2008-11-25", 11))
    assert ok.exit_code == 0, ok.stderr


def test_age_is_judged_on_the_registration_date(station: Invoke) -> None:
    number = make_id("2008-11-24", 11)
    late = register(station, "-c", "orphan", "--on", "2026-11-24", id_number=number)
    assert late.exit_code == 1
    early = register(station, "-c", "orphan", "--on", "2026-11-23", id_number=number)
    assert early.exit_code == 0, early.stderr


@pytest.mark.parametrize("category", ["left_behind", "流动儿童"])
def test_left_behind_and_migrant_need_the_child_under_16(station: Invoke, category: str) -> None:
    sixteen = register(station, "-c", category, id_number=make_id("2010-11-24", 11))
    assert sixteen.exit_code == 1
    assert "未满 16 周岁" in sixteen.stderr
    younger = register(station, "-c", category, id_number=make_id("2010-11-25", 11))
    assert younger.exit_code == 0, younger.stderr


def test_same_id_number_twice_names_the_existing_child(station: Invoke, db_path: Path) -> None:
    number = make_id("2015-06-01", 11)
    assert register(station, "-c", "orphan", id_number=number).exit_code == 0
    again = register(station, "-c", "disabled", id_number=number, name="别的名字")
    assert again.exit_code == 1
    assert "C000001" in again.stderr
    assert rows(db_path, "SELECT count(*) FROM children") == [(1,)]


def test_unknown_category_is_refused_listing_the_choices(station: Invoke) -> None:
    result = register(station, "-c", "孤独儿童")
    assert result.exit_code == 1
    assert "儿童类别“孤独儿童”无效" in result.stderr
    assert "left_behind（农村留守儿童）" in result.stderr


def test_a_category_is_required(station: Invoke) -> None:
    result = register(station)
    assert result.exit_code == 1
    assert "至少需要一个类别" in result.stderr


def test_registration_in_the_future_is_refused(station: Invoke) -> None:
    result = register(station, "-c", "orphan", "--on", "2026-11-25")
    assert result.exit_code == 1
    assert "晚于今天" in result.stderr


def test_register_needs_an_initialised_database(wbz: Invoke, db_path: Path) -> None:
    result = register(wbz, "-c", "orphan")
    assert result.exit_code == 1
    assert "wbz init" in result.stderr
    assert not db_path.exists()


def test_child_attached_to_an_existing_household(station: Invoke) -> None:
    register(
        station,
        "-c",
        "orphan",
        "--guardian",
        "李桂英",
        "--relation",
        "祖母",
        "--guardian-phone",
        "13812345678",
        "--address",
        "华阳路1弄1号",
        "--income-status",
        "低保",
        id_number=make_id("2015-06-01", 11),
    )
    sibling = register(
        station,
        "-c",
        "orphan",
        "--household",
        "H000001",
        name="王小红",
        id_number=make_id("2017-03-02", 22),
    )
    assert sibling.exit_code == 0, sibling.stderr
    household = station("household", "show", "H000001", "--format", "json").json()
    assert [c["child"] for c in household["children"]] == ["C000001", "C000002"]
    assert household["income_status"] == "dibao"
    assert household["guardians"][0]["phone"] == "138****5678"
    missing = register(
        station, "-c", "orphan", "--household", "H000099", id_number=make_id("2017-03-04", 22)
    )
    assert missing.exit_code == 1
    assert "H000099" in missing.stderr


def test_bad_guardian_phone_is_refused(station: Invoke) -> None:
    result = register(station, "-c", "orphan", "--guardian", "李四", "--guardian-phone", "12345")
    assert result.exit_code == 1
    assert "监护人电话" in result.stderr
