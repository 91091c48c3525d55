"""Small hostile spreadsheets (tests/safety/hostile_files.py) read under a 1 GB memory limit:
each is refused with one clear Chinese message naming what is wrong, exit code 1, no Rust
panic, no traceback, no "internal error"."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import TODAY
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
