"""Looking at a workbook before it is read: is it the zip it should be, are its parts of a
sane size, free of DOCTYPEs, and are its shared strings short enough (sheets.limits).

Everything here streams the zip's members through ``zipfile`` (which stops at each member's
stated size and checks its CRC): nothing is inflated into memory whole, so a bomb is refused
before it goes off.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any
from xml.etree import ElementTree

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.sheets.file_kind import not_a_workbook
from wbz_cli.sheets.limits import (
    FIX,
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_TEXT_BYTES,
    MAX_UNPACKED_BYTES,
    MB,
    PROLOG_BYTES,
    XmlScan,
    check_prolog,
    check_text_length,
)

ZIP_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")
READ_BYTES = 1 << 20
_TAG = re.compile(rb"<[^>]*>")
_SHARED_INDEX = re.compile(rb't="s"[^>]*><v>(\d+)</v>')
SHARED_CELL_BYTES = len('<c t="s"><v>0</v></c>')
_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
           NotImplementedError, RuntimeError)  # fmt: skip


@dataclass
class Strings:
    """The byte length of each shared string (its ``<si>`` element), by index."""

    lengths: list[int] = field(default_factory=list)

    @property
    def longest(self) -> int:
        return max(self.lengths, default=0)


def check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InvalidInput(
            f"文件“{path.name}”有 {size / MB:,.0f} MB，超过了 {MAX_FILE_BYTES // MB} MB 的上限："
            "请把表格拆成几个文件分别导入"
        )


def check_workbook(path: Path) -> Strings:
    """Refuse a workbook that is not a sound zip with a workbook in it, that unpacks to more
    than MAX_UNPACKED_BYTES, or whose XML declares a DOCTYPE; measure its shared strings."""
    check_file_size(path)
    try:
        with zipfile.ZipFile(path) as book:
            names = set(book.namelist())
            wanted = "content.xml" if path.suffix.lower() == ".ods" else "[Content_Types].xml"
            if wanted not in names or not (
                names & {"content.xml", "xl/workbook.xml", "xl/workbook.bin"}
            ):
                raise not_a_workbook(path, "它是压缩包，但其中没有工作簿，可能是 Word 文档等")
            total = sum(info.file_size for info in book.infolist())
            if total > MAX_UNPACKED_BYTES:
                raise InvalidInput(
                    f"“{path.name}”解压后有 {total / MB:,.0f} MB，超过了 "
                    f"{MAX_UNPACKED_BYTES // MB} MB 的上限（文件里有异常大的内容）：{FIX}"
                )
            strings = Strings()
            for info in book.infolist():
                with book.open(info) as part:
                    _check_part(path, info.filename, part, strings)
    except _ERRORS:
        raise not_a_workbook(path) from None
    return strings


def _check_part(path: Path, member: str, part: IO[bytes], strings: Strings) -> None:
    """Its XML free of DOCTYPEs; read to its end (zipfile stops at the size the zip states and
    checks the CRC: a part bigger than it says is refused), the sheets excepted: each is read
    through ``SheetCheck`` when it is opened."""
    head = part.read(PROLOG_BYTES)
    # OpenOffice 1.x wrote a DOCTYPE in an .ods's manifest, which no reader here parses
    if member.endswith((".xml", ".rels")) and not member.startswith("META-INF/"):
        check_prolog(head, f"“{path.name}”的 {member} ")
    if member.endswith("sharedStrings.xml"):
        blocks = itertools.chain([head], iter(lambda: part.read(READ_BYTES), b""))
        _measure_strings(blocks, strings, f"“{path.name}”的共享文字表")
    elif not member.startswith("xl/worksheets/"):
        while part.read(READ_BYTES):
            pass


def _measure_strings(blocks: Iterable[bytes], strings: Strings, where: str) -> None:
    """Each ``<si>`` of the shared strings, read a block at a time; what is before the first
    (the declaration and ``<sst>``) is left out."""
    carry = b""
    for block in blocks:
        data = carry + block
        cut = data.rfind(b"<si")
        if cut <= 0:
            carry = data
            if len(carry) > 4 * READ_BYTES:  # one string of megabytes
                _check_item(carry, where)
            continue
        for item in data[:cut].split(b"<si")[1:]:
            _measure(item, strings, where)
        carry = data[cut:]
    for item in carry.split(b"<si")[1:]:
        _measure(item, strings, where)


def _measure(item: bytes, strings: Strings, where: str) -> None:
    _check_item(item, where)
    strings.lengths.append(len(item))


def _check_item(item: bytes, where: str) -> None:
    if len(item) > MAX_CELL_CHARS:  # its text without the tags (<t>, rich-text runs)
        check_text_length(_TAG.sub(b"", item.partition(b">")[2]), where)


class SheetCheck(XmlScan):
    """``XmlScan`` that also adds up the shared strings the sheet's cells copy: at most the
    longest string for each cell that there is room for (a shared-string cell takes
    SHARED_CELL_BYTES of XML at least), else the cells counted, else each cell's own string."""

    def __init__(self, where: str, strings: Strings, *, empty_cells: bool = False) -> None:
        super().__init__(where, empty_cells=empty_cells)
        self.strings = strings
        self.longest = strings.longest
        self.cells = 0  # cells before counting began (at most)
        self.counting = False  # cell by cell, once the estimate is no longer small
        self.counted = 0  # bytes of shared text counted cell by cell

    def _scan(self, data: bytes, begin: int, end: int) -> None:
        super()._scan(data, begin, end)
        if not self.longest:
            return
        small = MAX_TEXT_BYTES // 8
        if not self.counting:
            cells = (end - begin) // SHARED_CELL_BYTES
            if (self.cells + cells) * self.longest > small:
                cells = data.count(b't="s"', begin, end)
            self.counting = (self.cells + cells) * self.longest > small
            if not self.counting:
                self.cells += cells
                return
        lengths = self.strings.lengths
        size = len(lengths)
        indexes = map(int, _SHARED_INDEX.findall(data, begin, end))
        self.counted += sum(lengths[i] for i in indexes if i < size)
        if self.cells * self.longest + self.counted > MAX_TEXT_BYTES:
            raise InvalidInput(
                f"{self.where}的单元格引用的共享文字合计超过 {MAX_TEXT_BYTES // MB} MB"
                f"（同一段长文字被大量重复引用），超过了上限：{FIX}"
            )


def check_sheet_xml(path: Path, member: str, where: str, strings: Strings) -> None:
    """Stream the sheet ``member`` of the workbook through ``SheetCheck``."""
    _stream(path, member, SheetCheck(where, strings))


def check_template(path: Path) -> None:
    """``check_workbook``, and every sheet's XML checked, its empty cells too: openpyxl keeps
    each formatted cell, and walks every cell of the area they span."""
    strings = check_workbook(path)
    try:
        with zipfile.ZipFile(path) as book:
            sheets = [
                n for n in book.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")
            ]
    except _ERRORS:
        raise not_a_workbook(path) from None
    for member in sheets:
        where = f"模板“{path.name}”的 {member} "
        _stream(path, member, SheetCheck(where, strings, empty_cells=True))


def _stream(path: Path, member: str, scan: XmlScan) -> None:
    try:
        with zipfile.ZipFile(path) as book, book.open(member) as xml:
            while block := xml.read(READ_BYTES):
                scan.feed(block)
    except _ERRORS:
        raise not_a_workbook(path) from None
    scan.finish()


def sheet_member(path: Path, name: str) -> str | None:
    """The zip member of the sheet called ``name`` in the .xlsx at ``path`` (None if unsure):
    workbook.xml names it, its relations say where it is."""
    try:
        with zipfile.ZipFile(path) as book:
            workbook = _target(book, "_rels/.rels", lambda el: el.get("Type", "").endswith(
                "/officeDocument")) or "xl/workbook.xml"  # fmt: skip
            sheets = ElementTree.fromstring(book.read(workbook)).iter()
            rid = next((el.get(_REL_ID) for el in sheets
                        if el.tag.endswith("}sheet") and el.get("name") == name), None)  # fmt: skip
            if rid is None:
                return None
            where = PurePosixPath(workbook)
            return _target(book, f"{where.parent}/_rels/{where.name}.rels",
                           lambda el: el.get("Id") == rid, str(where.parent))  # fmt: skip
    except (*_ERRORS, KeyError, ElementTree.ParseError, AttributeError):
        return None


_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _target(book: zipfile.ZipFile, rels: str, wanted: Any, folder: str = "") -> str | None:
    for el in ElementTree.fromstring(book.read(rels)):
        if wanted(el):
            target = el.get("Target", "")
            if target.startswith("/"):
                return target[1:]
            return str(PurePosixPath(folder, target)) if folder else target
    return None
