"""The paper file of issue 25 (一人一档、一户一档): ``wbz show CHILD --out X.docx`` and
``wbz household show H --out X.docx`` fill the bundled Word template (or ``--template``'s)
with the whole file; numbers masked unless ``--reveal``; every file 0600 and audited."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from tests.cli.care_records import BOY, child_on_file, ok, refused
from tests.cli.paper_records import (
    CARER_PHONE,
    FATHER_ID,
    PHONE,
    SECTION_WORDS,
    docx_text,
    full_child,
    libreoffice,
)
from tests.conftest import Invoke
from tests.report.test_word_briefing import word_file

from wbz_cli.domain.privacy import mask_id, mask_phone

ROOT = Path(__file__).resolve().parents[2]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def exports(station: Invoke) -> list[dict]:  # type: ignore[type-arg]
    rows = station("audit", "--action", "export", "--format", "json").json()
    return [r for r in rows if r["record_type"] in ("child_file", "household_file")]


def test_the_childs_file_holds_every_section_with_numbers_masked(
    station: Invoke, tmp_path: Path
) -> None:
    child = full_child(station, tmp_path)
    result = ok(station("show", child, "--out", "档案.docx"))
    assert f"写好 {child} 的档案" in result.stdout + result.stderr
    out = tmp_path / "档案.docx"
    text = docx_text(out)
    missing = [section for section, word in SECTION_WORDS.items() if word not in text]
    assert missing == []
    assert "{{" not in text and "{%" not in text
    assert "暂无" not in text  # every section has rows
    assert mask_id(BOY) in text and BOY not in text
    assert mask_phone(PHONE) in text and PHONE not in text
    assert FATHER_ID not in text and CARER_PHONE not in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    [row] = exports(station)
    assert row["record_key"] == child and row["after"]["reveal"] is False
    assert row["after"]["file"].endswith("档案.docx")


def test_reveal_writes_the_full_numbers_and_says_so_in_the_audit(
    station: Invoke, tmp_path: Path
) -> None:
    child = full_child(station, tmp_path)
    ok(station("show", child, "--out", "档案.docx", "--reveal"))
    text = docx_text(tmp_path / "档案.docx")
    assert BOY in text and PHONE in text and FATHER_ID in text and CARER_PHONE in text
    [row] = exports(station)
    assert row["after"]["reveal"] is True


def test_an_empty_section_prints_none_yet(station: Invoke, tmp_path: Path) -> None:
    child = child_on_file(station)
    ok(station("show", child, "--out", "档案.docx"))
    text = docx_text(tmp_path / "档案.docx")
    assert text.count("暂无") == 15  # all but categories, cases and risks (a new child's)
    assert "{{" not in text and "{%" not in text
    assert "王小明" in text and "孤儿" in text


def test_the_households_file(station: Invoke, tmp_path: Path) -> None:
    full_child(station, tmp_path)
    ok(station("give", "add", "H000001", "--what", "过冬棉被", "--kind", "goods", "--value",
               "150", "--on", "2026-11-20"))  # fmt: skip
    ok(station("household", "show", "H000001", "--out", "户.docx"))
    text = docx_text(tmp_path / "户.docx")
    for word in ("家庭一户一档（H000001）", "华阳路100弄", "王建国", "外出务工",  # guardians
                 "C000001", "王小明", "留守儿童",  # the child's line
                 "孩子在家状态良好", "过冬棉被", "温暖包"):  # fmt: skip
        assert word in text, word
    assert "{{" not in text and "{%" not in text
    assert mask_phone(PHONE) in text and PHONE not in text and BOY not in text
    [row] = exports(station)
    assert (row["record_type"], row["record_key"]) == ("household_file", "H000001")
    ok(station("household", "show", "H000001", "--out", "户.docx", "--reveal", "--force"))
    text = docx_text(tmp_path / "户.docx")
    assert PHONE in text and FATHER_ID in text and BOY in text
    rows = sorted(exports(station), key=lambda r: r["id"])
    assert [r["after"]["reveal"] for r in rows] == [False, True]


def test_a_stations_own_template(station: Invoke, tmp_path: Path) -> None:
    child = full_child(station, tmp_path)
    visits = "{% for v in visits %}{{ v.visited_on }} {{ v.notes }}{% endfor %}"
    template = word_file(tmp_path / "本站档案.docx", "姓名：{{ child.name }}",
                         "住址：{{ household.address }}", visits)  # fmt: skip
    ok(station("show", child, "--template", template, "--out", "填好.docx"))
    text = docx_text(tmp_path / "填好.docx")
    assert text.splitlines() == ["姓名：王小明", "住址：华阳路100弄", "2026-02-03 孩子在家状态良好"]
    [row] = exports(station)
    assert row["after"]["template"] == "本站档案.docx"


def test_a_template_with_an_unknown_tag_names_it(station: Invoke, tmp_path: Path) -> None:
    child = child_on_file(station)
    template = word_file(tmp_path / "错.docx", "姓名：{{ child.nmae }}")
    line = refused(station("show", child, "--template", template, "--out", "x.docx"),
                   "child.nmae", "child.name")  # fmt: skip
    assert len(line.strip().splitlines()) == 1
    assert not (tmp_path / "x.docx").exists()
    assert exports(station) == []


def test_refused_outputs(station: Invoke, tmp_path: Path, db_path: Path) -> None:
    child = child_on_file(station)
    before = db_path.read_bytes()
    for args, word in (
        (("--out", str(db_path)), "数据库"),
        (("--template", str(tmp_path / "t.docx"), "--out", str(tmp_path / "t.docx")), "模板"),
        (("--template", str(tmp_path / "t.docx")), "--out"),
        (("--out", "x.docx", "--format", "json"), "--format"),
    ):
        if "t.docx" in " ".join(args):
            shutil.copy(ROOT / "data" / "templates" / "一人一档.docx", tmp_path / "t.docx")
        line = refused(station("show", child, *args), word)
        assert len(line.strip().splitlines()) == 1 and "错误" in line
    assert db_path.read_bytes()[:100] == before[:100]
    assert not (tmp_path / "x.docx").exists()
    ok(station("show", child, "--out", "x.docx"))
    refused(station("show", child, "--out", "x.docx"), "已存在", "--force")
    ok(station("show", child, "--out", "x.docx", "--force"))
    refused(station("household", "show", "H000001", "--out", str(db_path)), "数据库")


def test_the_bundled_templates_are_in_the_package() -> None:
    for name in ("一人一档.docx", "一户一档.docx"):
        shipped = ROOT / "src" / "wbz_cli" / "data" / "templates" / name
        assert shipped.read_bytes() == (ROOT / "data" / "templates" / name).read_bytes()
    assert '"data/templates/*.docx"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_childs_file(station: Invoke, tmp_path: Path) -> None:
    child = full_child(station, tmp_path)
    out = tmp_path / "档案.docx"
    ok(station("show", child, "--out", out))
    assert SOFFICE is not None
    libreoffice(SOFFICE, out, tmp_path / "lo", "pdf", "txt:Text (encoded):UTF8")
    pdf = (tmp_path / "lo" / "档案.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    shown = (tmp_path / "lo" / "档案.txt").read_text(encoding="utf-8-sig")
    assert "未成年人一人一档" in shown and "孩子在家状态良好" in shown and "{{" not in shown
