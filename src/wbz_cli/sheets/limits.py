"""How big a spreadsheet may be, and the streaming check of a sheet's XML against it.

A small file can ask for a great deal: a 5 KB .xlsx with one cell at XFD1048576 makes the
reader lay out 17 billion cells; one long shared string used a thousand times is copied a
thousand times. These limits keep any file this tool reads under 1 GB of memory. ``XmlScan``
checks a sheet's (or the shared strings') XML block by block as it is inflated, with bytes
operations only (no per-cell Python work in the usual case), so that it costs little next to
the reading itself.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from wbz_cli.domain.errors import InvalidInput

MB = 1 << 20
MAX_FILE_BYTES = 100 * MB  # a workbook or CSV on disk (a 100,000-row roster is about 9 MB)
MAX_UNPACKED_BYTES = 200 * MB  # all the parts of an .xlsx/.ods together, uncompressed
MAX_ROWS = 200_000  # the last row of a sheet that holds a value
MAX_COLUMNS = 100  # the last column (CV) of a sheet that holds a value
MAX_CELLS = 10_000_000  # rows x columns of the area that holds values (32 bytes each)
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_TEXT_BYTES = 128 * MB  # the text of all shared-string cells of a sheet, copies included
PROLOG_BYTES = 64 << 10  # a part's XML must start its first element within this
MAX_JSON_BYTES = 1 * MB  # a --mapping, --answers or --sheet JSON file (a few KB as written)

FIX = "请用 Excel 或 WPS 打开文件，删去多余的内容后另存为 .xlsx 再试"
_RUN_WINDOW = 16 << 10  # a text run is measured when it spans this many bytes without a tag
_REF_VALUE = re.compile(rb"([A-Z]*)(\d+)")
_TRANSLATE = bytes.maketrans(
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n\r", b"0" * 10 + b"A" * 26 + b"   "
)
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
_CELL = re.compile(rb"<(?:[\w.-]+:)?c\s")  # <c ...>, or <x:c ...> with a namespace prefix


def check_json_size(path: Path, what: str) -> None:
    """Refuse a JSON file beside a sheet (``what``: 列名对照文件) larger than MAX_JSON_BYTES."""
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise InvalidInput(
            f"{what}“{path.name}”有 {size / MB:,.1f} MB，超过了 {MAX_JSON_BYTES // MB} MB 的上限"
            "（这类文件通常只有几 KB）：请检查是否选错了文件"
        )


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def check_prolog(head: bytes, where: str, *, kind: str = "Excel", fix: str = FIX) -> None:
    """Refuse a part that declares a DOCTYPE or entities (XXE, billion laughs): they belong
    before its first element, so ``head`` is its first PROLOG_BYTES. ``kind`` and ``fix``:
    the program that writes such files, and what to do (a Word document's, say)."""
    first = _FIRST_ELEMENT.search(head)
    prolog = head[: first.start()] if first else head
    if _DECLARATION.search(prolog) or (first is None and len(head) >= PROLOG_BYTES):
        raise InvalidInput(
            f"{where}含有 DOCTYPE 或实体声明（正常的 {kind} 文件不会有），为安全起见不读取：{fix}"
        )


class XmlScan:
    """A sheet's XML, fed block by block: refuses a cell beyond MAX_ROWS/MAX_COLUMNS, an area
    over MAX_CELLS and a text over MAX_CELL_CHARS."""

    def __init__(self, where: str, *, empty_cells: bool = False) -> None:
        self.where = where  # e.g. 工作表“花名册”
        self.empty_cells = empty_cells  # count cells without a value too (openpyxl keeps them)
        self.carry = b""
        self.max_row = 0  # exact when 100,000 or more, else 0
        self.max_column = 26  # exact when more than 26, else 26
        self.done = False  # every block fed and checked

    def feed(self, block: bytes) -> None:
        """Check ``block`` from its first tag to its last; what is around those two (an
        element cut in two) is checked with the block before or after it."""
        first = block.find(b"<")
        if first < 0:  # text all through
            self.carry += block
        else:
            if self.carry:
                seam = self.carry + block[:first]
                self._scan(seam, 0, len(seam))
            last = block.rfind(b"<")
            self._scan(block, first, last)
            self.carry = block[last:]
        if len(self.carry) > 2 * _RUN_WINDOW:
            self._check_runs(self.carry + b"<", 0, len(self.carry) + 1)

    def finish(self) -> None:
        if self.carry:
            self._scan(self.carry, 0, len(self.carry))
            self.carry = b""
        self.done = True
        rows = max(self.max_row, 99_999)
        if rows * self.max_column > MAX_CELLS and self.max_row:
            raise InvalidInput(
                f"{self.where}有数据的区域达 {self.max_row:,} 行 × {self.max_column} 列，超过了"
                f" {MAX_CELLS:,} 个单元格的上限：请删去多余的行列，或把表格拆成几个文件"
            )

    def _scan(self, data: bytes, begin: int, end: int) -> None:
        """Check ``data[begin:end]`` (without copying it)."""
        self._check_runs(data, begin, end)
        shape = data.translate(_TRANSLATE)
        for pattern in (b'"AA0', b'000000"'):  # a column past Z, a row past 99,999
            at = shape.find(pattern, begin, end)
            while at >= 0:
                self._check_ref(data, at + len(pattern))
                at = shape.find(pattern, at + len(pattern), end)

    def _check_ref(self, chunk: bytes, inside: int) -> None:
        """The attribute value around ``inside``: a cell's reference, unless the cell is empty
        (``<c r="A1" s="1"/>``, formatting only), is checked against the limits."""
        start = chunk.rfind(b'"', 0, inside - 1)
        end = chunk.find(b'"', inside - 1)
        if start < 3 or end < 0 or chunk[start - 2 : start] != b"r=" or chunk[start - 3] > 32:
            return  # not an r="..." attribute
        if not _CELL.match(chunk, chunk.rfind(b"<", 0, start)):
            return  # a row's own number: its cells are what is read
        ref = _REF_VALUE.fullmatch(chunk, start + 1, end)
        if ref is None:
            return
        close = chunk.find(b">", end)
        if close > 0 and chunk[close - 1] == ord("/") and not self.empty_cells:
            return  # an empty cell: calamine reads nothing from it
        row, column = int(ref.group(2)), column_number(ref.group(1))
        if row > MAX_ROWS:
            raise InvalidInput(
                f"{self.where}第 {row:,} 行有内容，超出了 {MAX_ROWS:,} 行的上限"
                f"（表格可能在很远的地方有内容）：{FIX}，或把表格拆成几个文件"
            )
        if column > MAX_COLUMNS:
            raise InvalidInput(
                f"{self.where}第 {column_letters(column)} 列（第 {column:,} 列）有内容，超出了"
                f" {MAX_COLUMNS} 列（{column_letters(MAX_COLUMNS)} 列）的上限：{FIX}"
            )
        if row >= 100_000:
            self.max_row = max(self.max_row, row)
        self.max_column = max(self.max_column, column)

    def _check_runs(self, chunk: bytes, begin: int, end: int) -> None:
        """Every text between two tags of MAX_CELL_CHARS characters at most: a text of twice
        _RUN_WINDOW bytes or more always covers a whole window, which is then measured."""
        for at in range(begin, end - _RUN_WINDOW, _RUN_WINDOW):
            if chunk.find(b"<", at, at + _RUN_WINDOW) < 0:
                begin = chunk.rfind(b">", 0, at) + 1
                end = chunk.find(b"<", at)
                text = chunk[begin : end if end >= 0 else len(chunk)]
                check_text_length(text, self.where)


def check_text_length(text: bytes, where: str) -> None:
    """An XML text (entities not yet replaced) of at most MAX_CELL_CHARS characters."""
    if len(text) <= MAX_CELL_CHARS:
        return
    chars = len(html.unescape(text.decode("utf-8", "replace")))
    if chars > MAX_CELL_CHARS:
        raise InvalidInput(
            f"{where}有一个单元格的文字至少有 {chars:,} 个字，超过了 Excel 单元格"
            f" {MAX_CELL_CHARS:,} 个字的上限（文件可能已损坏或被改动过）：{FIX}"
        )
