"""What a file that cannot be read as a workbook really is, told from its first bytes, and what
the user can do about it: a web page or a text file saved with an .xls name (what many systems
export), a workbook cut short, a password-protected one, a picture. The messages name the file
and the fix in Chinese, never the library that failed to read it."""

from __future__ import annotations

from pathlib import Path

from wbz_cli.domain.errors import InvalidInput

HEAD_BYTES = 2048
SAVE_AS = "用 Excel 或 WPS 打开后另存为 .xlsx 再试"
RESAVE = f"请{SAVE_AS}"
_ZIP = b"PK"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and any workbook with an open password
_PICTURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"%PDF")


def describe(path: Path) -> tuple[str, str]:
    """(what the file seems to be, the fix) for a file that is not a readable workbook."""
    try:
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError:
        head = b""
    suffix = path.suffix.lower()
    if not head.strip():
        return "文件是空的", "请重新获取文件后再试"
    if head.startswith(_ZIP):
        return "文件不完整或已损坏，可能没有下载或复制完", f"请重新获取文件，或{SAVE_AS}"
    if head.startswith(_OLE):
        if suffix == ".xls":
            return "文件已损坏或设置了打开密码", f"请去掉打开密码，或{SAVE_AS}"
        return "它是旧版 .xls 文件或设置了打开密码", f"请去掉打开密码，或{SAVE_AS}"
    if head.startswith(_PICTURES):
        return "它是图片或 PDF，不是表格", "请提供 Excel 表格文件"
    text = _as_text(head)
    if text is not None:
        lowered = text.lstrip().lower()
        if "<html" in lowered or "<table" in lowered or lowered.startswith("<!doctype html"):
            return f"它其实是网页（HTML）文件，只是扩展名是 {suffix}", RESAVE
        if lowered.startswith("<?xml"):
            return f"它其实是 XML 文件（如 Excel 2003 XML 表格），只是扩展名是 {suffix}", RESAVE
        return (
            f"它其实是文本文件（如 CSV），只是扩展名是 {suffix}",
            f"请把扩展名改为 .csv 后再导入，或{SAVE_AS}",
        )
    return "可能已损坏、不完整，或只是改了扩展名", RESAVE


def not_a_workbook(path: Path, why: str | None = None) -> InvalidInput:
    """The refusal of ``path`` as a workbook; ``why`` (Chinese) when the caller knows better
    than the file's first bytes tell."""
    seems, fix = describe(path)
    if why is not None:
        seems, fix = why, RESAVE
    return InvalidInput(f"无法读取表格文件“{path.name}”：它不是有效的 Excel 文件（{seems}）：{fix}")


def _as_text(head: bytes) -> str | None:
    """``head`` as text when it is text in a usual encoding (a cut-off last character
    allowed), else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    if b"\x00" in head:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:
                continue
            text = head[: exc.start].decode(encoding)
        controls = sum(c < " " and c not in "\t\r\n" for c in text)
        return text if controls * 20 <= len(text) else None
    return None
