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
