"""Reading a big .xlsx sheet in pieces, so that an import works on the first rows while the
rest of the sheet is still being read.

python-calamine reads a whole sheet before it gives a single row: for a 100,000-row roster that
is more than a second in which nothing else can happen. Here the sheet's XML is cut between
rows into pieces; each piece becomes a small workbook of its own (the original's parts, with
only that piece's rows in the sheet) that calamine reads in a thread of its own (it lets go
of the GIL while it reads) while the caller works on the rows of the piece before. The cells
are those calamine gives for the whole sheet: calamine reads each piece itself, with the
workbook's own shared strings and styles, and the rows keep their numbers (``r``).

Only a big sheet is read in pieces, and only when its XML has the usual layout (one
``<sheetData>``, numbered rows); anything else is read whole. Every piece reads the shared
strings again, so a sheet whose string table is large next to it is cut into fewer pieces,
or none.
"""

from __future__ import annotations

import io
import queue
import re
import threading
import zipfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any
from xml.etree import ElementTree

from wbz_cli.sheets.limits import XmlScan

MIN_SHEET_BYTES = 4 << 20  # smaller sheets are read whole
FIRST_PIECE_BYTES = 256 << 10  # the first piece is small: the caller starts soon ...
MAX_PIECE_BYTES = 8 << 20  # ... the next ones twice as big each time, up to this
READ_BYTES = 1 << 20  # the sheet's XML is inflated this much at a time
STRINGS_SHARE = 4  # the pieces read the shared strings again at most 1/4 as much as the rows
_ROW = re.compile(rb'<row\b[^>]*?\sr="(\d+)"')
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_ERRORS = (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError, ElementTree.ParseError)


@dataclass
class SheetXml:
    """A sheet's XML: its head (up to ``<sheetData>``), its rows cut into pieces (each ends
    with a ``</row>``) and its tail (``</sheetData>`` on), with the workbook's other parts."""

    member: str
    head: bytes
    pieces: deque[bytes]  # taken off one by one as they are read
    tail: bytes
    parts: dict[str, bytes]  # the workbook's other parts, uncompressed
    last_row: int  # 1-based number of the last row


def split_sheet(path: str, name: str, scan: XmlScan | None = None) -> SheetXml | None:
    """The sheet ``name`` of the .xlsx at ``path``, cut for reading in pieces; None when it is
    small or not laid out as expected (it is then read whole). Each block of the sheet's XML
    is also fed to ``scan``, which is finished when the whole sheet has been read."""
    try:
        with zipfile.ZipFile(path) as book:
            member = _sheet_member(book, name)
            if member is None or book.getinfo(member).file_size < MIN_SHEET_BYTES:
                return None
            parts = {
                info.filename: book.read(info)
                for info in book.infolist()
                if info.filename != member and not _unread(info.filename)
            }
            strings = sum(len(v) for k, v in parts.items() if k.endswith("sharedStrings.xml"))
            most = book.getinfo(member).file_size // max(STRINGS_SHARE * strings, 1)
            if most < 2:  # reading the strings again for each piece would cost more
                return None
            with book.open(member) as xml:
                cut = _cut(xml, most, scan)
    except _ERRORS:
        return None
    if cut is None:
        return None
    head, pieces, tail = cut
    last = _ROW.match(pieces[-1], pieces[-1].rfind(b"<row"))
    if last is None:
        return None
    return SheetXml(member, head, pieces, tail, parts, int(last.group(1)))


def _cut(
    xml: IO[bytes], most: int, scan: XmlScan | None = None
) -> tuple[bytes, deque[bytes], bytes] | None:
    """Read the sheet's XML and cut it: the head, at most ``most`` pieces of rows (a small
    first one, then each twice as big as the one before, up to MAX_PIECE_BYTES), the tail.
    None if a piece would not begin with a numbered row."""
    data = bytearray()
    head: bytes | None = None
    pieces: deque[bytes] = deque()
    size = FIRST_PIECE_BYTES
    while block := xml.read(READ_BYTES):
        if scan is not None:
            scan.feed(block)
        data += block
        if head is None:
            at = data.find(b"<sheetData>")
            if at < 0:
                if len(data) > READ_BYTES:  # no rows near the start: not the usual layout
                    return None
                continue
            at += len(b"<sheetData>")
            head = _DIMENSION.sub(b"", bytes(data[:at]), count=1)  # a piece's extent is its own
            del data[:at]
        while len(pieces) + 1 < most and len(data) > size:
            at = data.find(b"</row>", size)
            if at < 0:
                break
            piece = bytes(data[: at + len(b"</row>")])
            if _ROW.match(piece, piece.find(b"<row")) is None:
                return None
            pieces.append(piece)
            del data[: len(piece)]
            size = min(2 * size, MAX_PIECE_BYTES)
    if scan is not None:
        scan.finish()
    end = data.rfind(b"</sheetData>")
    if head is None or end < 0:
        return None
    rest = bytes(data[:end])
    if rest.find(b"<row") >= 0:
        if _ROW.match(rest, rest.find(b"<row")) is None:
            return None
        pieces.append(rest)
    if not pieces or any(p.find(b"<sheetData") >= 0 for p in (pieces[0], pieces[-1])):
        return None
    return head, pieces, bytes(data[end:])


def sheet_member(path: str, name: str) -> str | None:
    """The zip member of the sheet called ``name`` in the .xlsx at ``path`` (None if unsure)."""
    try:
        with zipfile.ZipFile(path) as book:
            return _sheet_member(book, name)
    except (*_ERRORS, AttributeError):
        return None


def _sheet_member(book: zipfile.ZipFile, name: str) -> str | None:
    """The zip member of the sheet called ``name``: workbook.xml names it, its relations say
    where it is."""
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


def _target(book: zipfile.ZipFile, rels: str, wanted: Any, folder: str = "") -> str | None:
    for el in ElementTree.fromstring(book.read(rels)):
        if wanted(el):
            target = el.get("Target", "")
            if target.startswith("/"):
                return target[1:]
            return str(PurePosixPath(folder, target)) if folder else target
    return None


def _unread(member: str) -> bool:
    """Parts calamine does not read for a sheet's cells: pictures and drawings."""
    return member.startswith(("xl/media/", "xl/drawings/", "xl/embeddings/"))


def piece_workbook(sheet: SheetXml, rows: bytes) -> bytes:
    """A workbook of the original's parts whose sheet holds only ``rows``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as book:
        for member, data in sheet.parts.items():
            book.writestr(member, data)
        book.writestr(sheet.member, b"".join((sheet.head, rows, sheet.tail)))
    return out.getvalue()


def read_pieces(sheet: SheetXml, name: str) -> Iterator[Any]:
    """The sheet ``name`` of each piece's workbook (calamine ``CalamineSheet``), in order; a
    thread reads the next one meanwhile. calamine's errors are raised where they occur."""
    loaded: queue.Queue[tuple[Any, BaseException | None]] = queue.Queue(maxsize=1)
    stop = threading.Event()
    count = len(sheet.pieces)

    def load() -> None:
        from python_calamine import CalamineWorkbook

        while sheet.pieces and not stop.is_set():
            try:  # each piece's XML is let go of once calamine has read it
                data = piece_workbook(sheet, sheet.pieces.popleft())
                book = CalamineWorkbook.from_filelike(io.BytesIO(data))
                del data
                ws = book.get_sheet_by_name(name)
            except BaseException as exc:  # raised in the reading thread
                loaded.put((None, exc))
                return
            loaded.put((ws, None))

    thread = threading.Thread(target=load, name="xlsx-pieces", daemon=True)
    thread.start()
    try:
        for _ in range(count):
            ws, error = loaded.get()
            if error is not None:
                raise error
            yield ws
    finally:
        stop.set()
        while thread.is_alive():  # let a loader blocked on a full queue finish
            try:
                loaded.get_nowait()
            except queue.Empty:
                thread.join(0.01)
