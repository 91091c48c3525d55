"""Attached files (附件): scanned consent forms, care agreements, photos of a visit, minutes of
a case conference. What a file is, is read from its first bytes, never from its name: a PDF,
a JPEG or PNG picture, a Word document or an Excel workbook; anything else, a file larger
than the limit, or one whose name says another type than its content, is refused."""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from wbz_cli.domain.enums import LabeledEnum
from wbz_cli.domain.errors import InvalidInput

MAX_BYTES = 20 * 1024 * 1024
MAX_NAME = 200


class AttachmentKind(LabeledEnum):
    """附件类型"""

    CONSENT = ("consent", "知情同意书", ("同意书",))
    AGREEMENT = ("agreement", "协议", ("照护协议",))
    PHOTO = ("photo", "照片")
    MINUTES = ("minutes", "会议纪要", ("纪要",))
    OTHER = ("other", "其他")


class FileType(LabeledEnum):
    """文件格式"""

    PDF = ("pdf", "PDF 文件")
    JPEG = ("jpeg", "JPEG 图片")
    PNG = ("png", "PNG 图片")
    DOCX = ("docx", "Word 文档")
    XLSX = ("xlsx", "Excel 工作簿")


#: The extensions a file of each type may carry.
EXTENSIONS = {
    FileType.PDF: (".pdf",),
    FileType.JPEG: (".jpg", ".jpeg"),
    FileType.PNG: (".png",),
    FileType.DOCX: (".docx",),
    FileType.XLSX: (".xlsx",),
}


def sniff(data: bytes) -> FileType | None:
    """The type the content says it is, or None when it is none of the accepted ones."""
    if data.startswith(b"%PDF-"):
        return FileType.PDF
    if data.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "word/document.xml" in names:
            return FileType.DOCX
        if "xl/workbook.xml" in names:
            return FileType.XLSX
    return None


@dataclass(frozen=True)
class CheckedFile:
    name: str
    file_type: FileType
    size: int
    sha256: str


def check_size(name: str, size: int) -> None:
    """Refuse a file larger than ``MAX_BYTES`` (before reading it, when its size is known)."""
    if size > MAX_BYTES:
        raise InvalidInput(
            f"附件“{name}”有 {size / 1024 / 1024:.1f} MB，超过 {MAX_BYTES // 1024 // 1024} MB"
            " 的上限：请压缩或分页扫描后再附加，未保存"
        )


def check_file(name: str, data: bytes) -> CheckedFile:
    """The file's name, type, size and checksum, after the checks; InvalidInput otherwise."""
    accepted = "、".join(f"{t.label}（{'/'.join(EXTENSIONS[t])}）" for t in FileType)
    check_size(name, len(data))
    if not data:
        raise InvalidInput(f"附件“{name}”是空文件，未保存")
    found = sniff(data)
    if found is None:
        raise InvalidInput(f"附件“{name}”的内容不是可接受的格式（{accepted}），未保存")
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in EXTENSIONS[found]:
        raise InvalidInput(
            f"附件“{name}”的扩展名与内容不符：内容是{found.label}，"
            f"文件名应以 {' 或 '.join(EXTENSIONS[found])} 结尾；请改正文件名后再附加，未保存"
        )
    clean = re.sub(r"[\x00-\x1f\x7f/\\]", "", name).strip()[:MAX_NAME] or f"附件{suffix}"
    return CheckedFile(clean, found, len(data), hashlib.sha256(data).hexdigest())


#: The records an attachment may belong to instead of the child: ``visit:12``, ``service:3``,
#: a lead ``L000001`` or a plan ``P000001``.
RECORD_KINDS = ("visit", "service", "lead", "plan")
_RECORD = re.compile(r"^(?:(visit|service):(\d{1,9})|([LP])(\d{1,9}))$", re.IGNORECASE)


def parse_record(text: str) -> tuple[str, int] | None:
    """``(kind, number)`` when ``text`` names a record (``visit:12``, ``L000001``), else None
    (it names a child)."""
    m = _RECORD.match(text.strip())
    if m is None:
        return None
    if m.group(1):
        return m.group(1).lower(), int(m.group(2))
    return ("lead" if m.group(3).upper() == "L" else "plan"), int(m.group(4))
