"""wbz show: the child's whole file, with the care record's sections."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import Invoke, make_id


def test_show_holds_the_whole_care_record(station: Invoke, db_path: Path) -> None:
    station(
        "register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11),
        "-c", "留守", "-c", "孤儿", "--on", "2026-01-10",
    )  # fmt: skip
    conn = sqlite3.connect(db_path)
    with conn:
        for day in range(1, 13):
            conn.execute(
                "INSERT INTO visits (child_id, visited_on, mode, worker, notes, created_at)"
                " VALUES (1, ?, 'home', '张老师', ?, 't')",
                (f"2026-02-{day:02d}", f"第{day}次"),
            )
        conn.execute(
            "INSERT INTO leads (code, child_id, type, source, status, found_on, agency, summary,"
            " created_at) VALUES ('L000001', 1, 'schooling', 'school', 'transferred',"
            " '2026-03-01', '区教育局', '长期旷课', 't')"
        )
    conn.close()
    steps = [
        ("assess", "risk", "C000001", "--item", "neglect=3", "--item", "poverty=3",
         "--item", "housing=2", "--on", "2026-02-01"),
        ("assess", "guardianship", "C000001", "--result", "监护不足", "--on", "2026-02-01"),
        ("plan", "add", "C000001", "--goal", "按时上学", "--service", "助学", "--review-on",
         "2026-12-31", "--on", "2026-03-01"),
        ("service", "add", "C000001", "--type", "助学", "--on", "2026-03-05", "--hours", "2"),
        ("subsidy", "add", "C000001", "--type", "孤儿", "--month", "2026-03", "--amount",
         "1500.5"),
        ("care-agreement", "add", "C000001", "--carer", "王奶奶", "--relation", "祖母",
         "--phone", "13812345678", "--signed-on", "2026-01-15", "--school-notified"),
    ]  # fmt: skip
    for args in steps:
        result = station(*args)
        assert result.exit_code == 0, (args, result.stderr)

    record = station("show", "C000001", "--format", "json").json()
    assert record["risk"] == "yellow"
    assert record["risk_history"][-1]["source"] == "assessment:1"
    assert record["assessments"][0]["answers"]["neglect"] == 3
    assert record["guardianship_assessments"][0]["result"] == "insufficient"
    assert record["visit_count"] == 12
    assert [v["visited_on"] for v in record["visits"]] == [f"2026-02-{d:02d}" for d in range(3, 13)]
    assert record["leads"][0]["code"] == "L000001"
    assert record["plans"][0]["code"] == "P000001"
    assert record["services"] == [
        {
            "served_on": "2026-03-05",
            "type": "education",
            "provider": None,
            "hours": 2.0,
            "plan": "P000001",
            "notes": None,
        }
    ]
    assert record["subsidies"] == [{"month": "2026-03", "type": "orphan", "amount_yuan": "1500.50"}]
    assert record["care_agreements"][0]["carer_phone"] == "138****5678"

    table = station("show", "C000001").stdout
    for text in (
        "风险评估 #1",
        "监护不足",
        "共 12 次，最近 10 次",
        "第12次",
        "区教育局",
        "已移送",
        "按时上学",
        "助学",
        "1500.50",
        "孤儿基本生活费",
        "王奶奶",
        "138****5678",
    ):
        assert text in table, text
    assert "第2次" not in table and "13812345678" not in table


def test_an_empty_care_record_says_so(station: Invoke) -> None:
    station("register", "--name", "李小红", "--id-number", make_id("2013-02-03", 22), "-c", "残疾")
    table = station("show", "C000001").stdout
    assert (
        "暂无：风险评估、监护评估、走访记录、线索、服务计划、服务记录、补贴发放、委托照护协议"
        in table
    )
    record = station("show", "C000001", "--format", "json").json()
    assert record["services"] == [] and record["visits"] == [] and record["visit_count"] == 0


def test_every_care_write_leaves_an_audit_row(station: Invoke, db_path: Path) -> None:
    station("register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11), "-c", "留守")
    steps = [
        ("resource", "add", "--kind", "expert", "--name", "李教授"),
        ("resource", "remove", "R000001"),
        ("service", "add", "C000001", "--type", "助学"),
        ("subsidy", "add", "C000001", "--type", "助学金", "--month", "2026-11", "--amount", "5"),
        ("subsidy", "rate", "set", "孤儿", "1500"),
        ("activity", "add", "--title", "培训", "--kind", "培训", "--participants", "3"),
        ("assess", "risk", "C000001", "--item", "neglect=1"),
        ("assess", "guardianship", "C000001", "--result", "监护正常"),
        ("care-agreement", "add", "C000001", "--carer", "王奶奶", "--relation", "祖母",
         "--phone", "13812345678", "--signed-on", "2026-11-24"),
        ("plan", "add", "C000001", "--goal", "x", "--review-on", "2027-01-01"),
        ("plan", "review", "P000001"),
        ("plan", "close", "P000001"),
    ]  # fmt: skip
    conn = sqlite3.connect(db_path)
    for args in steps:
        before = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        result = station(*args)
        assert result.exit_code == 0, (args, result.stderr)
        rows = conn.execute(
            "SELECT operator, record_type FROM audit_log WHERE id > ?", (before,)
        ).fetchall()
        assert rows and all(op == "tester" for op, _ in rows), args
    refused = station("subsidy", "add", "C000001", "--type", "助学金", "--month", "2026-11",
                      "--amount", "5")  # fmt: skip
    assert refused.exit_code == 1
    assert conn.execute("SELECT count(*) FROM subsidies").fetchone()[0] == 1
    conn.close()
