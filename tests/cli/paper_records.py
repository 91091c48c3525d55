"""What the paper-file tests share: a child with every section of the file filled, made with
the commands a station uses, and the text of a filled Word document."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from tests.cli.care_records import BOY, child_on_file, ok
from tests.conftest import Invoke, make_id

PHONE = "13812345678"
CARER_PHONE = "13900001111"
FATHER_ID = make_id("1980-01-01", 13)
#: A word from every section of the child's file, as the filled document shows it.
SECTION_WORDS = {
    "particulars": "王小明",
    "categories": "留守儿童",
    "cases": "2026-01-05",
    "household": "华阳路100弄",
    "guardians": "外出务工",
    "risks": "风险评估 #1",
    "assessments": "R000001",
    "guardianship_assessments": "G000001",
    "visits": "孩子在家状态良好",
    "leads": "长期旷课",
    "plans": "按时上学",
    "services": "心理关爱",
    "subsidies": "1900.00",
    "care_agreements": "王秀英",
    "placements": "区儿童福利院",
    "pairs": "陈志愿",
    "applications": "事实无人抚养儿童",
    "screenings": "入户摸排",
    "gifts": "温暖包",
    "attachments": "同意书.pdf",
}


def full_child(station: Invoke, folder: Path) -> str:
    """Register 王小明 and give him a record in every section; his code."""
    child = child_on_file(station)
    pdf = folder / "同意书.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")
    steps = [
        ("update", child, "--add-category", "留守儿童", "--on", "2026-02-01"),
        ("household", "update", "H000001", "--address", "华阳路100弄"),
        ("household", "add-guardian", "H000001", "--name", "王建国", "--relation", "父亲",
         "--phone", PHONE, "--situation", "外出务工", "--id-number", FATHER_ID),
        ("assess", "risk", child, "--item", "neglect=3", "--item", "poverty=3", "--on",
         "2026-02-01"),
        ("assess", "guardianship", child, "--result", "监护不足", "--on", "2026-02-01"),
        ("visit", "add", child, "--mode", "入户", "--notes", "孩子在家状态良好", "--on",
         "2026-02-03", "--worker", "张敏"),
        ("refer", "add", child, "--type", "schooling", "--source", "school", "--summary",
         "长期旷课", "--on", "2026-03-01"),
        ("plan", "add", child, "--goal", "按时上学", "--service", "education", "--review-on",
         "2026-12-31", "--on", "2026-03-01"),
        ("service", "add", child, "--type", "psychological", "--provider", "王心怡",
         "--hours", "2", "--on", "2026-03-05"),
        ("subsidy", "add", child, "--type", "orphan", "--month", "2026-03", "--amount", "1900"),
        ("care-agreement", "add", child, "--carer", "王秀英", "--relation", "祖母", "--phone",
         CARER_PHONE, "--signed-on", "2026-01-15"),
        ("placement", "start", child, "--place", "区儿童福利院", "--reason", "父亲被羁押",
         "--on", "2026-04-02"),
        ("placement", "end", "1", "--on", "2026-04-20"),
        ("resource", "add", "--kind", "volunteer", "--name", "陈志愿", "--phone", "13700001111"),
        ("pair", "add", child, "--resource", "R000001", "--from", "2026-05-01"),
        ("apply", "add", child, "--category", "de_facto_unsupported", "--to", "区民政局",
         "--on", "2026-10-08"),
        ("screen", "add", "--name", "王小明", "--id-number", BOY, "--source", "入户摸排",
         "--outcome", "enrolled", "--child", child, "--on", "2026-01-03"),
        ("give", "add", child, "--what", "温暖包", "--kind", "goods", "--value", "200",
         "--donor", "区妇联", "--on", "2026-06-01"),
        ("attach", child, str(pdf), "--kind", "consent"),
    ]  # fmt: skip
    for args in steps:
        ok(station(*args))
    return child


def docx_text(path: Path) -> str:
    """Every paragraph's text of the document (table cells included), one a line."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as document:
        root = ElementTree.fromstring(document.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(f"{w}t")) for p in root.iter(f"{w}p"))


def libreoffice(soffice: str, docx: Path, folder: Path, *targets: str) -> None:
    """Convert ``docx`` with LibreOffice into ``folder`` (``pdf``, ``txt:Text (encoded):UTF8``),
    with a profile and home of its own inside ``folder``'s parent."""
    work = folder.parent
    profile = f"-env:UserInstallation=file://{work / 'profile'}"
    for target in targets:
        subprocess.run(
            [soffice, profile, "--headless", "--convert-to", target, "--outdir", str(folder),
             str(docx)],
            check=True, capture_output=True, timeout=180,
            env={"HOME": str(work), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )  # fmt: skip
