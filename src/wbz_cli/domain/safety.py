"""Pure rules of data safety: what counts as the same name, age limits, consent, anonymising."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from wbz_cli.domain.dates import age_on
from wbz_cli.domain.enums import Category

#: A child's data needs a guardian's consent under this age (PIPL art. 28 and 31).
CONSENT_AGE = 14
#: Categories that end by rule at an age (DOMAIN.md): 16 for left_behind and migrant, 18 else.
CATEGORY_AGE_LIMIT = {
    Category.ORPHAN.value: 18,
    Category.DE_FACTO_UNSUPPORTED.value: 18,
    Category.DIFFICULT.value: 18,
    Category.LEFT_BEHIND.value: 16,
    Category.MIGRANT.value: 16,
}
ANONYMOUS = "已匿名"
_SPACES = re.compile(r"[\s\u00a0\u200b\u3000·・.]+")


def name_key(name: str | None) -> str:
    """Names compared for duplicates: width folded (NFKC), spaces and middle dots removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name or "")).casefold()


def past_category_limit(category: str, birth: date, on: date) -> int | None:
    """The age limit a category has passed on ``on``, or None."""
    limit = CATEGORY_AGE_LIMIT.get(category)
    if limit is not None and age_on(birth, on) >= limit:
        return limit
    return None


def needs_consent(birth: date, on: date) -> bool:
    return age_on(birth, on) < CONSENT_AGE


def placeholder_id(code: str) -> str:
    """The ID-number column of an anonymised child: unique (from the code), never a real ID."""
    return f"ANON-{code}"


def month_precision(iso: str | None) -> str | None:
    """``2014-09-10`` -> ``2014-09-01``: month-end ages and expiries stay exactly the same."""
    if not iso or len(iso) < 7:
        return iso
    return iso[:7] + "-01"


#: Keys of personal data in audit rows and records; scrubbed by ``wbz purge``.
PERSONAL_KEYS = frozenset(
    {"name", "guardian", "address", "notes", "note", "summary", "situation_notes", "void_reason"}
)


def is_personal_key(key: str) -> bool:
    return (
        key in PERSONAL_KEYS
        or key == "id_number"
        or key.endswith(("_id_number", "_name"))
        or key == "phone"
        or key.endswith("_phone")
    )


def _is_number_key(key: str) -> bool:
    return key in ("id_number", "phone") or key.endswith(("_id_number", "_phone"))


def scrub(value: Any) -> Any:
    """A copy of an audit row's before/after with personal fields replaced, at any depth:
    names and addresses become 已匿名, ID and phone numbers null, birth dates keep their month.
    """
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if v is None:
                out[k] = None
            elif k in ("birth_date", "birth") and isinstance(v, str):
                out[k] = month_precision(v)
            elif _is_number_key(k):
                out[k] = None  # ID and phone numbers go altogether
            elif is_personal_key(k) and isinstance(v, str | int | float):
                out[k] = ANONYMOUS
            else:
                out[k] = scrub(v)
        return out
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value
