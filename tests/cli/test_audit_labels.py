"""``wbz audit`` and ``wbz history`` in words (issue 22: audit showed "community: 红星村 →
东风村; source: 空 → import"): tables name fields and values by their labels from the one
label table (domain/labels.py) — 所在居民区: 红星村 → 东风村；来源: 空 → 导入 — and actions
such as a lead's step by name; JSON and CSV keep the keys (the output contract)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from tests.conftest import Invoke, make_id

ID = make_id("2015-06-01", 11)


def roster(path: Path, community: str, risk: str) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号", "儿童类别", "所在居民区", "风险等级"])
    sheet.append(["王小明", ID, "留守儿童", community, risk])
    book.save(path)
    return path


@pytest.fixture
def worked(station: Invoke, tmp_path: Path) -> Invoke:
    """A child imported in 红星村 (yellow), moved to 东风村 (orange) by a second import,
    visited at home, and a lead about him verified."""
    for n, (community, risk) in enumerate((("红星村", "黄"), ("东风村", "橙"))):
        result = station("import", "roster", str(roster(tmp_path / f"{n}.xlsx", community, risk)))
        assert result.exit_code == 0, result.stderr
    for args in (
        ("visit", "add", "C000001", "--mode", "入户", "--problem", "学习"),
        ("refer", "add", "C000001", "--type", "暴力伤害", "--source", "入户走访"),
        ("refer", "move", "L000001", "--status", "verified"),
    ):
        result = station(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return station


def test_the_audit_table_names_fields_values_and_actions_in_words(worked: Invoke) -> None:
    table = worked("audit").stdout
    assert "所在居民区: 红星村 → 东风村" in table
    assert "风险等级: 黄 → 橙" in table
    assert "来源: 空 → 导入" in table
    assert "走访方式: 入户" in table and "发现问题: 学习" in table
    assert "状态: 待核实 → 已核实" in table and "来源: 入户走访" in table
    assert "线索办理" in table  # refer move
    assert "新增: 1" in table and "更新: 1" in table  # the imports' counts
    for key in ("community", "source", "import", "orange", "home", "study", "verified",
                "move", "inserted", "updated"):  # fmt: skip
        assert key not in table, key


def test_the_history_table_names_fields_and_values_in_words(worked: Invoke) -> None:
    table = worked("history", "C000001").stdout
    assert "所在居民区: 红星村 → 东风村" in table
    assert "风险等级: 黄 → 橙" in table
    assert "来源: （空） → 导入" in table
    assert "走访方式: 入户" in table and "发现问题: 学习" in table
    for key in ("community", "import", "orange", "home", "study"):
        assert key not in table, key


def test_audit_json_and_csv_keep_the_keys(worked: Invoke) -> None:
    rows = worked("audit", "--format", "json").json()
    moved = [r for r in rows if r["action"] == "update"]
    assert moved[0]["after"] == {"community": "东风村", "risk": "orange", "source": "import"}
    lines = list(csv.DictReader(io.StringIO(worked("audit", "--format", "csv").stdout)))
    [update] = [r for r in lines if r["action"] == "update"]
    assert json.loads(update["after"]) == moved[0]["after"]
    assert {r["action"] for r in lines} >= {"move", "import", "register"}


def test_history_json_and_csv_keep_the_keys(worked: Invoke) -> None:
    rows = worked("history", "C000001", "--format", "json").json()
    update = next(r for r in rows if r["action"] == "update")
    assert {"field": "community", "before": "红星村", "after": "东风村"} in update["changes"]
    lines = list(csv.DictReader(io.StringIO(worked("history", "C000001", "-f", "csv").stdout)))
    changes = next(r["changes"] for r in lines if r["action"] == "update").split(";")
    assert "community: 红星村 → 东风村" in changes and "risk: yellow → orange" in changes
    visit = next(r["changes"] for r in lines if r["action"] == "insert")
    assert "mode: home" in visit.split(";") and 'problems: ["study"]' in visit.split(";")
