"""Resident identity numbers (GB 11643): normalise, validate, read birth date and gender.

The checks are those of python-stdnum (``stdnum.cn.ric``), with its table of area codes; this
module orders them so that a failure says which check failed, does them without importing
stdnum (lists of 50,000 numbers are checked at once, and start-up counts), and recognises the
numbers Excel has cut to 15 significant digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from wbz_cli.domain.enums import Gender
from wbz_cli.domain.errors import InvalidInput

_FULLWIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "Ｘ": "X", "ｘ": "X", "\u3000": " "}
)
_SPACES = re.compile(r"[\s\u00a0\u200b\ufeff-]+")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_DIGITS_AS_FLOAT = re.compile(r"^\d+\.0+$")
_MALE, _FEMALE = Gender.MALE, Gender.FEMALE
_PLAIN = re.compile(r"[0-9]{17}[0-9X]\Z")

EXCEL_CUT_MESSAGE = (
    "身份证号被 Excel 当作数字保存，末尾几位已丢失（Excel 只保留 15 位有效数字），无法还原；"
    "请把该列设置为“文本”格式后重新填写完整的 18 位号码"
)


@dataclass(frozen=True, slots=True)
class IdInfo:
    """A valid identity number and what it fixes about its holder."""

    number: str
    birth_date: date
    gender: Gender
    #: False when the area code exists but was not yet in use in the birth year (people keep
    #: numbers whose county was created after their birth): valid, worth a check for a child.
    area_in_use: bool = True


def normalise(raw: object) -> str:
    """Full-width digits to ASCII, spaces and dashes out, ``x`` to ``X``."""
    text = str(raw if raw is not None else "").translate(_FULLWIDTH)
    return _SPACES.sub("", text).upper()


def looks_cut_by_excel(raw: object) -> bool:
    """True for what Excel makes of a long number: a float, ``3.10105E+17``, ``...0.0``."""
    if isinstance(raw, float):
        return True
    if isinstance(raw, int) and not isinstance(raw, bool):
        return len(str(raw)) > 15
    text = normalise(raw)
    return bool(_SCIENTIFIC.match(text) or _DIGITS_AS_FLOAT.match(text))


def parse_id_number(raw: object) -> IdInfo:
    """Validate an identity number; raise InvalidInput saying which check failed."""
    if isinstance(raw, str) and _PLAIN.match(raw):  # already normal: skip the clean-up
        return _checked(raw)
    if looks_cut_by_excel(raw):
        raise InvalidInput(EXCEL_CUT_MESSAGE)
    number = normalise(raw)
    if not number:
        raise InvalidInput("身份证号为空，请填写 18 位身份证号")
    if len(number) != 18:
        raise InvalidInput(f"身份证号应为 18 位，现为 {len(number)} 位，请核对")
    if (
        not number.isascii()  # str.isdigit() also accepts ² and Arabic-Indic digits
        or not number[:17].isdigit()
        or not (number[17].isdigit() or number[17] == "X")
    ):
        raise InvalidInput("身份证号只能由数字组成，最后一位可以是 X，请核对")
    return _checked(number)


def number_of(raw: object) -> str:
    """The number ``parse_id_number(raw)`` gives when ``raw`` is valid (without checking it):
    to look numbers up before they are checked."""
    if isinstance(raw, str) and _PLAIN.match(raw):
        return raw
    return normalise(raw)


_CHECK_CHARS = "0123456789X"


def forget_checked() -> None:
    """Empty the cache of numbers already checked. After a big import it holds tens of
    thousands of numbers the process will not see again, which Python's garbage collector
    walks again at exit (0.2 s for 65,536)."""
    _checked.cache_clear()


@lru_cache(maxsize=65536)
def _checked(number: str) -> IdInfo:
    # GB 11643 check character as stdnum.cn.ric.calc_check_digit computes it, inline because
    # lists of 50,000 rows are checked at once: the weights 7 9 10 5 ... are 2**(17-i) mod 11
    # and 13 = 2 (mod 11), so the weighted sum is 2 * int(first17, 13) (mod 11).
    expected = _CHECK_CHARS[(1 - 2 * int(number[:17], 13)) % 11]
    if number[17] != expected:
        raise InvalidInput(
            f"身份证号校验位错误：按前 17 位计算，最后一位应为 {expected}，现为 {number[17]}，"
            "请核对号码是否抄错"
        )
    birth = _birth_date(number[6:14])
    in_use = _area_code_known(number[:10])
    if not in_use and _area_spans(number[:6]) is None:
        raise InvalidInput(f"身份证号前 6 位地区码 {number[:6]} 不存在，请核对")
    gender = _MALE if number[16] in "13579" else _FEMALE
    return IdInfo(number, birth, gender, in_use)  # positional: half the time of keywords


def area_code_warning(info: IdInfo) -> str | None:
    """The warning a child's number gets when its area code was not yet in use in the birth
    year (the number is valid: the code exists); None otherwise."""
    if info.area_in_use:
        return None
    return (
        f"身份证号前 6 位地区码 {info.number[:6]}：该地区码在出生年份（{info.birth_date.year} 年）"
        "尚未启用，号码已接受，请核对是否抄错"
    )


def _birth_date(digits: str) -> date:
    """``20230309`` -> date(2023, 3, 9); InvalidInput when there is no such day.

    ``digits`` are 8 ASCII digits, which ``date.fromisoformat`` reads as YYYYMMDD (Python
    3.11+) in one C call: quicker than a cache of the dates seen, which a list of 50,000 people
    born on 15,000 different days mostly misses."""
    try:
        return date.fromisoformat(digits)
    except ValueError:
        raise InvalidInput(
            f"身份证号中的出生日期 {digits[:4]}-{digits[4:6]}-{digits[6:]} 不存在，请核对"
        ) from None


@lru_cache(maxsize=8192)
def _area_code_known(area_and_year: str) -> bool:
    """Whether the area code (6 digits) was in use in the birth year (the next 4 digits), as
    ``stdnum.cn.ric.get_birth_place`` decides it, from the same table (stdnum's cn/loc.dat)."""
    spans = _area_spans(area_and_year[:6])
    if spans is None:
        return False
    year = int(area_and_year[6:10])
    return any(start <= year <= end for start, end in spans)


@cache  # at most the ~6,900 codes of the table
def _area_spans(area: str) -> tuple[tuple[int, int], ...] | None:
    """The years the area code was in use (``(0, 9999)``: no limit); None for a code that
    does not exist. Several names are separated by commas; a name without ``[from-to]`` has no
    limit: ``county="[-1991]东郊区,[1992-]东丽区"``."""
    props = _area_table().get(area)
    if props is None:
        return None
    names = props.partition('county="')[2].rpartition('"')[0]
    spans = []
    for name in names.split(","):
        if not name.startswith("["):
            spans.append((0, 9999))
            continue
        start, _, end = name[1:].partition("]")[0].partition("-")
        spans.append((int(start) if start else 0, int(end) if end else 9999))
    return tuple(spans)


#: A line of cn/loc.dat: a province (``11 province="北京市"``) or, indented under it, a county
#: (``  0103 county="[-2010]崇文区"``).
_LOC_LINE = re.compile(r"^(?:(\d+) .*|[ \t]+(\d+) (.*))$", re.MULTILINE)


@lru_cache(maxsize=1)
def _area_table() -> dict[str, str]:
    """Area code -> the properties of its line in python-stdnum's cn/loc.dat, whose years
    ``_area_spans`` reads when the code is first looked up.

    Read here in a few milliseconds instead of importing stdnum and its generic number
    database (~150 ms), which every command that checks an ID number would pay; one regular
    expression over the file, as the years of the 6,900 codes are rarely all needed."""
    table: dict[str, str] = {}
    province = ""
    for code, county, props in _LOC_LINE.findall(_stdnum_file("cn/loc.dat")):
        if code:
            province = code
        else:
            table[province + county] = props
    return table


def _stdnum_file(name: str) -> str:
    """A data file of python-stdnum, found without running ``stdnum/__init__`` when it is a
    plain folder (as pip installs it), through importlib.resources otherwise."""
    from importlib.util import find_spec

    spec = find_spec("stdnum")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder, name)
        if path.is_file():
            return path.read_text("utf-8")
    from importlib.resources import files

    return files("stdnum").joinpath(name).read_text("utf-8")


def check_digit(first17: str) -> str:
    """The check character for 17 digits (used by tests and the synthetic generator)."""
    from stdnum.cn import ric

    return str(ric.calc_check_digit(first17 + "0"))
