"""The written briefing (工作简报): ``report monthly --template X.docx --out Y.docx`` fills a
Word template with the report's figures; the bundled 月度工作简报.docx writes the month as the
stations' own briefings do, and LibreOffice opens what it writes."""

from __future__ import annotations

import re
import shutil
import sqlite3
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from tests.cli.paper_records import libreoffice
from tests.conftest import Invoke, Result

TEMPLATES = Path(__file__).resolve().parents[2] / "data" / "templates"
BRIEFING = TEMPLATES / "月度工作简报.docx"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
MONTH = ("report", "monthly", "--month", "2026-10")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def brief(wbz: Invoke, out: Path, template: Path = BRIEFING, *extra: str) -> Result:
    return wbz(*MONTH, "--template", template, "--out", out, *extra)


def paragraphs(docx: Path) -> list[str]:
    """The text of each paragraph of word/document.xml, table cells included."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(docx) as document:
        root = ElementTree.fromstring(document.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")]


def table_rows(docx: Path) -> list[list[str]]:
    from xml.etree import ElementTree

    with zipfile.ZipFile(docx) as document:
        root = ElementTree.fromstring(document.read("word/document.xml"))
    return [
        ["".join(t.text or "" for t in cell.iter(f"{_W}t")) for cell in row.iter(f"{_W}tc")]
        for row in root.iter(f"{_W}tr")
    ]


def report(wbz: Invoke, *extra: str) -> dict[str, Any]:
    result = wbz(*MONTH, "-f", "json", *extra)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = result.json()
    return data


def word_file(path: Path, *texts: str) -> Path:
    """A Word document of one paragraph per text, as a user would type the tags."""
    from docx import Document

    document = Document()
    for text in texts:
        document.add_paragraph(text)
    document.save(path)
    return path


def test_the_bundled_briefing_writes_the_months_figures(october: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "简报.docx"
    result = brief(october, out)
    assert result.exit_code == 0, result.stderr
    text = "\n".join(paragraphs(out))
    assert "{{" not in text and "{%" not in text and "}}" not in text
    f = report(october)
    v, r, s, m = f["visits"], f["referrals"], f["subsidies"], f["visits"]["by_mode"]
    c, a = f["children"], f["activities"]
    for sentence in (
        f"本月共开展入户走访 {m['home']} 次、电话微信随访 {m['phone'] + m['wechat']} 次",
        f"合计 {v['total']} 次，覆盖儿童 {v['children_reached']} 人",
        f"截至 {f['as_of']}，逾期未访儿童 {v['overdue']} 人",
        f"本站在册儿童 {c['active']} 人，涉及家庭 {f['households']['active']} 户",
        f"本月新增 {c['new']} 人、退出 {c['closed']} 人",
        f"本月发现线索 {r['found']} 条（其中强制报告 {r['mandatory']} 条）",
        f"目前在办 {r['open']} 条，其中超期 {r['overdue']} 条",
        f"发放各类补贴 {s['payments']} 人次、{s['amount_yuan']} 元",
        f"组织开展活动 {a['count']} 场，参与 {a['participants']} 人次",
        "孤儿 1 人、困境儿童 1 人",  # the categories held, none of the empty ones
        "孤儿基本生活费 1 人次、1200.50 元",
        "华阳路街道未保站未成年人保护工作简报",
        "（2026-10，数据截至 2026-10-31）",
    ):
        assert sentence in text, sentence
    assert "事实无人抚养儿童 0 人" not in text


def test_the_briefings_table_has_a_row_per_community(october: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "简报.docx"
    assert brief(october, out).exit_code == 0
    groups = report(october, "--by", "community")["by_community"]
    figures = report(october)
    header, *rows, total = table_rows(out)
    assert header[:3] == ["社区", "在册儿童", "走访随访"]
    expected = [
        [name, str(g["children"]["active"]), str(g["visits"]["total"]),
         str(g["visits"]["children_reached"]), str(g["visits"]["overdue"]),
         str(g["referrals"]["found"]), str(g["services"]["total"]),
         str(g["subsidies"]["payments"])]
        for name, g in sorted(groups.items()) if name != "（未关联儿童）"
    ]  # fmt: skip
    assert rows == expected and [r[0] for r in rows] == ["乙社区", "甲社区"]
    active, visits = figures["children"]["active"], figures["visits"]["total"]
    assert total[:3] == ["合计", str(active), str(visits)]
    with_unlinked = tmp_path / "含未关联.docx"
    assert brief(october, with_unlinked, BRIEFING, "--include-unlinked").exit_code == 0
    assert "（未关联儿童）" in [r[0] for r in table_rows(with_unlinked)]


def test_the_briefing_is_private_and_its_export_audited(
    october: Invoke, tmp_path: Path, db_path: Path
) -> None:
    out = tmp_path / "简报.docx"
    assert brief(october, out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with sqlite3.connect(db_path) as conn:
        exports = conn.execute("SELECT after FROM audit_log WHERE action = 'export'").fetchall()
    assert len(exports) == 1 and "简报.docx" in exports[0][0]


def test_a_station_named_with_markup_stays_text(wbz: Invoke, tmp_path: Path) -> None:
    assert wbz("init", "--station", "<w:p>&站", "--district", "长宁区").exit_code == 0
    out = tmp_path / "简报.docx"
    assert brief(wbz, out, word_file(tmp_path / "模板.docx", "单位：{{ station }}")).exit_code == 0
    assert paragraphs(out) == ["单位：<w:p>&站"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("走访 {{ visits.totl }} 次",
         ["{{ visits.totl }}", "是不是：visits.total", "所在段落：走访"]),
        ("{{ vists.total }}", ["{{ vists }}", "是不是：visits"]),
        ("{% for c in community_figures %}{{ c.nmae }}{% endfor %}",
         ["community_figures 的一行", "{{ nmae }}", "是不是：name"]),
        ("{% for c in community_figures %}{{ c.visits.totl }}{% endfor %}",
         ["{{ visits.totl }}", "是不是：visits.total"]),
        ("走访 {{ visits.total } 次", ["标签写法有误"]),
        ("{{ station.__class__ }}", ["不允许的操作"]),
        ("{% for i in range(1000000) %}x{% endfor %}", ["不允许的操作"]),
        ("{{ '很长' * 100000000 }}", ["不允许的操作"]),
        ("{{ visits.total / 0 }}", ["运算无法完成"]),
        ("{% raw %}{{ visits.total }}{% endraw %}",
         ["仍有未能识别的标签", "所在段落：{{ visits.total }}"]),
    ],
)  # fmt: skip
def test_a_tag_that_cannot_be_filled_is_refused(
    october: Invoke, tmp_path: Path, text: str, said: list[str]
) -> None:
    out = tmp_path / "简报.docx"
    result = brief(october, out, word_file(tmp_path / "模板.docx", text))
    assert result.exit_code == 1, result.stdout
    for words in said:
        assert words in result.stderr, (words, result.stderr)
    assert "Traceback" not in result.stderr and not out.exists()


def _rewritten(source: Path, target: Path, change: dict[str, bytes], extra: int = 0) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, change.get(item.filename, old.read(item)))
        for n in range(extra):
            new.writestr(f"customXml/extra{n}.bin", b"")
    return target


def test_a_template_with_a_doctype_is_refused(october: Invoke, tmp_path: Path) -> None:
    with zipfile.ZipFile(BRIEFING) as document:
        body = document.read("word/document.xml")
    declaration, rest = body.split(b"?>", 1)
    evil = declaration + b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + rest
    source = _rewritten(BRIEFING, tmp_path / "坏模板.docx", {"word/document.xml": evil})
    result = brief(october, tmp_path / "简报.docx", source)
    assert result.exit_code == 1 and "DOCTYPE" in result.stderr and "Word" in result.stderr
    assert not (tmp_path / "简报.docx").exists()


def test_a_template_of_too_many_parts_is_refused(
    october: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("wbz_cli.sheets.word_template.MAX_ENTRIES", 40)
    source = _rewritten(BRIEFING, tmp_path / "多.docx", {}, extra=40)
    result = brief(october, tmp_path / "简报.docx", source)
    assert result.exit_code == 1 and "个组成部分" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("假.docx", b"not a zip", "不是可读取的 Word 文档"),
        ("旧.doc", b"\xd0\xcf\x11\xe0", "不是 .docx 文档"),
    ],
)
def test_what_is_not_a_docx_is_refused(
    october: Invoke, tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    result = brief(october, tmp_path / "简报.docx", source)
    assert result.exit_code == 1 and said in result.stderr, result.stderr


def test_the_output_may_not_be_the_template_nor_a_workbook(october: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "简报模板.docx"
    shutil.copy(BRIEFING, source)
    before = source.read_bytes()
    result = brief(october, source, source, "--force")
    assert result.exit_code == 1 and "模板文件本身" in result.stderr
    result = brief(october, tmp_path / "简报.xlsx", source)
    assert result.exit_code == 1 and ".docx" in result.stderr
    assert source.read_bytes() == before


def test_a_list_of_the_report_is_reached_by_its_name_with_underscores(
    october: Invoke, tmp_path: Path
) -> None:
    source = word_file(
        tmp_path / "模板.docx",
        "{% for r in visits_by_mode %}{{ r.label }}{{ r.value }}{% endfor %}",
        "{% for m in trend %}{{ m.month }}:{{ m.visits }};{% endfor %}",
        "{{ roster | length }} {{ period.first }} {{ subsidies.by_type.orphan.amount_yuan }}",
    )
    out = tmp_path / "简报.docx"
    result = brief(october, out, source)
    assert result.exit_code == 0, result.stderr
    modes, trend, line = paragraphs(out)
    assert modes.startswith("入户1电话1微信1")
    assert trend.endswith("2026-10:3;")
    assert line == "6 2026-10-01 1200.50"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_briefing(october: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "简报.docx"
    assert brief(october, out).exit_code == 0
    assert SOFFICE is not None
    libreoffice(SOFFICE, out, tmp_path / "lo", "pdf", "txt:Text (encoded):UTF8")
    pdf = (tmp_path / "lo" / "简报.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    shown = (tmp_path / "lo" / "简报.txt").read_text(encoding="utf-8-sig")
    assert re.search(r"本月共开展入户走访 1 次、电话微信随访 2 次", shown)
    assert "{{" not in shown
