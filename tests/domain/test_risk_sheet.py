"""The risk sheet: score bands at their edges, emergency items, bad answers and bad sheets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.domain.risk_sheet import load_sheet, score
from wbz_cli.services.risk_scoring import read_sheet

ROOT = Path(__file__).resolve().parents[2]
SHEET = read_sheet()
ITEMS = [i.key for i in SHEET.items]


def answers_for(total: int) -> dict[str, int]:
    """Spread ``total`` points over the items, 3 at most each."""
    out = {}
    for key in ITEMS:
        out[key] = min(3, total)
        total -= out[key]
    assert total == 0
    return out


def test_the_shipped_sheet_has_five_areas_and_four_emergencies() -> None:
    assert [a for a, _ in SHEET.areas] == [
        "guardianship",
        "health",
        "behaviour",
        "safety",
        "family_economy",
    ]
    assert [k for k, _ in SHEET.emergency] == [
        "active_violence",
        "trafficking",
        "running_away",
        "danger_to_life",
    ]
    assert SHEET.max_score == 45


def test_data_copy_is_the_packaged_sheet() -> None:
    shipped = ROOT / "src" / "wbz_cli" / "data" / "risk_assessment.json"
    assert (ROOT / "data" / "risk_assessment.json").read_bytes() == shipped.read_bytes()


@pytest.mark.parametrize(
    ("total", "risk"),
    [
        (0, "green"),
        (7, "green"),
        (8, "yellow"),
        (15, "yellow"),
        (16, "orange"),
        (23, "orange"),
        (24, "red"),
        (45, "red"),
    ],
)
def test_bands_at_their_edges(total: int, risk: str) -> None:
    result = score(SHEET, answers_for(total))
    assert (result.score, result.risk) == (total, risk)
    assert result.emergency == ()


@pytest.mark.parametrize(
    "key", ["active_violence", "trafficking", "running_away", "danger_to_life"]
)
@pytest.mark.parametrize("yes", [1, "1", "是", True, "yes"])
def test_any_emergency_item_is_red_at_once(key: str, yes: object) -> None:
    result = score(SHEET, {key: yes})
    assert result.risk == "red" and result.score == 0 and result.emergency == (key,)


def test_emergency_no_does_not_raise_the_risk() -> None:
    result = score(SHEET, {"trafficking": "否", "running_away": 0, "poverty": 1})
    assert result.risk == "green" and result.emergency == ()


def test_by_area_and_unanswered() -> None:
    result = score(SHEET, {"neglect": 2, "bullying": "3", "housing": 1})
    assert result.by_area == {
        "guardianship": 2,
        "health": 0,
        "behaviour": 0,
        "safety": 3,
        "family_economy": 1,
    }
    assert len(result.answers) == 19 and result.answers["malnutrition"] == 0
    assert len(result.unanswered) == 16


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"neglect": 4}, "0 到 3 的整数"),
        ({"neglect": -1}, "0 到 3 的整数"),
        ({"neglect": "1.5"}, "0 到 3 的整数"),
        ({"neglect": "两"}, "0 到 3 的整数"),
        ({"hunger": 1}, "不在评估表中"),
        ({"trafficking": "也许"}, "应填 是/否"),
    ],
)
def test_bad_answers(answers: dict, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        score(SHEET, answers)


def county_sheet() -> dict:
    return {
        "name": "某县评估表",
        "version": "1",
        "areas": [{"key": "guardianship", "items": [{"key": "a", "max": 5}, {"key": "b"}]}],
        "emergency": [{"key": "x"}],
        "bands": [{"risk": "green", "min": 0}, {"risk": "orange", "min": 4}],
    }


def test_a_county_sheet_with_its_own_bands() -> None:
    sheet = load_sheet(county_sheet())
    assert score(sheet, {"a": 3}).risk == "green"
    assert score(sheet, {"a": 3, "b": 1}).risk == "orange"
    assert score(sheet, {"x": 1}).risk == "red"
    assert sheet.max_score == 8


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.update(bands=[{"risk": "green", "min": 1}]), "最低一档"),
        (lambda s: s.update(bands=[{"risk": "pink", "min": 0}]), "risk"),
        (lambda s: s["areas"][0]["items"].append({"key": "a"}), "重复"),
        (lambda s: s["areas"][0]["items"][0].update(max=0), "正整数"),
        (lambda s: s.update(areas=[]), "没有评估项"),
        (lambda s: s.update(emergency=[{"key": "a"}]), "重复"),
    ],
)
def test_bad_sheets_are_refused(change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = county_sheet()
    change(data)
    with pytest.raises(InvalidInput, match=message):
        load_sheet(json.loads(json.dumps(data)))
