"""wbz project: a project run by an organisation of the resource library, its budget and
period, the children enrolled, payments against it, and the services and activities that
belong to it; edited and voided like the other records."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import Invoke, make_id


def seeded(station: Invoke) -> Invoke:
    steps = [
        ["register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11), "-c", "other",
         "--on", "2026-01-05"],
        ["register", "--name", "李小红", "--id-number", make_id("2014-03-02", 12), "-c", "other",
         "--on", "2026-01-05"],
        ["resource", "add", "--kind", "organization", "--name", "阳光社工", "--on", "2026-01-01"],
        ["project", "add", "--name", "童心守护", "--org", "R000001", "--budget", "50000",
         "--from", "2026-01-01", "--to", "2026-12-31"],
    ]  # fmt: skip
    for args in steps:
        result = station(*args)
        assert result.exit_code == 0, (args, result.stderr)
    return station


def test_a_project_keeps_its_budget_in_fen_and_shows_yuan(station: Invoke, db_path: Path) -> None:
    seeded(station)
    assert station("project", "spend", "X000001", "--amount", "1234.5", "--on",
                   "2026-11-02", "--note", "第一期服务费").exit_code == 0  # fmt: skip
    [row] = station("project", "list", "--format", "json").json()
    assert row["code"] == "X000001" and row["organisation"] == "阳光社工"
    assert (row["budget_yuan"], row["spent_yuan"], row["balance_yuan"]) == (
        "50000.00", "1234.50", "48765.50")  # fmt: skip
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT budget_fen FROM projects").fetchone()[0] == 5_000_000
    assert conn.execute("SELECT amount_fen FROM project_payments").fetchone()[0] == 123_450
    conn.close()
    table = station("project", "list").stdout
    assert "童心守护" in table and "50000.00" in table and "预算(元)" in table
    lines = station("project", "list", "--format", "csv").stdout.splitlines()
    assert lines[0].startswith("code,name,organisation,budget_yuan")


def test_children_are_enrolled_and_show_lists_them_and_the_payments(station: Invoke) -> None:
    seeded(station)
    assert station("project", "enrol", "X000001", "C000001", "李小红").exit_code == 0
    again = station("project", "enrol", "X000001", "C000001")
    assert again.exit_code == 1 and "已在项目" in again.stderr
    station("project", "spend", "X000001", "--amount", "300", "--on", "2026-11-02")
    shown = station("project", "show", "X000001", "--format", "json").json()
    assert [c["child"] for c in shown["enrolled"]] == ["C000001", "C000002"]
    assert shown["children"] == 2 and shown["payments"][0]["amount_yuan"] == "300.00"
    assert station("project", "unenrol", "X000001", "C000002").exit_code == 0
    table = station("project", "show", "X000001").stdout
    assert "参与儿童" in table and "C000001" in table and "C000002" not in table


def test_services_and_activities_belong_to_a_project(station: Invoke) -> None:
    seeded(station)
    service = station("service", "add", "C000001", "--type", "medical", "--on", "2026-11-03",
                      "--project", "X000001")  # fmt: skip
    assert service.exit_code == 0, service.stderr
    activity = station("activity", "add", "--title", "夏令营", "--kind", "group",
                       "--participants", "12", "--on", "2026-11-04", "--project", "X1")  # fmt: skip
    assert activity.exit_code == 0, activity.stderr
    shown = station("project", "show", "X000001", "--format", "json").json()
    assert (shown["services"], shown["activities"]) == (1, 1)
    unknown = station("service", "add", "C000001", "--type", "medical", "--project", "X000009")
    assert unknown.exit_code == 1 and "找不到项目" in unknown.stderr
    assert len(station("service", "list", "--format", "json").json()) == 1


def test_bad_input_is_refused_in_one_line(station: Invoke) -> None:
    seeded(station)
    cases = [
        (["project", "add", "--name", "x", "--org", "不存在的机构", "--budget", "1",
          "--from", "2026-01-01"], "wbz resource add"),
        (["project", "add", "--name", "x", "--budget", "1.234", "--from", "2026-01-01"],
         "两位小数"),
        (["project", "add", "--name", "x", "--budget", "10", "--from", "2026-05-01",
          "--to", "2026-04-01"], "早于开始日期"),
        (["project", "spend", "X000001", "--amount", "100", "--on", "2025-12-31"], "开始日期"),
        (["project", "spend", "X000001", "--amount", "100", "--on", "2026-12-01"], "晚于今天"),
        (["project", "spend", "X000001", "--amount", "0"], "大于 0"),
        (["project", "show", "X000042"], "wbz project list"),
    ]  # fmt: skip
    for args, words in cases:
        result = station(*args)
        assert result.exit_code == 1 and words in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert len(station("project", "list", "--format", "json").json()) == 1


def test_projects_and_payments_are_edited_voided_and_audited(
    station: Invoke, db_path: Path
) -> None:
    seeded(station)
    station("project", "spend", "X000001", "--amount", "100", "--on", "2026-11-02")
    edited = station("project", "edit", "X000001", "--budget", "60000", "--to", "-")
    assert edited.exit_code == 0, edited.stderr
    [row] = station("project", "list", "--format", "json").json()
    assert row["budget_yuan"] == "60000.00" and row["end_on"] is None
    assert station("project", "payment", "edit", "1", "--amount", "120").exit_code == 0
    voided = station("project", "payment", "void", "1", "--reason", "重复录入")
    assert voided.exit_code == 0 and "wbz project payment unvoid" in voided.stdout
    assert station("project", "list", "--format", "json").json()[0]["spent_yuan"] == "0.00"
    assert station("project", "payment", "unvoid", "1").exit_code == 0
    assert station("project", "list", "--format", "json").json()[0]["spent_yuan"] == "120.00"
    assert station("project", "void", "X000001", "--reason", "重复登记").exit_code == 0
    assert station("project", "list", "--format", "json").json() == []
    refused = station("project", "spend", "X000001", "--amount", "5")
    assert refused.exit_code == 1 and "unvoid" in refused.stderr
    conn = sqlite3.connect(db_path)
    actions = conn.execute(
        "SELECT action FROM audit_log WHERE record_type IN ('project', 'project_payment')"
        " ORDER BY id"
    ).fetchall()
    conn.close()
    assert [a[0] for a in actions] == ["insert", "insert", "edit", "edit", "void", "unvoid", "void"]
