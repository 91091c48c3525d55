"""Small hostile spreadsheets, written member by member so that each stays small on disk: the
far cell, the shared-string bomb, the big cell, XXE, billion laughs, a million empty rows,
100,000 columns, files that are not what their name says, a truncated zip."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

from wbz_cli.sheets.limits import column_letters

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADERS = ["姓名", "身份证号码", "儿童类别"]

_OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OOXML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OOXML}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_OOXML}.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" '
    f'xmlns:r="{DOC_RELS}"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>"
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def header_row() -> str:
    cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
        for i, h in enumerate(HEADERS)
    )
    return f'<row r="1">{cells}</row>'


def sheet_xml(rows: str | Iterable[str], dimension: str = "A1:C2", prolog: str = "") -> bytes:
    body = rows if isinstance(rows, str) else "".join(rows)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>{header_row()}{body}</sheetData></worksheet>'
    ).encode()


def strings_xml(strings: Iterable[str], prolog: str = "") -> bytes:
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<sst xmlns="{MAIN}">{items}</sst>'
    ).encode()


def write_xlsx(path: Path, sheet: bytes, strings: bytes | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
        book.writestr("xl/sharedStrings.xml", strings if strings is not None else strings_xml([]))
    return path


def far_cell(path: Path) -> Path:
    """A header in row 1 and one number at XFD1048576, the last cell a sheet can have."""
    row = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return write_xlsx(path, sheet_xml(row, "A1:C1"))


def shared_string_bomb(path: Path, length: int = 20_000_000, uses: int = 1_000) -> Path:
    """One long shared string used by ``uses`` cells."""
    rows = (f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(2, uses + 2))
    return write_xlsx(path, sheet_xml(rows, f"A1:C{uses + 1}"), strings_xml(["A" * length]))


def reused_strings(path: Path, length: int = 30_000, uses: int = 200_000) -> Path:
    """Strings each short enough for a cell, one used so often that the copies fill memory."""
    rows = (
        f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c><c r="B{n}" t="s"><v>0</v></c></row>'
        for n in range(2, uses // 2 + 2)
    )
    return write_xlsx(path, sheet_xml(rows, f"A1:C{uses // 2 + 1}"), strings_xml(["字" * length]))


def big_cell(path: Path, length: int = 150_000_000) -> Path:
    """One inline string of ``length`` characters."""
    row = f'<row r="2"><c r="A2" t="inlineStr"><is><t>{"A" * length}</t></is></c></row>'
    return write_xlsx(path, sheet_xml(row))


XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def xxe(path: Path) -> Path:
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    return write_xlsx(path, sheet_xml(row, prolog=XXE))


def billion_laughs(path: Path) -> Path:
    return write_xlsx(path, sheet_xml("", "A1:C1"), strings_xml(["&lol9;"], prolog=LAUGHS))


def empty_rows(path: Path, count: int = 1_000_000) -> Path:
    """A header, then ``count`` rows of one empty text each."""
    rows = (f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(2, count + 2))
    return write_xlsx(path, sheet_xml(rows, f"A1:C{count + 1}"), strings_xml([""]))


def many_columns(path: Path, count: int = 100_000) -> Path:
    """A second row with a number in each of ``count`` columns."""
    cells = "".join(f'<c r="{column_letters(n)}2"><v>{n}</v></c>' for n in range(1, count + 1))
    return write_xlsx(path, sheet_xml(f'<row r="2">{cells}</row>', f"A1:{column_letters(count)}2"))


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a"
    b"\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)


def png(path: Path) -> Path:
    path.write_bytes(PNG)
    return path


def docx(path: Path) -> Path:
    """A Word document: a zip, but without a workbook."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as doc:
        doc.writestr("[Content_Types].xml", "<Types/>")
        doc.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_RELS}/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        doc.writestr("word/document.xml", "<w:document/>")
    return path


def truncated(path: Path) -> Path:
    """The first half of a proper workbook."""
    whole = write_xlsx(path.with_name("whole.xlsx"), sheet_xml(""))
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


# Templates for ``wbz report monthly --template``: openpyxl's own workbooks, altered.


def template(path: Path, rows: Iterable[Iterable[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def rewrite(path: Path, change: dict[str, bytes | None], add: dict[str, bytes]) -> Path:
    """``path`` with some members replaced (None: left out) and others added."""
    with zipfile.ZipFile(path) as old:
        members = {name: old.read(name) for name in old.namelist()}
    for name, data in change.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    members.update(add)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members.items():
            new.writestr(name, data)
    return path


def template_far_cell(path: Path) -> Path:
    """A template whose last cell is formatted: openpyxl would walk 17 billion cells."""
    template(path, [["在册儿童", "{{children.active}}"]])
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml")
    far = b'<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>'
    return rewrite(path, {"xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>", far)}, {})


def template_many_each_rows(path: Path, count: int = 3_000) -> Path:
    return template(path, [["{{#each children}}{{name}}", "{{/each}}"]] * count)


def template_doctype(path: Path) -> Path:
    template(path, [["{{children.active}}"]])
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet1.xml")
    head, _, rest = sheet.partition(b"?>")
    doctype = (head + b"?>" + LAUGHS.encode() + rest) if rest else LAUGHS.encode() + sheet
    return rewrite(path, {"xl/worksheets/sheet1.xml": doctype}, {})


EXTERNAL_LINK = (
    f'<externalLink xmlns="{MAIN}"><externalBook xmlns:r="{DOC_RELS}" r:id="rId1">'
    '<sheetNames><sheetName val="工资"/></sheetNames></externalBook></externalLink>'
)


def template_external_link(path: Path) -> Path:
    """A template that links to a workbook on the bureau's file server."""
    template(path, [["在册儿童", "{{children.active}}"]])
    with zipfile.ZipFile(path) as book:
        workbook = book.read("xl/workbook.xml")
        rels = book.read("xl/_rels/workbook.xml.rels")
        types = book.read("[Content_Types].xml")
    link_type = f"{DOC_RELS}/externalLink"
    rels = rels.replace(
        b"</Relationships>",
        f'<Relationship Id="rId99" Type="{link_type}" '
        'Target="externalLinks/externalLink1.xml"/></Relationships>'.encode(),
    )
    workbook = workbook.replace(
        b"</sheets>",
        b'</sheets><externalReferences><externalReference r:id="rId99"/></externalReferences>',
    )
    types = types.replace(
        b"</Types>",
        f'<Override PartName="/xl/externalLinks/externalLink1.xml" '
        f'ContentType="{_OOXML}.externalLink+xml"/></Types>'.encode(),
    )
    link_rels = (
        f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" '
        f'Type="{DOC_RELS}/externalLinkPath" Target="file:///\\\\server\\share\\工资.xlsx" '
        'TargetMode="External"/></Relationships>'
    )
    return rewrite(
        path,
        {
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": rels,
            "[Content_Types].xml": types,
        },
        {
            "xl/externalLinks/externalLink1.xml": EXTERNAL_LINK.encode(),
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels.encode(),
        },
    )


CSV_HEAD = "姓名,身份证号码,儿童类别\n王小明,110101201506010011,孤儿\n"


def nul_csv(path: Path) -> Path:
    path.write_bytes(CSV_HEAD.encode() + "李\x00红,110101201506010022,孤儿\n".encode())
    return path


def mixed_csv(path: Path) -> Path:
    """UTF-8 rows, then one pasted from a GBK file."""
    path.write_bytes(CSV_HEAD.encode() + "张小华,110101201506010033,孤儿\n".encode("gbk"))
    return path
