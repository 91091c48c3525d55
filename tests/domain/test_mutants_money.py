"""Money at its edges (issue 26: mutants of domain/money.py).

A spreadsheet's number cell that Python writes in exponent form is read as the amount it is
(refused as too large or too precise, not as "not an amount"); a Decimal in exponent form (what
``normalize()`` makes of a round amount) is that amount; a negative total (a correction that
takes back more than was paid) keeps its minus sign on screen and in JSON."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.money import MAX_FEN, format_fen, format_fen_grouped, parse_yuan


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (1e16, "发放金额“1e+16”过大（超过 100,000,000,000 元），请核对金额"),
        (1e-05, "发放金额“1e-05”超过两位小数，金额只能精确到分（如 1234.56）"),
    ],
)
def test_a_number_cell_in_exponent_form_is_refused_for_what_it_is(
    cell: float, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_yuan(cell, "发放金额")
    assert str(refused.value) == message


def test_a_decimal_in_exponent_form_is_the_amount_it_holds() -> None:
    assert parse_yuan(Decimal("500.00").normalize()) == 50000  # Decimal("5E+2")
    assert parse_yuan(Decimal("1E+3")) == 100000


@pytest.mark.parametrize(
    ("fen", "plain", "grouped"),
    [
        (-5, "-0.05", "-0.05"),
        (-100, "-1.00", "-1.00"),
        (-123456789, "-1234567.89", "-1,234,567.89"),
    ],
)
def test_a_negative_amount_keeps_its_sign(fen: int, plain: str, grouped: str) -> None:
    assert format_fen(fen) == plain
    assert format_fen_grouped(fen) == grouped


@given(st.integers(min_value=-MAX_FEN, max_value=MAX_FEN))
def test_the_grouped_form_is_the_plain_form_with_commas(fen: int) -> None:
    assert format_fen_grouped(fen).replace(",", "") == format_fen(fen)
    assert Decimal(format_fen(fen)) * 100 == fen
