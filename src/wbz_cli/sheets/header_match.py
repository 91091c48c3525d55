"""Finding a sheet's header row: header texts compared without width, spaces, colons or
brackets (``社区（村）`` is ``社区(村)`` is ``社区``), against each field's synonyms."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

_BRACKETED = re.compile(r"[(\[{【〔][^)\]}】〕]*[)\]}】〕]")
_BRACKETS = re.compile(r"[()\[\]{}【】〔〕<>《》]")
_DROP = re.compile(r"[\s*:：·.、]+")


def normalise_header(text: object) -> str:
    """Full-width to half-width, no spaces, line breaks, colons or asterisks: ``社区（村）`` ->
    ``社区(村)``."""
    value = unicodedata.normalize("NFKC", str(text if text is not None else ""))
    return _DROP.sub("", value).lower()


def _header_variants(text: object) -> list[str]:
    key = normalise_header(text)
    variants = [key]
    for other in (_BRACKETED.sub("", key), _BRACKETS.sub("", key)):
        if other and other not in variants:
            variants.append(other)
    return variants


def synonym_table(fields: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Normalised header text -> field key (the field key itself is also accepted)."""
    table: dict[str, str] = {}
    for key, synonyms in fields.items():
        for text in (key, *synonyms):
            for variant in _header_variants(text):
                table.setdefault(variant, key)
    return table


def match_header(raw: Sequence[object], table: Mapping[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(raw):
        if not isinstance(cell, str) or not cell.strip():
            continue
        for variant in _header_variants(cell):
            key = table.get(variant)
            if key is not None:
                found.setdefault(key, i)
                break
    return found


#: A group's name above its columns, without its ending: ``监护人信息`` -> ``监护人``.
_GROUP_ENDING = re.compile(r"(基本)?(信息|情况|资料)$")
#: Fields naming the person a row is about: read from a column under a group only when the
#: group is about that person (``儿童信息/姓名``), never under another (``监护人信息/姓名``).
IDENTITY_FIELDS = frozenset({"name", "id_number", "gender", "birth_date"})
_ABOUT_THE_CHILD = ("儿童", "未成年", "学生", "孩子", "本人", "基本")


def _text(cell: object) -> str:
    return cell.strip() if isinstance(cell, str) else ""


def spread_groups(upper: Sequence[object], lower: Sequence[object]) -> list[str]:
    """The upper row of a two-row header, each group's name spread over the columns below it:
    a cell left empty right of a group's name (a merged cell as a CSV or calamine gives it)
    takes that name, while the lower row has a header there."""
    tops: list[str] = []
    carried = ""
    for i in range(max(len(upper), len(lower))):
        top = _text(upper[i]) if i < len(upper) else ""
        if top:
            carried = top
        elif i < len(lower) and _text(lower[i]):
            top = carried
        tops.append(top)
    return tops


def joined_name(top: str, low: str) -> str:
    """A column's name in a two-row header: ``监护人信息/姓名``; one of them when the other is
    empty or the same (a cell merged over both rows)."""
    if not top or normalise_header(top) == normalise_header(low):
        return low
    return f"{top}/{low}" if low else top


def _lookup(text: str, table: Mapping[str, str]) -> str | None:
    for variant in _header_variants(text):
        key = table.get(variant)
        if key is not None:
            return key
    return None


def _joined_key(top: str, low: str, table: Mapping[str, str]) -> str | None:
    """The field of a column named ``top`` above ``low``: the joined name as a synonym
    (``--mapping`` may name ``监护人信息/姓名``), else the group's name before the lower one
    (``监护人`` + ``姓名`` is ``监护人姓名``), else the lower one alone, but for a field naming
    the person when the group is about someone else."""
    if not low or not top or normalise_header(top) == normalise_header(low):
        return _lookup(low or top, table) if (low or top) else None
    key = _lookup(f"{top}/{low}", table)
    if key is not None:
        return key
    group = _GROUP_ENDING.sub("", normalise_header(top))
    key = _lookup(group + low, table) if group else None
    if key is not None:
        return key
    key = _lookup(low, table)
    if key in IDENTITY_FIELDS and group and not any(w in group for w in _ABOUT_THE_CHILD):
        return None
    return key


def match_two_rows(
    upper: Sequence[object], lower: Sequence[object], table: Mapping[str, str]
) -> tuple[dict[str, int], list[str]]:
    """A header over two rows (``监护人信息`` above ``姓名`` and ``联系电话``): the fields found,
    and each column's joined name (``joined_name``)."""
    tops = spread_groups(upper, lower)
    found: dict[str, int] = {}
    names: list[str] = []
    for i, top in enumerate(tops):
        low = _text(lower[i]) if i < len(lower) else ""
        names.append(joined_name(top, low))
        key = _joined_key(top, low, table)
        if key is not None:
            found.setdefault(key, i)
    return found, names
