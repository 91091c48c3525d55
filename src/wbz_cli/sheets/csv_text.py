"""The text of a CSV or tab-separated file people send: UTF-8 (with or without a BOM), UTF-16
with or without a BOM (Excel's "Unicode text", tab-separated), else GB18030 (what WPS and Excel
save in China); the delimiter (comma, tab or semicolon) is the one that splits the header area
into even columns. A file whose rows are in two encodings (rows pasted from another file) or
that holds NUL characters is refused with the row named, instead of being read as garbled
text; a wrong ``--encoding`` is refused naming the encoding the file seems to be in."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.sheets.guard import restore

RESAVE = "请用 Excel 或 WPS 打开后另存为“CSV UTF-8（逗号分隔）”再试"


#: Bytes looked at to tell UTF-16 without a BOM, and text looked at to find the delimiter.
SNIFF_BYTES = 4096
SNIFF_LINES = 30
DELIMITERS = (",", "\t", ";")
_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16",
          "utf-16-be": "UTF-16", "gb18030": "GB18030（GBK）"}  # fmt: skip


def sniff_encoding(data: bytes) -> str:
    """UTF-8 with a BOM, UTF-16 with a BOM, UTF-16 without one, UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    unmarked = _utf16_without_bom(data)
    if unmarked:
        return unmarked
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the file's start reads as UTF-16 whose ASCII characters
    (digits, delimiters, line ends) leave a NUL byte on the same side of each pair; text in
    UTF-8 or GB18030 has no NUL bytes at all."""
    head = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    pairs = len(head) // 2
    if not pairs:
        return None
    odd = head[1::2].count(0)  # the high byte of little-endian ASCII
    even = head[0::2].count(0)
    for nuls, other, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls * 4 >= pairs and other * 10 <= nuls:
            try:
                data[: len(data) - len(data) % 2].decode(name)
            except UnicodeDecodeError:
                return None
            return name
    return None


def decode_csv(data: bytes, encoding: str | None, name: str) -> str:
    """The file's text, without a BOM; InvalidInput naming the row that cannot be read."""
    enc = encoding or sniff_encoding(data)
    if encoding is None and enc == "gb18030":
        _refuse_mixed(data, name)
    try:
        text = data.decode(enc)
    except LookupError:
        raise InvalidInput(f"不认识的编码“{enc}”：可用 utf-8、gb18030、gbk 等") from None
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        hint = _wrong_encoding_fix(data) if encoding else RESAVE
        raise InvalidInput(
            f"“{name}”第 {row} 行不是 {enc} 编码（第 {exc.start} 字节处无法解码）：{hint}"
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        row = text.count("\n", 0, nul) + 1
        if encoding and sniff_encoding(data).startswith("utf-16"):
            raise InvalidInput(f"“{name}”不是 {encoding} 编码：{_wrong_encoding_fix(data)}")
        raise InvalidInput(
            f"“{name}”第 {row} 行含有空字符（NUL），文件可能已损坏或不是文本格式的 CSV：{RESAVE}"
        )
    return text.removeprefix("\ufeff")


def _wrong_encoding_fix(data: bytes) -> str:
    """The fix for an ``--encoding`` the file is not in: the one it seems to be in."""
    found = sniff_encoding(data)
    try:
        data.decode(found)
    except UnicodeDecodeError:
        return "请确认文件的编码，或去掉 --encoding 让程序自动识别"
    return f"文件看起来是 {_NAMES[found]} 编码，请去掉 --encoding（程序会自动识别）再试"


def _refuse_mixed(data: bytes, name: str) -> None:
    """A file that is not UTF-8 as a whole, but some of whose rows with Chinese are."""
    utf8 = other = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other = other or number
        else:
            utf8 = utf8 or number
        if utf8 and other:
            raise InvalidInput(
                f"“{name}”各行的编码不一致：第 {utf8} 行是 UTF-8，第 {other} 行是 GBK/GB18030"
                f"（可能是从别的文件粘贴来的）：{RESAVE}"
            )


def csv_rows(path: Path, encoding: str | None) -> Iterator[tuple[int, list[object]]]:
    text = decode_csv(path.read_bytes(), encoding, path.name)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    read_to = 0  # the last line of the last row read
    try:
        for number, row in enumerate(reader, start=1):
            read_to = reader.line_num
            yield number, [restore(cell) if cell[:1] == "'" else cell for cell in row]
    except csv.Error:
        raise _unreadable_row(path.name, read_to + 1) from None


def _unreadable_row(name: str, row: int) -> InvalidInput:
    """A row the csv module refuses: a cell longer than its limit (a quote left open swallows
    the rest of the file into one cell)."""
    return InvalidInput(
        f"“{name}”第 {row} 行起无法按表格读取（可能有未配对的引号，或一个单元格超过 "
        f"{csv.field_size_limit():,} 个字）：{RESAVE}"
    )


def sniff_delimiter(text: str) -> str:
    """Comma, tab or semicolon: the one splitting most of the header area's lines (its first
    SNIFF_LINES non-blank lines, quotes respected) into the same number of columns, more than
    one; then the one giving more columns. A comma inside a tab-separated file's cells (an
    address, 1号,2室) splits only those lines, and unevenly."""
    lines = [line for line in text.splitlines()[:SNIFF_LINES] if line.strip()]
    sample = "\n".join(lines)
    best, score = ",", (0, 0)
    for delimiter in DELIMITERS:
        if delimiter not in sample:
            continue
        try:
            widths = Counter(
                len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter)
            )
        except csv.Error:
            continue
        columns, lines_even = max(
            ((w, n) for w, n in widths.items() if w > 1),
            key=lambda wn: (wn[1], wn[0]),
            default=(0, 0),
        )
        if (lines_even, columns) > score:
            best, score = delimiter, (lines_even, columns)
    return best
