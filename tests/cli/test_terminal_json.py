"""The fast JSON writer for listings gives exactly the text of json.dumps(indent=2)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wbz_cli.cli.terminal import _json_default, dump_json, masked, masked_rows

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(),
    st.dates(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
)
values = st.recursive(scalars, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner))
rows = st.lists(st.dictionaries(st.text(), values))


@given(rows)
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_listing_text_is_what_json_dumps_indent_2_gives(data: list[dict[str, object]]) -> None:
    expected = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)
    assert dump_json(data) == expected


def test_dates_money_and_newlines_in_rows() -> None:
    data = [{"d": date(2026, 11, 24), "m": Decimal("4696300.00"), "t": "两行\n文字"}, {}]
    assert json.loads(dump_json(data)) == [
        {"d": "2026-11-24", "m": "4696300.00", "t": "两行\n文字"},
        {},
    ]


keys = st.sampled_from(["id_number", "head_id_number", "phone", "guardian_phone", "name", "row"])
records = st.lists(st.dictionaries(keys | st.text(max_size=3), values, max_size=6))


@given(records)
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # a busy 2-core machine
def test_masked_rows_masks_as_masked_does(data: list[dict[str, object]]) -> None:
    assert masked_rows(data, False) == [masked(row, False) for row in data]
    assert masked_rows(data, True) == data


def test_masked_rows_masks_ids_and_phones_in_flat_rows_and_leaves_the_input_alone() -> None:
    data = [
        {"name": "王小明", "id_number": "310105201506010011", "children": ["C000001"]},
        {"name": "王大明", "guardian_phone": "13812345678", "note": None},
    ]
    assert masked_rows(data, False) == [
        {"name": "王小明", "id_number": "310105***********1", "children": ["C000001"]},
        {"name": "王大明", "guardian_phone": "138****5678", "note": None},
    ]
    assert data[0]["id_number"] == "310105201506010011"
