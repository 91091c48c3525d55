"""Masking by key name on screen and in files (issue 26: mutants of cli/terminal.py's masks).

Every key that holds an ID number (``id_number`` or ending ``_id_number``) or a phone (``phone``
or ending ``_phone``) is masked at any depth, in rows of plain values and in nested records,
unless the user asked to reveal; other keys are shown as they are."""

from __future__ import annotations

from typing import Any

import pytest

from wbz_cli.cli.terminal import masked, masked_rows

ID = "310105201506010011"
ID_SHOWN = "310105***********1"
PHONE = "13812345678"
PHONE_SHOWN = "138****5678"


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("id_number", ID, ID_SHOWN),
        ("guardian_id_number", ID, ID_SHOWN),
        ("head_id_number", ID, ID_SHOWN),
        ("phone", PHONE, PHONE_SHOWN),
        ("guardian_phone", PHONE, PHONE_SHOWN),
        ("worker_phone", PHONE, PHONE_SHOWN),
        ("id_numbers", ID, ID),  # not a key that holds one number
        ("id_number_note", ID, ID),
        ("phonetic", PHONE, PHONE),
        ("telephone", PHONE, PHONE),  # only ``phone`` or ``..._phone``
        ("name", ID, ID),
        ("code", "C000001", "C000001"),
    ],
)
def test_a_key_masks_its_value_by_its_name(key: str, value: str, shown: str) -> None:
    assert masked({key: value}, reveal=False) == {key: shown}
    assert masked_rows([{key: value}], reveal=False) == [{key: shown}]
    assert masked({key: value}, reveal=True) == {key: value}
    assert masked_rows([{key: value}], reveal=True) == [{key: value}]


def test_numbers_are_masked_at_any_depth() -> None:
    record: dict[str, Any] = {
        "child": "C000001",
        "guardians": [{"name": "王大明", "guardian_id_number": ID, "phone": PHONE}],
        "household": {"head_id_number": ID, "members": ({"id_number": ID},)},
        "count": 2,
        "id_number": None,
    }
    assert masked(record, reveal=False) == {
        "child": "C000001",
        "guardians": [{"name": "王大明", "guardian_id_number": ID_SHOWN, "phone": PHONE_SHOWN}],
        "household": {"head_id_number": ID_SHOWN, "members": [{"id_number": ID_SHOWN}]},
        "count": 2,
        "id_number": None,
    }
    assert masked_rows([record], reveal=False) == [masked(record, reveal=False)]
    assert record["guardians"][0]["phone"] == PHONE  # the caller's record is left alone


def test_rows_with_nested_lists_and_other_shapes_are_masked() -> None:
    rows: list[Any] = [
        {"id_number": ID, "phones": [PHONE]},  # a list of plain values: kept as it is
        {"id_number": ID, "members": [{"phone": PHONE}]},
        [{"phone": PHONE}],
        "text",
        {"phone": 13812345678},  # a number, not text: nothing to mask
    ]
    assert masked_rows(rows, reveal=False) == [
        {"id_number": ID_SHOWN, "phones": [PHONE]},
        {"id_number": ID_SHOWN, "members": [{"phone": PHONE_SHOWN}]},
        [{"phone": PHONE_SHOWN}],
        "text",
        {"phone": 13812345678},
    ]


def test_rows_with_the_same_keys_are_each_masked() -> None:
    rows = [{"name": "甲", "phone": PHONE}, {"name": "乙", "phone": "13900001111"}]
    assert masked_rows(rows, reveal=False) == [
        {"name": "甲", "phone": PHONE_SHOWN},
        {"name": "乙", "phone": "139****1111"},
    ]


def test_keys_that_are_not_text_are_never_masked() -> None:
    assert masked({1: ID, None: PHONE}, reveal=False) == {1: ID, None: PHONE}
    assert masked_rows([{1: ID}], reveal=False) == [{1: ID}]


def test_a_read_only_mapping_is_masked_too() -> None:
    from types import MappingProxyType

    assert masked(MappingProxyType({"phone": PHONE}), reveal=False) == {"phone": PHONE_SHOWN}
    assert masked_rows([MappingProxyType({"phone": PHONE})], reveal=False) == [
        {"phone": PHONE_SHOWN}
    ]


def test_a_row_whose_only_value_is_a_nested_record_is_masked() -> None:
    rows = [{"household": {"head_phone": PHONE}}, {"members": [{"id_number": ID}]}]
    assert masked_rows(rows, reveal=False) == [
        {"household": {"head_phone": PHONE_SHOWN}},
        {"members": [{"id_number": ID_SHOWN}]},
    ]
