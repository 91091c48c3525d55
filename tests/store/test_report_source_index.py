"""children.new_by_source.match asks, for every case opened in the period, whether a
screening of a department's list brought the child, by the child or by its ID number. SQLite
answers "child or ID number" with two index lookups (screenings_child, m0970's
screenings_id_number); without the second it read every screening for every case: 5.7 s of
a 50,000-child report's first run, and most of the quarter of an hour a province's took."""

from __future__ import annotations

from pathlib import Path

from wbz_cli.store.db import connect
from wbz_cli.store.screenings import FROM_A_LIST


def test_screenings_are_looked_up_through_an_index_never_read_whole(tmp_path: Path) -> None:
    conn = connect(tmp_path / "wbz.db")
    sql = f"SELECT count(*) FROM case_periods p WHERE {FROM_A_LIST}"
    plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
    conn.close()
    on_screenings = [step for step in plan if " s " in f" {step} "]
    assert on_screenings == [
        "SEARCH s USING INDEX screenings_child (child_id=?)",
        "SEARCH s USING INDEX screenings_id_number (id_number=?)",
    ], plan
