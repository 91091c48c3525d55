"""wbz merge loses nothing and doubles nothing (issue 26: mutants of store/merge.py).

A period withdrawn by mistake (``wbz case void``, ``wbz category void``) stays withdrawn and
with the merged child; the reasons a case was closed or a category ended come along with the
periods; and the merge moves only the two children's rows."""

from __future__ import annotations

import pytest
from tests.cli.test_merge_history import A_ID, B_ID, _ok
from tests.conftest import Invoke


@pytest.fixture
def closed_pair(station: Invoke) -> Invoke:
    """A closed (moved away), then B registered: one category ended, one voided, a reopening
    voided."""
    wbz = station
    _ok(wbz, "register", "--name", "王小明", "--id-number", A_ID, "-c", "孤儿",
        "--on", "2026-01-05")  # fmt: skip
    _ok(wbz, "close", "C000001", "--reason", "moved", "--on", "2026-02-01")
    _ok(wbz, "register", "--name", "王小明", "--id-number", B_ID, "-c", "困境", "-c", "留守",
        "--on", "2026-03-01")  # fmt: skip
    _ok(wbz, "update", "C000002", "--end-category", "困境", "--on", "2026-05-01")
    _ok(wbz, "close", "C000002", "--reason", "moved", "--on", "2026-06-01")
    _ok(wbz, "reopen", "C000002", "--on", "2026-07-01")
    _ok(wbz, "case", "void", "C000002", "2026-07-01", "--reason", "误恢复在册")
    _ok(wbz, "category", "void", "C000002", "留守", "--reason", "误登")
    return wbz


def test_voided_periods_stay_voided_and_reasons_come_along(closed_pair: Invoke) -> None:
    merged = closed_pair("merge", "C000001", "C000002", "--yes", "--format", "json")
    assert merged.exit_code == 0, merged.stderr
    # only B's live periods moved: the voided reopening and left-behind period did not
    assert merged.json()["moved"] == {"case_periods": 1, "child_categories": 1, "risk_history": 1}

    a = closed_pair("show", "C000001", "--format", "json").json()
    assert a["status"] == "closed"
    assert a["case_history"] == [
        {"opened_on": "2026-01-05", "closed_on": "2026-02-01", "close_reason": "moved"},
        {"opened_on": "2026-03-01", "closed_on": "2026-06-01", "close_reason": "moved"},
    ]
    assert [
        (h["category"], h["start_on"], h["end_on"], h["end_reason"]) for h in a["category_history"]
    ] == [
        ("orphan", "2026-01-05", None, None),
        ("difficult", "2026-03-01", "2026-05-01", "ended"),
    ]
    assert "left_behind" not in a["categories"]


def test_the_merged_childs_family_keeps_its_guardians(station: Invoke) -> None:
    """Only rows pointing at child B move: B's household (id 2, as B's) keeps its guardian."""
    _ok(station, "register", "--name", "王小明", "--id-number", A_ID, "-c", "孤儿",
        "--on", "2026-01-05", "--guardian", "王爷爷", "--relation", "祖父")  # fmt: skip
    _ok(station, "register", "--name", "王小明", "--id-number", B_ID, "-c", "留守",
        "--on", "2026-03-01", "--guardian", "李奶奶", "--relation", "外祖母")  # fmt: skip

    merged = station("merge", "C000001", "C000002", "--yes", "--format", "json").json()

    assert merged["other_household"] == "H000002"
    for household, guardian in (("H000001", "王爷爷"), ("H000002", "李奶奶")):
        shown = station("household", "show", household, "--format", "json").json()
        assert [g["name"] for g in shown["guardians"]] == [guardian], household
