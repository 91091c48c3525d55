"""A submission's figures and by_community are stored as compact JSON text: taken from the
file's own body text when the station wrote it compactly, encoded again otherwise, so the
district file holds the same text whichever way the body was written (issue 21)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.domain.test_submission import body

from wbz_cli.domain.district_submission import parsed_body, submission_of
from wbz_cli.domain.submission import SubmissionError

BODY = body(
    by_community={"红星村": {"children.active": 2, "note": 'a "quoted" text'}},
    children=[
        {"hash": "b" * 64, "child": "C000002", "categories": [], "risk": None},
        {"hash": "a" * 64, "child": "C000001", "categories": ["left_behind", "poor"],
         "risk": "red"},
    ],
)  # fmt: skip
COMPACT = {"ensure_ascii": False, "separators": (",", ":")}


@pytest.mark.parametrize(
    "written",
    [
        {"ensure_ascii": False, "sort_keys": True, "separators": (",", ":")},  # the station's
        {"ensure_ascii": True, "sort_keys": True, "separators": (",", ":")},
        {"ensure_ascii": False, "indent": 1},
        {},
    ],
)
def test_stored_text_is_the_same_however_the_body_was_written(written: dict[str, Any]) -> None:
    sub = submission_of(*parsed_body(json.dumps(BODY, **written)))
    assert sub.figures_json == json.dumps(BODY["figures"], **COMPACT)
    assert sub.by_community_json == json.dumps(BODY["by_community"], **COMPACT)
    assert sub.children_count == 2
    assert json.loads(sub.children_json) == [
        ["b" * 64, "C000002", "", None],
        ["a" * 64, "C000001", "left_behind;poor", "red"],
    ]


@pytest.mark.parametrize("text", ['{"month":"2026-10",', "[1, 2]", '{"month":"2026-10"} x'])
def test_a_body_that_is_not_a_json_object_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(SubmissionError, match="报送包已损坏"):
        parsed_body(text)
