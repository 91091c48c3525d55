"""wbz assess risk / guardianship: results kept with answers, the child's risk follows."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id


@pytest.fixture
def child(station: Invoke) -> Invoke:
    result = station(
        "register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11),
        "-c", "留守", "--on", "2026-01-10", "--risk", "green",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return station


def test_items_on_the_command_line_set_the_risk(child: Invoke, db_path: Path) -> None:
    result = child(
        "assess", "risk", "C000001", "--item", "guardian_absent=3", "--item", "neglect=3",
        "--item", "mental_health=2", "--item", "poverty=2", "--on", "2026-11-01",
        "--notes", "父母均在外务工",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "风险评估：黄（10/45 分" in result.stdout
    record = child("show", "C000001", "--format", "json").json()
    assert record["risk"] == "yellow"
    assert [(r["risk"], r["effective_on"]) for r in record["risk_history"]] == [
        ("green", "2026-01-10"),
        ("yellow", "2026-11-01"),
    ]
    conn = sqlite3.connect(db_path)
    answers, score, stored = conn.execute(
        "SELECT answers, score, result FROM assessments"
    ).fetchone()
    assert (score, stored) == (10, "yellow")
    assert json.loads(answers)["neglect"] == 3 and json.loads(answers)["bullying"] == 0
    assert conn.execute("SELECT risk FROM children").fetchone() == ("yellow",)


def test_answers_file_and_emergency(child: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": {"poverty": 1, "running_away": "是"}}), "utf-8")
    result = child("assess", "risk", "C000001", "--answers", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert (data["result"], data["score"], data["emergency"]) == ("red", 1, ["running_away"])
    assert child("children", "--risk", "红", "--format", "json").json()[0]["child"] == "C000001"
    table = child("assess", "risk", "C000001", "--item", "trafficking=1")
    assert "直接评为红色" in table.stdout


def test_a_later_assessment_wins_and_an_earlier_one_is_history(child: Invoke) -> None:
    child("assess", "risk", "C000001", "--item", "neglect=3", "--item", "poverty=3",
          "--item", "housing=3", "--on", "2026-11-10")  # fmt: skip
    earlier = child("assess", "risk", "C000001", "--item", "danger_to_life=1", "--on", "2026-06-01")
    assert earlier.exit_code == 0, earlier.stderr
    assert "当前风险等级仍为 黄" in earlier.stdout
    record = child("show", "C000001", "--format", "json").json()
    assert record["risk"] == "yellow"
    assert [a["result"] for a in record["assessments"]] == ["red", "yellow"]


def test_county_sheet(child: Invoke, tmp_path: Path) -> None:
    sheet = tmp_path / "county.json"
    sheet.write_text(
        json.dumps(
            {
                "name": "某县评估表",
                "areas": [{"key": "guardianship", "items": [{"key": "alone", "max": 2}]}],
                "emergency": [{"key": "violence"}],
                "bands": [{"risk": "green", "min": 0}, {"risk": "orange", "min": 2}],
            }
        ),
        "utf-8",
    )
    result = child("assess", "risk", "C000001", "--sheet", str(sheet), "--item", "alone=2")
    assert result.exit_code == 0, result.stderr
    assert "橙（2/2 分" in result.stdout
    listed = child("assess", "sheet", "--sheet", str(sheet), "--format", "json").json()
    assert [i["key"] for i in listed["items"]] == ["alone", "violence"]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    refused = child("assess", "risk", "C000001", "--sheet", str(bad), "--item", "alone=1")
    assert refused.exit_code == 1 and "不是有效的 JSON" in refused.stderr


def test_refusals(child: Invoke, tmp_path: Path) -> None:
    cases = [
        ((), "没有评估答案"),
        (("--item", "neglect"), "应写成 评估项=分数"),
        (("--item", "neglect=9"), "0 到 3 的整数"),
        (("--item", "hunger=1"), "不在评估表中"),
        (("--item", "neglect=1", "--on", "2026-12-01"), "晚于今天"),
        (("--item", "neglect=1", "--on", "2025-12-01"), "早于 C000001 的登记日期"),
        (("--answers", str(tmp_path / "none.json")), "不存在"),
    ]
    for extra, message in cases:
        result = child("assess", "risk", "C000001", *extra)
        assert result.exit_code == 1, extra
        assert message in result.stderr, result.stderr
    child("close", "C000001", "--reason", "moved")
    closed = child("assess", "risk", "C000001", "--item", "neglect=1")
    assert closed.exit_code == 1 and "已退出" in closed.stderr
    assert child("show", "C000001", "--format", "json").json()["assessments"] == []


def test_the_sheet_is_listed_with_its_keys(child: Invoke) -> None:
    out = child("assess", "sheet").stdout
    assert "guardian_absent" in out and "trafficking" in out and "红 ≥24" in out


@pytest.mark.parametrize(
    ("result", "key"),
    [("监护缺失", "absent"), ("失当", "improper"), ("insufficient", "insufficient"),
     ("监护正常", "normal")],
)  # fmt: skip
def test_guardianship_results(child: Invoke, result: str, key: str) -> None:
    done = child("assess", "guardianship", "C000001", "--result", result, "--on", "2025-02-01",
                 "--notes", "祖母照料")  # fmt: skip
    assert done.exit_code == 1 and "早于" in done.stderr
    done = child("assess", "guardianship", "C000001", "--result", result, "--on", "2026-02-01")
    assert done.exit_code == 0, done.stderr
    assert "下次复评 2028-02-01" in done.stdout
    [row] = child("show", "C000001", "--format", "json").json()["guardianship_assessments"]
    assert (row["result"], row["next_due"]) == (key, "2028-02-01")
    bad = child("assess", "guardianship", "C000001", "--result", "良好")
    assert bad.exit_code == 1 and "监护评估结果“良好”无效" in bad.stderr


def test_on_a_terminal_without_answers_each_item_is_asked(
    child: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wbz_cli.cli import assess

    monkeypatch.setattr(assess, "interactive", lambda: True)
    # 15 scored items (Enter is 0), then 4 emergency questions.
    typed = ["3", "3", "3", "", "", "", "", "", "", "", "", "", "", "", ""] + ["n"] * 4
    result = child("assess", "risk", "C000001", input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "照料疏忽" in result.stdout
    assert "风险评估：黄（9/45 分" in result.stdout
    assert child("show", "C000001", "--format", "json").json()["risk"] == "yellow"
