"""Filling a Word template (.docx) with docxtpl: Jinja tags in the document's text, such as
``{{ visits.total }}``, ``{% for c in community_figures %}`` and, for table rows,
``{%tr for c in rows %}`` ... ``{%tr endfor %}``.

The template is looked at before it is read, as bureau workbooks are: a sound zip of at most
MAX_ENTRIES parts, MAX_UNPACKED_BYTES unpacked, no DOCTYPE or entity declaration in any part.
It is rendered in Jinja's sandbox (no reaching into Python objects, ranges capped), with every
value escaped as XML text, and a tag naming nothing is refused with the nearest names. A
document in which a ``{{`` or ``{%`` is still left after rendering (a tag Word split so that
Jinja never saw it, say) is refused too: nothing half-filled reaches the bureau.

Nothing here knows what is filled in: ``render`` takes any context of plain values, dicts
(reached with dots) and lists of dicts.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.sheets.limits import MAX_FILE_BYTES, MAX_UNPACKED_BYTES, MB, PROLOG_BYTES
from wbz_cli.sheets.output import Target

#: Parts of a .docx (a letter with a few pictures has a few dozen).
MAX_ENTRIES = 10_000
#: What a tag may compute: a text or list repeated (``'—' * 20``), a power.
MAX_REPEAT = 10_000
MAX_POWER = 64
FIX = "请用 Word 或 WPS 打开模板，另存为 .docx 后重试"
#: The text parts rendered, and looked at for tags left over.
TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")
LEFT_OVER = re.compile(r"\{\{|\{%")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
               NotImplementedError, RuntimeError)  # fmt: skip


def render(template: Path, context: Mapping[str, Any], out: Target) -> None:
    """Fill ``template`` with ``context`` into ``out``; refuse (``InvalidInput``, nothing
    written) a template that is not a sound .docx, a tag that names nothing, or a tag left."""
    from wbz_cli.sheets.output import write_bytes

    check_document(template)
    data = _rendered(template, context)
    check_filled(data, template.name)
    write_bytes(out, data)


def check_document(path: Path) -> None:
    """Refuse what is not a .docx this tool can read safely, before reading it."""
    from wbz_cli.sheets.limits import check_prolog

    if not path.is_file():
        raise InvalidInput(f"找不到模板文件 {path}，请检查路径")
    if path.suffix.lower() != ".docx":
        raise InvalidInput(
            f"模板 {path.name} 不是 .docx 文档（.doc、带宏的 .docm 等不能用作模板）：{FIX}"
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InvalidInput(
            f"模板“{path.name}”有 {size / MB:,.0f} MB，超过了 {MAX_FILE_BYTES // MB} MB 的上限："
            "请删去模板中的大图片等内容"
        )
    try:
        with zipfile.ZipFile(path) as document:
            parts = document.infolist()
            names = {part.filename for part in parts}
            if not {"[Content_Types].xml", "word/document.xml"} <= names:
                raise _unreadable(path, "其中没有 Word 正文")
            if len(parts) > MAX_ENTRIES:
                raise InvalidInput(
                    f"模板“{path.name}”有 {len(parts):,} 个组成部分，超过了 {MAX_ENTRIES:,} 个的"
                    f"上限（文件里有异常多的内容）：{FIX}"
                )
            total = sum(part.file_size for part in parts)
            if total > MAX_UNPACKED_BYTES:
                raise InvalidInput(
                    f"模板“{path.name}”解压后有 {total / MB:,.0f} MB，超过了 "
                    f"{MAX_UNPACKED_BYTES // MB} MB 的上限（文件里有异常大的内容）：{FIX}"
                )
            for part in parts:
                with document.open(part) as member:
                    head = member.read(PROLOG_BYTES)
                    if part.filename.endswith((".xml", ".rels")):
                        where = f"模板“{path.name}”的 {part.filename} "
                        check_prolog(head, where, kind="Word", fix=FIX)
                    while member.read(MB):  # to its end: the zip's sizes and CRC are checked
                        pass
    except _ZIP_ERRORS as exc:
        raise _unreadable(path, exc.__class__.__name__) from None


def _unreadable(path: Path, why: str) -> InvalidInput:
    return InvalidInput(
        f"模板 {path.name} 不是可读取的 Word 文档（{why}），可能已损坏、不完整或加密：{FIX}"
    )


class Named(dict[str, Any]):
    """A dict of the context that knows its name (``visits``; a row's ``visits`` within the
    list ``row``), to name a missing key in full."""

    def __init__(self, name: str, items: Mapping[str, Any], row: str | None) -> None:
        super().__init__(items)
        self.wbz_name, self.wbz_row = name, row

    def key_name(self, key: str) -> str:
        return f"{self.wbz_name}.{key}" if self.wbz_name else key


def _named(name: str, value: Any, row: str | None = None) -> Any:
    """``value`` with every dict inside it a ``Named`` one; a list's items are rows of it."""
    if isinstance(value, Mapping):
        return Named(name, {k: _named(f"{name}.{k}" if name else k, v, row)
                            for k, v in value.items()}, row)  # fmt: skip
    if isinstance(value, list):
        return [_named("", item, name if row is None else row) for item in value]
    return value


def _environment() -> Any:
    from jinja2 import StrictUndefined, Undefined, UndefinedError
    from jinja2.sandbox import SandboxedEnvironment

    class Unknown(UndefinedError):
        def __init__(self, missing: str, known: list[str], row: str | None) -> None:
            super().__init__(missing)
            self.missing, self.known, self.row = missing, known, row

    class Missing(StrictUndefined):
        """A name or key the context does not have, refused with its full name; what the
        sandbox forbids is refused as the sandbox says."""

        __slots__ = ()

        def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
            parent, name = self._undefined_obj, self._undefined_name
            if self._undefined_hint:
                return super()._fail_with_undefined_error(*args, **kwargs)
            if isinstance(parent, Named) and isinstance(name, str):
                known = [parent.key_name(k) for k in parent]
                raise Unknown(parent.key_name(name), known, parent.wbz_row)
            raise Unknown(str(name), [], None)

    for base in (Undefined, StrictUndefined):  # their dunders are bound to the base's method
        for dunder, method in vars(base).items():
            if method is Undefined._fail_with_undefined_error:
                setattr(Missing, dunder, Missing._fail_with_undefined_error)

    class Sandbox(SandboxedEnvironment):
        """Jinja's sandbox (ranges of at most 100,000), which also refuses to repeat a text or
        list more than MAX_REPEAT times or to raise to a power above MAX_POWER: a tag cannot
        ask for gigabytes."""

        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            from jinja2.exceptions import SecurityError

            numbers = all(isinstance(v, (int, float, Decimal)) for v in (left, right))
            if operator == "**" and (not numbers or abs(right) > MAX_POWER):
                raise SecurityError("power too big")
            if operator == "*" and not numbers and max(_count(left), _count(right)) > MAX_REPEAT:
                raise SecurityError("repeat too big")
            return super().call_binop(context, operator, left, right)

    return Sandbox(autoescape=True, undefined=Missing)


def _count(value: Any) -> int:
    return abs(int(value)) if isinstance(value, (int, float, Decimal)) else 0


def _rendered(template: Path, context: Mapping[str, Any]) -> bytes:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    document = DocxTemplate(template)
    try:
        document.init_docx()
    except Exception as exc:  # whatever python-docx makes of a file it cannot read
        raise _unreadable(template, exc.__class__.__name__) from None
    named = {key: _named(key, value) for key, value in context.items()}
    try:
        document.render(named, _environment(), autoescape=True)
    except UndefinedError as exc:
        missing = getattr(exc, "missing", str(exc))
        known = getattr(exc, "known", []) or [key for key, _ in _dotted(context)]
        raise _unknown_tag(template, missing, known, getattr(exc, "row", None)) from None
    except TemplateSyntaxError as exc:
        where = _paragraph(getattr(exc, "docx_context", ()), exc.lineno)
        raise InvalidInput(
            f"Word 模板“{template.name}”的标签写法有误（{exc.message}）{where}："
            "请检查 {{ }} 与 {% %} 是否成对、for 是否有对应的 endfor"
        ) from None
    except (SecurityError, OverflowError):  # the sandbox's refusals (a range too big)
        raise InvalidInput(
            f"Word 模板“{template.name}”的标签做了不允许的操作（如读取程序内部的对象、"
            "过大的循环）：模板里只能写数字的名称、名单的循环和简单的运算"
        ) from None
    except (ArithmeticError, TypeError, ValueError) as exc:
        raise InvalidInput(
            f"Word 模板“{template.name}”的标签中的运算无法完成（{exc.__class__.__name__}，"
            "如除以零、数字与文字相加）：请检查模板的标签"
        ) from None
    except SyntaxError:  # lxml's, on the XML the tags made: a tag across paragraphs, say
        raise InvalidInput(
            f"Word 模板“{template.name}”填写后的文档结构有误（{{% %}} 标签跨越了段落或表格）："
            "请让每对 {% if %}……{% endif %}、{% for %}……{% endfor %} 在同一段落内，"
            "表格的行用 {%tr for %}……{%tr endfor %}"
        ) from None
    except TemplateError as exc:
        raise InvalidInput(
            f"Word 模板“{template.name}”无法填写（{exc.__class__.__name__}）：请检查模板的标签"
        ) from None
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _dotted(tree: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in tree.items():
        if isinstance(value, Mapping):
            yield from _dotted(value, f"{prefix}{key}.")
        yield f"{prefix}{key}", value


def _unknown_tag(
    template: Path, missing: str, known: Iterable[str], row: str | None
) -> InvalidInput:
    near = get_close_matches(missing, list(known), n=3, cutoff=0.6)
    hint = "，是不是：" + "、".join(near) if near else ""
    within = f"名单 {row} 的一行中的 " if row else "中的 "
    where = _tag_paragraph(template, missing.rsplit(".", 1)[-1])
    return InvalidInput(
        f"Word 模板“{template.name}”{within}{{{{ {missing} }}}} 无法识别{hint}{where}"
    )


def _tag_paragraph(template: Path, name: str) -> str:
    """（所在段落：...） for the first paragraph of the template whose tags mention ``name``."""
    pattern = re.compile(r"\{[{%][^}]*\b" + re.escape(name) + r"\b[^}]*[}%]\}")
    for text in _paragraph_texts(template):
        if pattern.search(text):
            return f"（所在段落：{_short(text)}）"
    return ""


def _paragraph_texts(path: Path | bytes) -> Iterator[str]:
    """The text of each paragraph of the document's text parts (body, headers, footers)."""
    from xml.etree import ElementTree

    source = io.BytesIO(path) if isinstance(path, bytes) else path
    with zipfile.ZipFile(source) as document:
        for name in document.namelist():
            if not TEXT_PARTS.fullmatch(name):
                continue
            root = ElementTree.fromstring(document.read(name))  # checked: no DOCTYPE
            for paragraph in root.iter(f"{_W}p"):
                yield "".join(t.text or "" for t in paragraph.iter(f"{_W}t"))


def _paragraph(lines: Iterable[str], lineno: int | None) -> str:
    """（所在段落：...） from docxtpl's lines around a syntax error (the error's is the 4th)."""
    shown = list(lines)
    if not shown or lineno is None:
        return ""
    text = shown[min(3, lineno - 1, len(shown) - 1)].strip()
    return f"（所在段落：{_short(text)}）" if text else ""


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def check_filled(data: bytes, name: str) -> None:
    """Refuse a filled document in which a ``{{`` or ``{%`` is left."""
    for text in _paragraph_texts(data):
        found = LEFT_OVER.search(text)
        if found:
            raise InvalidInput(
                f"Word 模板“{name}”填写后仍有未能识别的标签（所在段落：{_short(text)}）："
                "请在 Word 中把这个标签删掉重新输入（标签被拆开或格式不一致时无法识别），"
                "并检查 {{ }} 与 {% %} 是否成对"
            )
