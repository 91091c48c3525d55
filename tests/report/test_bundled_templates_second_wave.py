"""The bundled 月报表.xlsx and 月度工作简报.docx carry the second-wave figures (activities by
kind, children per service and subsidy type, households served, children reached by category,
new children by source, leads by type and source, care agreements and assessments, plans),
filled for October 2026 on the hand-counted station of test_second_wave_figures: every
placeholder filled, each new figure beside its Chinese label, and LibreOffice converts both."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from tests.conftest import Invoke
from tests.report.test_second_wave_figures import monthly, ok
from tests.report.test_second_wave_figures import second_wave as second_wave  # fixture
from tests.report.test_word_briefing import BRIEFING, TEMPLATES, paragraphs

from wbz_cli.domain.metrics import get_path
from wbz_cli.domain.report_keys import SECOND_WAVE

WORKBOOK = TEMPLATES / "月报表.xlsx"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def fill(wbz: Invoke, template: Path, out: Path) -> Path:
    ok(wbz("report", "monthly", "--month", "2026-10", "--template", template, "--out", out))
    return out


def sheet_rows(path: Path) -> list[tuple[Any, ...]]:
    return list(load_workbook(path).active.iter_rows(values_only=True))


def test_the_monthly_sheet_has_every_second_wave_figure(
    second_wave: Invoke, tmp_path: Path
) -> None:
    rows = sheet_rows(fill(second_wave, WORKBOOK, tmp_path / "月报表.xlsx"))
    assert not [v for row in rows for v in row if isinstance(v, str) and "{{" in v]
    shown = {row[1]: row[2] for row in rows if len(row) > 2 and row[1]}
    figures = monthly(second_wave)
    for entry in SECOND_WAVE[1:]:  # as_of is in the heading
        for key, label in entry.expanded():
            value = get_path(figures, key)
            wanted = Decimal(value) if key.endswith("_yuan") else value  # a number in its cell
            assert shown.get(label) == wanted, (key, label)
    assert shown["分类活动场次·主题服务"] == 2 and shown["协议签订率"] == "33.3%"
    assert shown["分类型金额(元)·孤儿基本生活费"] == Decimal("1000.00")
    assert "数据截至：2026-10-31" in rows[1]


def test_the_briefing_writes_the_second_wave_in_sentences(
    second_wave: Invoke, tmp_path: Path
) -> None:
    text = "\n".join(paragraphs(fill(second_wave, BRIEFING, tmp_path / "简报.docx")))
    assert "{{" not in text and "{%" not in text and "}}" not in text
    f = monthly(second_wave)
    care, plans, s = f["care"], f["plans"], f["subsidies"]
    for sentence in (
        "本月新增儿童来源：花名册导入 1 人、登记 2 人、线索 1 人。",
        "覆盖儿童中孤儿 1 人、困境儿童 1 人、农村留守儿童 2 人（一名儿童可属多个类别）",
        "本月线索按类型：监护 1 条；按来源：公安 1 条。",
        "服务儿童 2 人（助学 1 人、心理关爱 1 人）",
        f"惠及儿童 {s['children']} 人",
        "孤儿基本生活费 1 人次、1000.00 元（1 人）",
        f"走访、服务或补贴覆盖家庭 {f['households']['served']} 户",
        "组织开展活动 2 场，参与 50 人次，其中主题服务 2 场、50 人次。",
        f"签订有效委托照护协议的在册儿童 {care['agreements_in_force']} 人，留守儿童协议签订率"
        f" {care['agreement_rate']}",
        f"本月开展监护评估 {care['guardianship_assessments']} 次、风险评估"
        f" {care['risk_assessments']} 次",
        f"在执行个案服务计划 {plans['active']} 个，其中逾期未复核 {plans['reviews_overdue']} 个；"
        f"本月完成计划复核 {plans['reviews']} 次",
        "七、各社区情况",
    ):
        assert sentence in text, sentence


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_both_filled_templates(second_wave: Invoke, tmp_path: Path) -> None:
    assert SOFFICE is not None
    filled = [fill(second_wave, BRIEFING, tmp_path / "简报.docx"),
              fill(second_wave, WORKBOOK, tmp_path / "月报表.xlsx")]  # fmt: skip
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run(
        [SOFFICE, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"),
         *map(str, filled)],
        check=True, capture_output=True, timeout=240,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )  # fmt: skip
    for name in ("简报.pdf", "月报表.pdf"):
        pdf = (tmp_path / "lo" / name).read_bytes()
        assert pdf.startswith(b"%PDF") and len(pdf) > 1000, name
