"""The text of a CSV file people send: UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's
"Unicode text"), else GB18030 (what WPS and Excel save in China). A file whose rows are in two
encodings (rows pasted from another file) or that holds NUL characters is refused with the row
named, instead of being read as garbled text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.sheets.guard import restore

RESAVE = "请用 Excel 或 WPS 打开后另存为“CSV UTF-8（逗号分隔）”再试"


def sniff_encoding(data: bytes) -> str:
    """UTF-8 with a BOM, UTF-16 with a BOM, UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


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
        hint = "请去掉 --encoding 让程序自动识别，或指定正确的编码" if encoding else RESAVE
        raise InvalidInput(
            f"“{name}”第 {row} 行不是 {enc} 编码（第 {exc.start} 字节处无法解码）：{hint}"
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        row = text.count("\n", 0, nul) + 1
        raise InvalidInput(
            f"“{name}”第 {row} 行含有空字符（NUL），文件可能已损坏或不是文本格式的 CSV：{RESAVE}"
        )
    return text.removeprefix("\ufeff")


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
    delimiter = _delimiter(text[:8192])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            yield number, [restore(cell) if cell[:1] == "'" else cell for cell in row]
    except csv.Error as exc:
        raise InvalidInput(f"CSV 文件格式有误：{exc}") from None


def _delimiter(sample: str) -> str:
    """Comma, tab or semicolon: whichever the first lines use most."""
    lines = [line for line in sample.splitlines()[:5] if line.strip()]
    counts = {d: sum(line.count(d) for line in lines) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
