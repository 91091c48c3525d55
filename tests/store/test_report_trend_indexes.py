"""The 12-month trend's second-wave counts are read afresh on every report (72 counts): each
must be an index range, not a read of the whole table (m0965), or a province's report after
one visit reads every assessment, plan review and payment twelve times over."""

from __future__ import annotations

from pathlib import Path

import pytest

from wbz_cli.store.db import connect
from wbz_cli.store.figures import _MONTHLY_SERIES


@pytest.mark.parametrize("series", sorted(_MONTHLY_SERIES))
def test_each_months_count_reads_an_index_range(tmp_path: Path, series: str) -> None:
    conn = connect(tmp_path / "wbz.db")
    plan = [
        row[3]
        for row in conn.execute(
            "EXPLAIN QUERY PLAN " + _MONTHLY_SERIES[series],
            {"m": "2026-10", "a": "2026-10-01", "b": "2026-10-31"},
        )
    ]
    assert all(step.startswith("SEARCH") for step in plan), plan
    assert "COVERING INDEX" in plan[0] or series == "activities", plan
    conn.close()
