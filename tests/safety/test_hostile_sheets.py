"""Small hostile spreadsheets (tests/safety/hostile_files.py) read under a 1 GB memory limit:
each is refused with one clear Chinese message naming what is wrong, exit code 1, no Rust
panic, no traceback, no "internal error"."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import TODAY, make_id
from tests.safety import hostile_files as hostile

LIMIT = 1 << 30


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


@pytest.fixture
def wbz_limited(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``wbz --db DB ARGS`` in a child process limited to 1 GB of address space."""
    db = tmp_path / "limited.db"
    env = {**os.environ, "WBZ_TODAY": TODAY, "WBZ_OPERATOR": "tester", "NO_COLOR": "1"}
    env.pop("WBZ_DEBUG", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "wbz_cli", "--db", str(db), *args],
            capture_output=True,
            text=True,
            env=env,
            preexec_fn=_limit_memory,
            timeout=120,
            check=False,
        )

    done = run("init", "--station", "测试站")
    assert done.returncode == 0, done.stderr
    return run


def refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:], done.stdout[-500:])
    for bad in ("Traceback", "panicked", "程序内部错误", "memory allocation"):
        assert bad not in done.stderr, done.stderr[-2000:]
    assert done.stderr.startswith("错误："), done.stderr[-2000:]
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


CASES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "far_cell": (hostile.far_cell, ("1,048,576 行", "200,000 行的上限")),
    "shared_string_bomb": (hostile.shared_string_bomb, ("32,767 个字的上限",)),
    "reused_strings": (hostile.reused_strings, ("共享文字合计超过", "MB")),
    "big_cell": (lambda p: hostile.big_cell(p, 5_000_000), ("32,767 个字的上限",)),
    "unpacked": (lambda p: hostile.big_cell(p, 210_000_000), ("解压后", "200 MB 的上限")),
    "xxe": (hostile.xxe, ("DOCTYPE",)),
    "billion_laughs": (hostile.billion_laughs, ("DOCTYPE", "sharedStrings.xml")),
    "empty_rows": (hostile.empty_rows, ("200,000 行的上限",)),
    "many_columns": (hostile.many_columns, ("第 CW 列", "100 列")),
    "png": (hostile.png, ("不是有效的 Excel 文件",)),
    "docx": (hostile.docx, ("不是有效的 Excel 文件", "没有工作簿")),
    "truncated": (hostile.truncated, ("不是有效的 Excel 文件",)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_import_roster_refuses_hostile_workbook(
    case: str, tmp_path: Path, wbz_limited: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    build, words = CASES[case]
    path = build(tmp_path / f"{case}.xlsx")
    assert path.stat().st_size < 6_000_000  # small on disk, whatever it unpacks to
    refused(wbz_limited("import", "roster", str(path), "--dry-run"), *words)


@pytest.mark.parametrize("case", ["far_cell", "reused_strings", "xxe"])
def test_match_refuses_hostile_workbook(
    case: str, tmp_path: Path, wbz_limited: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    build, words = CASES[case]
    path = build(tmp_path / f"{case}.xlsx")
    refused(wbz_limited("match", str(path), "--kind", "lowincome"), *words)


def test_styled_empty_cells_far_away_are_no_reason_to_refuse(
    tmp_path: Path, wbz_limited: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    """Formatting down to the last row (``<c r="A1048576" s="1"/>``) holds nothing: read."""
    row = '<row r="1048576" s="1"><c r="XFD1048576" s="1"/></row>'
    path = hostile.write_xlsx(tmp_path / "styled.xlsx", hostile.sheet_xml(row, "A1:XFD1048576"))
    done = wbz_limited("import", "roster", str(path), "--dry-run")
    assert done.returncode == 0, done.stderr


Run = Callable[..., subprocess.CompletedProcess[str]]


def fill(wbz_limited: Run, template: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return wbz_limited(
        "report", "monthly", "--month", "2026-10", "--template", str(template), "--out", str(out)
    )


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (hostile.template_far_cell, ("1,048,576 行", "200,000 行的上限")),
        (hostile.template_doctype, ("DOCTYPE",)),
    ],
)
def test_report_template_refuses_hostile_template(
    build: Callable[[Path], Path], words: tuple[str, ...], tmp_path: Path, wbz_limited: Run
) -> None:
    out = tmp_path / "填报.xlsx"
    refused(fill(wbz_limited, build(tmp_path / "模板.xlsx"), out), *words)
    assert not out.exists()


def test_report_template_refuses_thousands_of_repeated_rows(
    tmp_path: Path, wbz_limited: Run
) -> None:
    for seq, name in ((1, "王小明"), (2, "李小红"), (3, "张小华")):
        done = wbz_limited(
            "register", "--name", name, "--id-number", make_id("2015-06-01", seq),
            "-c", "left_behind", "--guardian", "家长", "--on", "2026-01-05",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    template = hostile.template_many_each_rows(tmp_path / "模板.xlsx")
    refused(fill(wbz_limited, template, tmp_path / "填报.xlsx"), "3,000 行", "{{#each}}")


def test_report_template_leaves_external_links_out(tmp_path: Path, wbz_limited: Run) -> None:
    out = tmp_path / "填报.xlsx"
    done = fill(wbz_limited, hostile.template_external_link(tmp_path / "模板.xlsx"), out)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as book:
        assert not [name for name in book.namelist() if "externalLink" in name]
        assert b"externalReference" not in book.read("xl/workbook.xml")
        assert b"server" not in b"".join(book.read(name) for name in book.namelist())


def test_report_template_refuses_xlsm_names(tmp_path: Path, wbz_limited: Run) -> None:
    template = hostile.template(tmp_path / "模板.xlsx", [["{{children.active}}"]])
    refused(fill(wbz_limited, template, tmp_path / "填报.xlsm"), "以 .xlsx 结尾")
    assert not (tmp_path / "填报.xlsm").exists()
    macro = template.rename(tmp_path / "模板.xlsm")
    refused(fill(wbz_limited, macro, tmp_path / "填报.xlsx"), ".xlsm")


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (hostile.nul_csv, ("第 3 行", "空字符（NUL）")),
        (hostile.mixed_csv, ("编码不一致", "第 1 行是 UTF-8", "第 3 行是 GBK")),
    ],
)
def test_import_roster_refuses_csv_it_cannot_read_as_text(
    build: Callable[[Path], Path], words: tuple[str, ...], tmp_path: Path, wbz_limited: Run
) -> None:
    path = build(tmp_path / "名单.csv")
    refused(wbz_limited("import", "roster", str(path), "--dry-run"), *words)


def test_a_gbk_csv_and_an_excel_unicode_text_file_are_still_read(
    tmp_path: Path, wbz_limited: Run
) -> None:
    text = f"姓名,身份证号码,儿童类别\n王小明,{make_id('2015-06-01', 11)},孤儿\n"
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(text.encode("gbk"))
    unicode_text = tmp_path / "unicode.csv"
    unicode_text.write_bytes(text.replace(",", "\t").encode("utf-16"))
    for path in (gbk, unicode_text):
        done = wbz_limited("import", "roster", str(path), "--dry-run", "-f", "json")
        assert done.returncode == 0, done.stderr
        assert '"inserted": 1' in done.stdout
