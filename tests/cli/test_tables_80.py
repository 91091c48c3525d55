"""Every list and table at an 80-column terminal: codes, dates and amounts are never cut, long
text folds, the least important columns are left out last-first with one line naming them,
and ``wbz --wide`` shows every column. One seeded station (tests/safety/test_masking's, plus
long names, communities and notes) serves every command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from tests.conftest import TODAY, Result, make_id
from tests.safety.test_masking import SEED, write_files
from typer.testing import CliRunner

from wbz_cli.cli import terminal
from wbz_cli.cli.app import app

LONG_COMMUNITY = "华阳路街道长宁支路第二居民区"
LONG_NOTES = "孩子在家，与祖母交流学习情况，作业完成较好，家中卫生需改善，下次走访带上学习用品"

EXTRA = [
    ["register", "--name", "欧阳娜娜", "--id-number", make_id("2016-01-03", 311),
     "-c", "left_behind", "-c", "difficult", "--subtype", "poverty",
     "--community", LONG_COMMUNITY, "--worker", "欧阳主任", "--guardian", "欧阳大山",
     "--guardian-phone", "13800001234", "--on", "2026-03-02"],
    ["register", "--name", "欧阳娜娜", "--id-number", make_id("2016-01-03", 322), "-c", "other",
     "--community", LONG_COMMUNITY, "--on", "2026-04-02"],
    ["visit", "add", "C000007", "-m", "home", "--on", "2026-10-12", "--notes", LONG_NOTES],
    ["refer", "add", "C000007", "--type", "violence_injury", "--source", "home_visit",
     "--on", "2026-11-20"],
    ["refer", "add", "--type", "schooling", "--source", "school", "--on", "2026-11-18",
     "--summary", "长期缺课，家长外出务工联系不上", "--to", "长宁区教育局基础教育科"],
    ["service", "add", "C000007", "--type", "psychological", "--on", "2026-10-20",
     "--provider", "阳光社工事务所心理咨询中心", "--notes", "每周一次，共六次，孩子情绪明显好转"],
    ["subsidy", "add", "C000007", "--type", "orphan", "--month", "2026-10",
     "--amount", "12345.67"],
    ["plan", "add", "C000007", "--goal", "稳定就学，改善情绪，建立与祖母的沟通习惯",
     "--review-on", "2026-11-01", "--on", "2026-05-01"],
    ["activity", "add", "--title", "华阳路街道暑期儿童安全教育主题活动（第二期）",
     "--kind", "training", "--participants", "120", "--on", "2026-08-01"],
    ["resource", "add", "--kind", "lawyer", "--name", "上海市长宁区某某律师事务所张律师",
     "--phone", "13912345678", "--notes", "擅长未成年人监护权纠纷"],
]  # fmt: skip

#: Every command that prints a list or a table (on screen, without --format).
TABLES = [
    ["children"],
    ["children", "--status", "closed"],
    ["show", "C000007"],
    ["show", "C000001"],
    ["household", "list"],
    ["household", "show", "H000007"],
    ["duplicates"],
    ["due", "--within", "60"],
    ["policy", "show"],
    ["visit", "list"],
    ["refer", "list"],
    ["refer", "list", "--overdue"],
    ["refer", "show", "L000003"],
    ["refer", "policy", "show"],
    ["service", "list"],
    ["subsidy", "list"],
    ["subsidy", "rate", "list"],
    ["activity", "list"],
    ["resource", "list"],
    ["assess", "list"],
    ["assess", "sheet"],
    ["care-agreement", "list"],
    ["care-agreement", "rate", "--missing"],
    ["plan", "list"],
    ["plan", "list", "--overdue"],
    ["audit"],
    ["history", "C000007"],
    ["doctor"],
    ["consent", "C000001"],
    ["purge", "--closed-before", "2026-11-01", "--dry-run"],
    ["match", "lowincome.csv", "-k", "lowincome"],
    ["import", "roster", "roster.csv", "--dry-run"],
]

DROPPED = "窄屏省略列"
CUT_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d(?!\d)|(?<![\d-])\d{4}-\d(?![\d])")
CUT_CODE = re.compile(r"(?<![A-Za-z0-9])[CLHP]\d{1,5}(?![\d])")
CODE = re.compile(r"C\d{6}")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("tables80")
    for args in SEED + EXTRA:
        result = run(here, args, width=200)
        assert result.exit_code == 0, (args, result.stderr)
    write_files(here)
    return here


def run(folder: Path, args: list[str], *, width: int, wide: bool = False) -> Result:
    """``wbz`` in ``folder`` at a terminal ``width`` columns wide."""
    env = {"WBZ_TODAY": TODAY, "WBZ_OPERATOR": "tester", "COLUMNS": str(width),
           "NO_COLOR": "1", "TERM": "dumb"}  # fmt: skip
    saved = terminal._CONSOLE
    terminal._CONSOLE = None  # a console of this width for this run
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(folder)
            result = CliRunner().invoke(
                app, ["--db", "wbz.db", *(["--wide"] if wide else []), *args], env=env
            )
    finally:
        terminal._CONSOLE = saved
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Result(result.exit_code, result.stdout, result.stderr)


def dropped_labels(out: str) -> list[str]:
    lines = [line for line in out.splitlines() if DROPPED in line]
    if not lines:
        return []
    assert len(lines) == 1, lines  # one line, even for due's table per 儿童主任
    assert "--wide" in lines[0]
    return lines[0].split("：", 1)[1].split("；", 1)[0].split("、")


@pytest.mark.parametrize("args", TABLES, ids=" ".join)
def test_fits_80_columns_with_codes_and_dates_whole(folder: Path, args: list[str]) -> None:
    narrow = run(folder, args, width=80)
    assert narrow.exit_code in (0, 3), narrow.stderr
    wide = run(folder, args, width=80, wide=True)
    assert wide.exit_code == narrow.exit_code, wide.stderr
    for line in narrow.stdout.splitlines():
        if DROPPED not in line:
            assert cell_len(line.rstrip()) <= 80, line
    assert not CUT_DATE.findall(narrow.stdout), CUT_DATE.findall(narrow.stdout)
    assert not CUT_CODE.findall(narrow.stdout), CUT_CODE.findall(narrow.stdout)
    # Children's codes are never cut nor left out with a column.
    assert set(CODE.findall(narrow.stdout)) == set(CODE.findall(wide.stdout))
    assert DROPPED not in wide.stdout
    for label in dropped_labels(narrow.stdout):
        assert label in wide.stdout


def test_duplicates_keep_codes_names_dates_and_the_community(folder: Path) -> None:
    out = run(folder, ["duplicates"], width=80).stdout
    for code in ("C000001", "C000004", "C000007", "C000008"):
        assert code in out
    assert "欧阳娜娜" in out and "2016-01-03" in out and "2014-03-01" in out
    assert "居民区" in out and "华阳居民区" in out
    assert dropped_labels(out) == ["登记日期", "家庭"]
    wide = run(folder, ["duplicates"], width=80, wide=True).stdout
    assert "登记日期" in wide and "H000007" in wide  # the community folds
    assert max(cell_len(line) for line in wide.splitlines()) > 80


def test_overdue_leads_keep_the_deadline_and_days(folder: Path) -> None:
    result = run(folder, ["refer", "list", "--overdue"], width=80)
    assert result.exit_code == 3
    out = result.stdout
    for text in ("期限", "超期天数", "督办事项", "2026-11-20", "2026-11-21", "L000002"):
        assert text in out
    assert dropped_labels(out) == ["接收单位", "发现日期"]


def test_long_text_folds_instead_of_being_left_out_or_cut(folder: Path) -> None:
    out = run(folder, ["show", "C000007"], width=80).stdout
    folded = "".join(line.strip() for line in out.splitlines())
    assert LONG_NOTES.replace("，", "") in folded.replace(" ", "").replace("，", "")


def test_a_wide_terminal_shows_every_column_without_a_note(folder: Path) -> None:
    out = run(folder, ["duplicates"], width=200).stdout
    assert DROPPED not in out
    assert "登记日期" in out and LONG_COMMUNITY in out


def test_wbz_wide_from_the_environment(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WBZ_WIDE", "1")
    out = run(folder, ["duplicates"], width=80).stdout
    assert DROPPED not in out and "登记日期" in out
