"""Goods and wishes given (温暖包、心愿, ``wbz give``)."""

from __future__ import annotations

from wbz_cli.domain.enums import LabeledEnum


class GiftKind(LabeledEnum):
    """物资心愿类型"""

    GOODS = ("goods", "物资", ("温暖包", "慰问品"))
    WISH = ("wish", "心愿", ("微心愿",))
