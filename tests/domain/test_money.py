"""Money in integer fen: parsing what people type, formatting, exact sums."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.money import format_fen, format_fen_grouped, parse_yuan


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1234.5", 123450),
        ("1,234.50", 123450),
        ("1234.50元", 123450),
        ("￥1,500", 150000),
        ("１２３４．５６", 123456),
        (" 0.01 ", 1),
        ("12.", 1200),
        (".5", 50),
        ("4,696,300.00", 469630000),
        (1500, 150000),
        (Decimal("12.34"), 1234),
        (1234.5, 123450),  # a spreadsheet cell: read through its shortest repr
    ],
)
def test_accepted_amounts(text: object, fen: int) -> None:
    assert parse_yuan(text) == fen


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.234", "超过两位小数"),
        ("0.001", "超过两位小数"),
        (0.1 + 0.2, "超过两位小数"),
        ("-5", "负数"),
        (Decimal("-1"), "负数"),
        ("", "为空"),
        ("一百元", "不是金额"),
        ("1,23,4", "千位分隔符"),
        ("12,34.5", "千位分隔符"),
        ("1e3", "不是金额"),
        ("nan", "不是金额"),
        (float("inf"), "不是金额"),
        (True, "不是金额"),
        ("100000000000.01", "过大"),
        ("9" * 40, "过大"),
    ],
)
def test_refused_amounts(text: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_yuan(text)


def test_format() -> None:
    assert format_fen(469630000) == "4696300.00"
    assert format_fen(5) == "0.05"
    assert format_fen(0) == "0.00"
    assert format_fen_grouped(469630000) == "4,696,300.00"
    assert format_fen_grouped(99) == "0.99"
    with pytest.raises(TypeError):
        format_fen(1.5)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**13))
def test_round_trip(fen: int) -> None:
    assert parse_yuan(format_fen(fen)) == fen
    assert parse_yuan(format_fen_grouped(fen)) == fen
    assert parse_yuan(format_fen(fen) + "元") == fen


@given(st.lists(st.integers(min_value=1, max_value=10**8), max_size=200))
def test_sums_are_exact(amounts: list[int]) -> None:
    texts = [format_fen(a) for a in amounts]
    total = sum(parse_yuan(t) for t in texts)
    assert Decimal(format_fen(total)) == sum((Decimal(t) for t in texts), Decimal(0))
