"""Merging two files of one child keeps the history by date: for random pairs of histories
(case periods, category periods, risk entries on random days), the merged child's state on
every day, read back from the database the way reports read it, is what a reference computed
here from the two histories says: in care or in a category when either file was, and the risk
in force is the latest assessment or change by date among both, the kept child's on a tie (a
registration that recorded no risk says nothing). The child keeps its household, or takes
the merged child's when it had none."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import make_id

from wbz_cli.services.merge import merge
from wbz_cli.store.children import ACTIVE_ON, CATEGORY_HOLDS_ON, RISK_ON
from wbz_cli.store.session import Store

START = date(2026, 1, 1)
DAYS = 60
CATEGORIES = ("orphan", "difficult", "other")
RISKS = ("red", "orange", "yellow", "green", "unassessed")


def _day(n: int) -> str:
    return (START + timedelta(days=n)).isoformat()


@dataclass
class History:
    cases: list[tuple[str, str | None]]  # [opened, closed)
    categories: list[tuple[str, str, str | None]]  # category, [start, end)
    risks: list[tuple[str, str, str]]  # risk, effective_on, source (in the order written)
    household: int | None = None


def _periods(marks: list[int], open_end: bool) -> list[tuple[str, str | None]]:
    """Back-to-back periods from sorted day numbers: (m0, m1), (m2, m3) ..., the last open."""
    days = [_day(m) for m in sorted(marks)]
    out: list[tuple[str, str | None]] = [(days[i], days[i + 1]) for i in range(0, len(days) - 1, 2)]
    if len(days) % 2:
        out.append((days[-1], None))  # an odd mark opens a period still running
    elif open_end:
        out.append((days[-1], None))  # reopened on the day the last one closed
    return out


@st.composite
def histories(draw: st.DrawFn) -> History:
    marks = draw(st.lists(st.integers(0, DAYS - 1), min_size=1, max_size=5))
    cases = _periods(marks, draw(st.booleans()))
    first = min(marks)  # the registration: categories and risks start on or after it
    categories = []
    for key in draw(st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3, unique=True)):
        starts = draw(st.lists(st.integers(first, DAYS - 1), min_size=1, max_size=4))
        categories += [(key, s, e) for s, e in _periods(starts, draw(st.booleans()))]
    opening = draw(st.sampled_from(["register", "import"]))
    risks = [(draw(st.sampled_from(RISKS)), _day(first), opening)]
    later = draw(
        st.lists(
            st.tuples(
                st.sampled_from(RISKS),
                st.integers(first, DAYS - 1).map(_day),
                st.sampled_from(["update", "assessment"]),
            ),
            max_size=5,
        )
    )
    household = draw(st.sampled_from([None, 1, 2]))
    return History(cases, categories, [*risks, *sorted(later, key=lambda r: r[1])], household)


# --- the reference: what the two files together say on a day -----------------------------


def _holds(start: str, end: str | None, day: str) -> bool:
    return start <= day and (end is None or end > day)


def expected_on(kept: History, merged: History, day: str) -> tuple[bool, set[str], str]:
    both = (kept, merged)
    active = any(_holds(o, c, day) for h in both for o, c in h.cases)
    categories = {k for h in both for k, s, e in h.categories if _holds(s, e, day)}
    said = [
        ((on, 1 if h is kept else 0, n), risk)
        for h in both
        for n, (risk, on, source) in enumerate(h.risks)
        if on <= day and not (risk == "unassessed" and source in ("register", "import"))
    ]
    return active, categories, max(said)[1] if said else "unassessed"


# --- the merged child, read back from the database ---------------------------------------


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("merge") / "blank.db"
    store = Store.open(path, "t")
    with store.write() as conn:
        conn.execute(
            "INSERT INTO households (id, code, created_on) VALUES"
            " (1, 'H000001', '2026-01-01'), (2, 'H000002', '2026-01-01')"
        )
    store.close()
    return path


def _insert(store: Store, cid: int, id_number: str, h: History) -> None:
    conn = store.conn
    with store.write():
        conn.execute(
            "INSERT INTO children (id, code, name, id_number, birth_date, gender, risk,"
            " registered_on, household_id, created_at, updated_at) VALUES (?, ?, '孙悟空', ?,"
            " '2015-06-01', 'M', ?, ?, ?, 't', 't')",
            (cid, f"C{cid:06d}", id_number, h.risks[-1][0], h.cases[0][0], h.household),
        )
        conn.executemany(
            "INSERT INTO case_periods (child_id, opened_on, closed_on, close_reason)"
            " VALUES (?, ?, ?, ?)",
            [(cid, o, c, "moved" if c else None) for o, c in h.cases],
        )
        conn.executemany(
            "INSERT INTO child_categories (child_id, category, start_on, end_on, end_reason)"
            " VALUES (?, ?, ?, ?, ?)",
            [(cid, k, s, e, "ended" if e else None) for k, s, e in h.categories],
        )
        conn.executemany(
            "INSERT INTO risk_history (child_id, risk, effective_on, source) VALUES (?, ?, ?, ?)",
            [(cid, *r) for r in h.risks],
        )


_STATE = (
    f"SELECT {ACTIVE_ON}, (SELECT group_concat(k.category) FROM child_categories k"
    f" WHERE k.child_id = c.id AND {CATEGORY_HOLDS_ON}), {RISK_ON} FROM children c WHERE c.id = 1"
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kept=histories(), merged=histories(), kept_first=st.booleans())
def test_the_merged_childs_state_on_every_day_is_both_files_together(
    blank: Path, tmp_path: Path, kept: History, merged: History, kept_first: bool
) -> None:
    path = tmp_path / "merge.db"
    shutil.copyfile(blank, path)
    store = Store.open(path, "t")
    try:
        # the kept child is not always the one written first (row ids decide ties otherwise)
        order = [(1, kept), (2, merged)] if kept_first else [(2, merged), (1, kept)]
        for cid, h in order:
            _insert(store, cid, make_id("2015-06-01", 11 + 2 * cid), h)
        merge(store, "C000001", "C000002", date(2026, 12, 31))
        for n in range(DAYS + 5):
            day = _day(n)
            active, categories, risk = store.conn.execute(_STATE, {"d": day}).fetchone()
            got = (bool(active), set(categories.split(",")) if categories else set(), risk)
            assert got == expected_on(kept, merged, day), day
        household = store.conn.execute("SELECT household_id FROM children WHERE id = 1")
        expected = kept.household if kept.household is not None else merged.household
        assert household.fetchone()[0] == expected
    finally:
        store.close()
