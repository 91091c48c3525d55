"""Money: 元 as people type it, integer fen in the database, "4696300.00" on the way out.

Never a float: text is parsed with Decimal; a float (a spreadsheet cell) is read through its
shortest repr, so 1234.5 is 123450 fen and 0.1 + 0.2 is refused for having too many decimals.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from wbz_cli.domain.errors import InvalidInput

_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")
_PLAIN = re.compile(r"^\d+(\.\d*)?$|^\.\d+$")
_STRIP = ("元", "人民币", "RMB", "rmb", "CNY", "¥", "￥")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
#: No amount a station records comes near 1,000 亿元; SQLite's integers (and their sums) do.
MAX_FEN = 10**13


def parse_yuan(raw: object, field: str = "金额") -> int:
    """``"1234.5"``, ``"1,234.50"``, ``"1234.50元"``, ``12`` or ``Decimal`` -> integer fen.

    Refuses blanks, negatives, more than two decimals and anything that is not a number.
    """
    if isinstance(raw, bool):
        raise InvalidInput(f"{field}“{raw}”不是金额，请填写元，如 1234.50")
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, float):
        value = _decimal(repr(raw), field, str(raw))
    else:
        text = str(raw if raw is not None else "").translate(_FULL_WIDTH).strip()
        shown = text
        for token in _STRIP:
            text = text.replace(token, "")
        text = text.replace(" ", "").replace("\u3000", "")
        if not text:
            raise InvalidInput(f"{field}为空，请填写元，如 1234.50")
        if text.startswith("-"):
            raise InvalidInput(f"{field}“{shown}”为负数，金额不能为负")
        if "," in text and not _GROUPED.match(text):
            raise InvalidInput(f"{field}“{shown}”的千位分隔符位置不对，请写成 1,234.50 或 1234.50")
        text = text.replace(",", "")
        if not _PLAIN.match(text):
            raise InvalidInput(f"{field}“{shown}”不是金额，请填写元，如 1234.50")
        value = _decimal(text, field, shown)
    if not value.is_finite():
        raise InvalidInput(f"{field}“{raw}”不是金额，请填写元，如 1234.50")
    if value < 0:
        raise InvalidInput(f"{field}“{raw}”为负数，金额不能为负")
    fen = value * 100
    if fen != fen.to_integral_value():
        raise InvalidInput(f"{field}“{raw}”超过两位小数，金额只能精确到分（如 1234.56）")
    if fen > MAX_FEN:
        raise InvalidInput(f"{field}“{raw}”过大（超过 {MAX_FEN // 100:,} 元），请核对金额")
    return int(fen)


def _decimal(text: str, field: str, shown: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InvalidInput(f"{field}“{shown}”不是金额，请填写元，如 1234.50") from None


def format_fen(fen: int) -> str:
    """Integer fen -> ``"4696300.00"`` (no grouping; JSON, CSV and Excel take it as it is)."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError("money is integer fen")
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan}.{cents:02d}"


def format_fen_grouped(fen: int) -> str:
    """``"4,696,300.00"`` for tables on screen."""
    text = format_fen(fen)
    whole, cents = text.split(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}.{cents}"
