"""What the masks show at each length boundary (issue 26: mutants of domain/privacy.py).

A mask a user reads must hide the birth date and sequence digits of an ID number and the middle
of a phone at every length, including the lengths where the rule changes."""

from __future__ import annotations

import pytest

from wbz_cli.domain.privacy import mask_id, mask_key, mask_name, mask_phone


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (None, ""),
        ("", ""),
        ("3", "3"),
        ("31", "31"),
        ("310", "31*"),
        ("3101052010", "31********"),  # ten characters: the first two only
        ("31010520100", "310105*****"),  # eleven: the first six
        ("31010520100101123", "310105***********"),  # seventeen
        ("310105201001011234", "310105***********4"),  # eighteen: area code and check
        ("31010520100101123X", "310105***********X"),
        ("3101052010010112345", "310105*************"),  # nineteen
    ],
)
def test_an_id_number_shows_only_what_its_length_allows(number: str | None, shown: str) -> None:
    assert mask_id(number) == shown


@pytest.mark.parametrize(
    ("phone", "shown"),
    [
        (None, ""),
        ("", ""),
        ("5", "5"),
        ("56", "56"),
        ("567", "*67"),
        ("1381234567", "********67"),  # ten digits: the last two only
        ("13812345678", "138****5678"),  # eleven: first three, last four
        ("013812345678", "013*****5678"),  # twelve
    ],
)
def test_a_phone_shows_only_what_its_length_allows(phone: str | None, shown: str) -> None:
    assert mask_phone(phone) == shown


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("C000123", "C000123"),  # a child's code as typed
        ("c12", "c12"),
        (" C000123 ", "C000123"),
        ("张小明", "张小明"),  # a name typed by mistake
        ("12345", "12345"),  # five digits: not a number worth hiding
        ("123456", "12****"),  # six digits: masked
        ("310105201001011234", "310105***********4"),
        (" 31010520100101123x ", "310105***********X"),
        ("C1234567", "C1234567"),
        ("X123456", "X1*****"),
    ],
)
def test_a_childs_key_in_a_message_is_masked_when_it_may_be_a_number(key: str, shown: str) -> None:
    assert mask_key(key) == shown


@pytest.mark.parametrize(
    ("name", "shown"), [(None, ""), ("", ""), ("张", "张"), ("张小明", "张**")]
)
def test_a_name_in_a_log_keeps_its_first_character(name: str | None, shown: str) -> None:
    assert mask_name(name) == shown
