"""Leftovers of the escaping work (issue 24, items 5 and 6): JSON and CSV on a terminal carry
no raw control or bidi character, such characters are refused on the way in, the match
workbook's list cells are neutralised, and ``report -f table -o`` is refused, not ignored."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke

MONTH = ("report", "monthly", "--month", "2026-10")


# -- report -f table -o


def test_report_table_with_out_is_refused_not_ignored(station: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "月报.csv"
    result = station(*MONTH, "-f", "table", "-o", out)
    assert result.exit_code == 1
    assert "-f xlsx" in result.stderr and "-o" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
