"""A submission's figures and by_community are stored as compact JSON text, and its children
as rows: the same however the body was written (the station writes it compactly with keys
sorted, and that form is stored from the file's own text without being parsed again; any
other form is parsed and checked) (issue 21)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.domain.test_submission import body

from wbz_cli.domain.district_submission import Submission, parsed_body, submission_of
from wbz_cli.domain.submission import SubmissionError
from wbz_cli.store.district_db import open_district
from wbz_cli.store.district_submissions import put_children

BODY = body(
    by_community={"红星村": {"children.active": 2, "note": 'a "quoted" text'}},
    children=[
        {"hash": "b" * 64, "child": "C000002", "categories": [], "risk": None},
        {"hash": "a" * 64, "child": "C000001", "categories": ["left_behind", "poor"],
         "risk": "red"},
    ],
)  # fmt: skip
COMPACT = {"ensure_ascii": False, "separators": (",", ":")}
STATIONS = {"ensure_ascii": False, "sort_keys": True, "separators": (",", ":")}
WRITTEN = [
    STATIONS,
    {"ensure_ascii": True, "sort_keys": True, "separators": (",", ":")},
    {"ensure_ascii": False, "indent": 1},
    {},
]


@pytest.fixture
def district(tmp_path: Path) -> sqlite3.Connection:
    conn = open_district(tmp_path / "district.db", create=True)
    conn.execute("PRAGMA foreign_keys = OFF")  # the children alone, as put_children writes them
    return conn


def stored_children(conn: sqlite3.Connection, sub: Submission) -> list[tuple[Any, ...]]:
    conn.execute("DELETE FROM submission_children")
    put_children(conn, 1, sub.children_json)
    sql = "SELECT hash, child, categories, risk FROM submission_children ORDER BY child"
    return [tuple(r) for r in conn.execute(sql)]


@pytest.mark.parametrize("written", WRITTEN)
def test_stored_text_is_the_same_however_the_body_was_written(
    written: dict[str, Any], district: sqlite3.Connection
) -> None:
    sub = submission_of(*parsed_body(json.dumps(BODY, **written)))
    assert sub.figures_json == json.dumps(BODY["figures"], **COMPACT)
    assert sub.by_community_json == json.dumps(BODY["by_community"], **COMPACT)
    assert sub.children_count == 2
    assert stored_children(district, sub) == [
        ("a" * 64, "C000001", "left_behind;poor", "red"),
        ("b" * 64, "C000002", "", None),
    ]


@pytest.mark.parametrize("written", WRITTEN)
def test_a_child_listed_twice_is_stored_once_the_first_listing_kept(
    written: dict[str, Any], district: sqlite3.Connection
) -> None:
    again = {"hash": "a" * 64, "child": "C000009", "categories": ["poor"], "risk": "green"}
    text = json.dumps(body(children=[*BODY["children"], again]), **written)
    sub = submission_of(*parsed_body(text))
    assert sub.children_count == 2
    assert stored_children(district, sub) == [
        ("a" * 64, "C000001", "left_behind;poor", "red"),
        ("b" * 64, "C000002", "", None),
    ]


@pytest.mark.parametrize(
    "child",
    [
        {"hash": "c" * 64, "child": 'C"01\\', "categories": ["孤儿"], "risk": None},
        {"hash": "c" * 64, "child": "C03", "categories": ["left_behind"], "risk": "Red"},
        {"hash": "c" * 64, "child": "C04", "categories": ["a,b", "c"], "risk": "red"},
    ],
)
def test_children_in_a_form_wbz_does_not_write_are_stored_as_they_say(
    child: dict[str, Any], district: sqlite3.Connection
) -> None:
    sub = submission_of(*parsed_body(json.dumps(body(children=[child]), **STATIONS)))
    categories = ";".join(child["categories"])
    assert stored_children(district, sub) == [
        (child["hash"], child["child"], categories, child["risk"])
    ]


@pytest.mark.parametrize(
    ("child", "field"),
    [
        ({"hash": "c" * 63, "child": "C01", "categories": [], "risk": None}, "hash"),
        ({"hash": "c" * 64, "child": "", "categories": [], "risk": None}, "child"),
        ({"hash": "c" * 64, "child": "C01", "categories": [1], "risk": None}, "categories"),
        ({"hash": "c" * 64, "child": "C01", "categories": [], "risk": 3}, "risk"),
    ],
)
def test_a_child_that_does_not_match_the_form_is_still_checked(
    child: dict[str, Any], field: str
) -> None:
    text = json.dumps(body(children=[child]), **STATIONS)
    with pytest.raises(SubmissionError, match=f"children 的 {field}"):
        submission_of(*parsed_body(text))


@pytest.mark.parametrize("text", ['{"month":"2026-10",', "[1, 2]", '{"month":"2026-10"} x'])
def test_a_body_that_is_not_a_json_object_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(SubmissionError, match="报送包已损坏"):
        parsed_body(text)
