"""Rules about a child's case: age limits, categories, phone numbers, codes."""

from __future__ import annotations

import re
from datetime import date

from wbz_cli.domain.dates import add_years, age_on
from wbz_cli.domain.enums import Category
from wbz_cli.domain.errors import InvalidInput, NotFound, RuleViolation
from wbz_cli.domain.privacy import mask_key, mask_phone

ADULT_AGE = 18
UNDER_16_CATEGORIES = frozenset({Category.LEFT_BEHIND, Category.MIGRANT})
_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}|\d{7,8})$")
#: Every space (full-width and no-break ones too); not the controls Python counts as space.
_NAME_SPACES = re.compile(r"[^\S\x1c-\x1f\x85]+")
#: Characters that drive a terminal or turn text around instead of showing: C0 controls,
#: DEL, C1 controls and the bidi marks, embeddings, overrides and isolates.
_HIDDEN = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f{_HIDDEN}]")  # but tab and newline
_CONTROL_ANY = re.compile(f"[\\x00-\\x1f{_HIDDEN}]")


def category_expires_on(category: Category, birth: date) -> date | None:
    """The day a category ends by age on its own (the 16th birthday), else None."""
    if category in UNDER_16_CATEGORIES:
        return add_years(birth, 16)
    return None


def check_age_for_case(birth: date, on: date) -> None:
    """Refuse a person who is 18 or more on ``on``."""
    if age_on(birth, on) >= ADULT_AGE:
        raise RuleViolation(
            f"此人在 {on.isoformat()} 已满 {ADULT_AGE} 周岁（{age_on(birth, on)} 岁），"
            "不能作为未成年人登记"
        )


def check_category_age(category: Category, birth: date, on: date) -> None:
    """left_behind and migrant need the child under 16 on ``on``."""
    if category in UNDER_16_CATEGORIES and age_on(birth, on) >= 16:
        raise RuleViolation(
            f"{category.label}仅限未满 16 周岁的儿童，此儿童在 {on.isoformat()} 已满 16 周岁，"
            "请改选其他类别"
        )


def unknown_child(key: object) -> NotFound:
    """No child has the code or ID number ``key``; an ID number is masked (``mask_key``)."""
    shown = mask_key(str(key or ""))
    return NotFound(f"找不到儿童“{shown}”：请输入儿童编号（如 C000123）或完整的 18 位身份证号")


def normalise_name(raw: object) -> str:
    """Trim and drop full-width and inner spaces: ``张　三`` -> ``张三``."""
    if type(raw) is str and raw.isalnum():  # no space of any kind: nothing to drop
        return raw
    return _NAME_SPACES.sub("", str(raw if raw is not None else ""))


def check_name(raw: object, field: str = "姓名") -> str:
    name = normalise_name(raw)
    if not name:
        raise InvalidInput(f"{field}为空，请填写")
    if len(name) > 50:
        raise InvalidInput(f"{field}过长（{len(name)} 个字），请核对")
    if not name.isprintable():
        _refuse_hidden(name, _CONTROL_ANY, field)
    return name


def normalise_phone(raw: object) -> str | None:
    """Digits of a phone number, or None when blank; refuse what is not a phone number."""
    text = normalise_text(raw)
    if not text:
        return None
    compact = re.sub(r"[\s()（）]", "", text).replace("＋", "+")
    if compact.startswith("+86"):
        compact = compact[3:]
    if not _PHONE.match(compact):
        raise InvalidInput(
            f"电话号码 {mask_phone(compact)} 格式不对：{_phone_problem(compact)}。"
            "手机号 11 位，座机如 021-12345678"
        )
    return compact


def _phone_problem(compact: str) -> str:
    """Which rule a phone number that is not one breaks, without repeating the number: a
    one-digit typo would put almost all of it on screen."""
    if re.search(r"[^\d-]", compact):
        return "含有数字和“-”以外的字符"
    if "-" in compact:
        area, _, number = compact.partition("-")
        if "-" in number or not area.startswith("0"):
            return "“-”只能用在以 0 开头的区号之后"
        return f"区号 {len(area)} 位、号码 {len(number)} 位（应为区号 3-4 位、号码 7-8 位）"
    if len(compact) == 11:
        return "11 位的手机号应以 1 开头"
    return f"位数不对（输入了 {len(compact)} 位）"


def normalise_text(raw: object, limit: int = 500, field: str = "文本") -> str:
    """A free-text field: trimmed, full-width spaces to ASCII, control and bidi characters
    refused (tabs and line breaks are text)."""
    text = str(raw if raw is not None else "").replace("\u3000", " ").strip()
    if not text.isprintable():
        _refuse_hidden(text, _CONTROL, field)
    if len(text) > limit:
        raise InvalidInput(f"文本过长（{len(text)} 字，最多 {limit} 字）")
    return text


def _refuse_hidden(text: str, hidden: re.Pattern[str], field: str) -> None:
    found = hidden.search(text)
    if found:
        code, place = ord(found.group()), found.start() + 1
        raise InvalidInput(
            f"{field}含有不可见的控制字符 U+{code:04X}（第 {place} 个字），"
            "它会扰乱屏幕显示或颠倒文字方向，请删除后重试"
        )


def format_code(prefix: str, number: int) -> str:
    return f"{prefix}{number:06d}"
