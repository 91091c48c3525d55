"""The one place that masks identity and phone numbers for display.

What a masked number keeps is chosen so that no other field of the same output can rebuild
it: an ID number keeps its area code and check character, never the sequence digits, so the
birth date printed beside it still leaves about a hundred candidates; a phone keeps its first
three and last four digits, and no output holds its middle four."""

from __future__ import annotations

import re

ID_LENGTH = 18
_CODE = re.compile(r"^[Cc]\d+$")


def mask_id(number: str | None) -> str:
    """``310105201001011234`` -> ``310105***********4``: the area code and the check character.

    The birth date (positions 7-14) and the sequence digits (15-17) are hidden. A number that
    is not 18 characters long (an old 15-digit number ends in its sequence digits) keeps only
    its first six characters, or its first two when it is ten or shorter."""
    if not number:
        return ""
    if len(number) <= 10:
        return number[:2] + "*" * max(len(number) - 2, 0)
    if len(number) == ID_LENGTH:
        return number[:6] + "*" * (ID_LENGTH - 7) + number[-1]
    return number[:6] + "*" * (len(number) - 6)


def mask_phone(phone: str | None) -> str:
    """``13812345678`` -> ``138****5678``; short numbers keep only the last 2 digits."""
    if not phone:
        return ""
    if len(phone) >= 11:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(len(phone) - 2, 0) + phone[-2:]


def is_id_key(key: str) -> bool:
    """Whether a field of this name holds an ID number (``id_number``, ``guardian_id_number``)."""
    return key == "id_number" or key.endswith("_id_number")


def is_phone_key(key: str) -> bool:
    """Whether a field of this name holds a phone number (``phone``, ``carer_phone``)."""
    return key == "phone" or key.endswith("_phone")


def mask_key(key: str) -> str:
    """A child's key as typed, for a message: a code (``C000123``) as it is, a key of six
    digits or more (an ID number, whole or mistyped) masked, anything else (a name typed by
    mistake) as it is."""
    text = key.strip()
    if _CODE.match(text) or sum(c.isdigit() for c in text) < 6:
        return text
    return mask_id(text.upper())


def mask_name(name: str | None) -> str:
    """``张小明`` -> ``张**``: used where even names must not be shown (logs)."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)
