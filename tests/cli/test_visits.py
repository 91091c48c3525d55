"""wbz visit add / list: modes and findings, the refusals, filters, one transaction per batch."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.services.visits import VisitItem, add_visits
from wbz_cli.store.session import Store


def register(
    wbz: Invoke, seq: int, *extra: str, on: str = "2026-09-01", name: str = "王小明"
) -> str:
    result = wbz(
        "register", "--name", name, "--id-number", make_id("2015-06-01", seq), "-c", "困境",
        "--on", on, *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def child(station: Invoke) -> str:
    return register(station, 11, "--worker", "李主任", "--community", "华阳")


def test_a_visit_by_label_with_findings(station: Invoke, child: str) -> None:
    added = station(
        "visit", "add", child, "--mode", "入户", "--on", "2026-11-20", "--problem", "学习",
        "--problem", "health", "--action", "联系学校老师", "--notes", "家中无人照看", "-f", "json",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    record = added.json()
    assert record["child"] == child
    assert (record["mode"], record["visited_on"]) == ("home", "2026-11-20")
    assert record["problems"] == ["study", "health"]
    assert (record["action"], record["notes"]) == ("联系学校老师", "家中无人照看")
    assert record["worker"] == "李主任"  # the child's 儿童主任 by default
    table = station("visit", "list", child)
    assert (
        "入户" in table.stdout and "学习、健康" in table.stdout and "联系学校老师" in table.stdout
    )


def test_defaults_today_and_takes_findings_in_one_text(station: Invoke, child: str) -> None:
    station("visit", "add", child, "-m", "wechat", "-p", "学习、心理", "--worker", "张社工")
    (visit,) = station("visit", "list", child, "-f", "json").json()
    assert visit["visited_on"] == "2026-11-24"
    assert visit["mode"] == "wechat"
    assert visit["problems"] == ["study", "psychology"]
    assert visit["worker"] == "张社工"
    shown = station("visit", "add", child, "-m", "电话")
    assert shown.stdout.strip() == "已登记 C000001 王小明 2026-11-24 电话走访（李主任）"


def test_every_mode_by_key_and_label(station: Invoke, child: str) -> None:
    from wbz_cli.domain.vocab import VisitMode

    for mode in VisitMode:
        for text in (mode.value, mode.label):
            # the same child, day and mode twice: the second is a real second visit
            assert station("visit", "add", child, "-m", text, "--again").exit_code == 0
    modes = [v["mode"] for v in station("visit", "list", "-f", "json").json()]
    assert modes == [m.value for m in VisitMode for _ in (1, 2)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-m", "home", "--on", "2026-11-25"), "晚于今天 2026-11-24，不能登记未来的走访"),
        (("-m", "home", "--on", "2026-08-31"), "早于 C000001（王小明）的登记日期 2026-09-01"),
        (("-m", "飞鸽传书"), "走访方式“飞鸽传书”无效，可选：home（入户）"),
        (("-m", "home", "-p", "天气"), "发现问题“天气”无效"),
        (("-m", "home", "--on", "2026-13-01"), "走访日期“2026-13-01”不是有效日期"),
    ],
)
def test_refused_visits_change_nothing(
    station: Invoke, child: str, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    audits = count(db_path, "SELECT count(*) FROM audit_log")
    result = station("visit", "add", child, *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert count(db_path, "SELECT count(*) FROM visits") == 0
    assert count(db_path, "SELECT count(*) FROM audit_log") == audits


def test_unknown_child_is_refused(station: Invoke) -> None:
    result = station("visit", "add", "C000404", "-m", "home")
    assert result.exit_code == 1
    assert "找不到儿童“C000404”" in result.stderr


def test_a_closed_case_takes_no_new_visits_but_keeps_its_history(
    station: Invoke, child: str
) -> None:
    assert station("visit", "add", child, "-m", "home", "--on", "2026-10-01").exit_code == 0
    assert station("close", child, "--reason", "moved", "--on", "2026-11-01").exit_code == 0
    refused = station("visit", "add", child, "-m", "home", "--on", "2026-11-01")
    assert refused.exit_code == 1
    assert "已于 2026-11-01 结案退出" in refused.stderr
    assert "wbz reopen C000001" in refused.stderr
    # A visit made while the case was open can still be entered late.
    late = station("visit", "add", child, "-m", "phone", "--on", "2026-10-31")
    assert late.exit_code == 0, late.stderr
    assert station("reopen", child, "--on", "2026-11-20").exit_code == 0
    gap = station("visit", "add", child, "-m", "home", "--on", "2026-11-10")
    assert gap.exit_code == 1
    assert "在 2026-11-10 不在册" in gap.stderr
    assert station("visit", "add", child, "-m", "home", "--on", "2026-11-21").exit_code == 0


def test_each_visit_is_audited(station: Invoke, child: str, db_path: Path) -> None:
    station("visit", "add", child, "-m", "home", "-p", "安全")
    conn = sqlite3.connect(db_path)
    row = conn.execute(
        "SELECT operator, action, record_type, record_key, after FROM audit_log"
        " WHERE record_type = 'visit'"
    ).fetchone()
    conn.close()
    assert row[:4] == ("tester", "insert", "visit", "C000001/1")
    assert '"problems": ["safety"]' in row[4]


def test_list_filters(station: Invoke) -> None:
    a = register(station, 11, "--worker", "李主任", "--community", "华阳", name="甲")
    b = register(station, 13, "--worker", "王主任", "--community", "新华", name="乙")
    station("visit", "add", a, "-m", "home", "--on", "2026-10-01")
    station("visit", "add", a, "-m", "phone", "--on", "2026-11-01")
    station("visit", "add", b, "-m", "home", "--on", "2026-11-02")
    station("visit", "add", b, "-m", "school", "--on", "2026-11-20", "--worker", "李主任")

    def listed(*args: str) -> list[tuple[str, str]]:
        rows = station("visit", "list", *args, "-f", "json").json()
        return [(r["child"], r["visited_on"]) for r in rows]

    assert listed() == [(a, "2026-10-01"), (a, "2026-11-01"), (b, "2026-11-02"), (b, "2026-11-20")]
    assert listed(b) == [(b, "2026-11-02"), (b, "2026-11-20")]
    assert listed(make_id("2015-06-01", 13)) == [(b, "2026-11-02"), (b, "2026-11-20")]
    assert listed("--worker", "李主任") == [(a, "2026-10-01"), (a, "2026-11-01"), (b, "2026-11-20")]
    assert listed("--community", "新华") == [(b, "2026-11-02"), (b, "2026-11-20")]
    assert listed("--mode", "入户") == [(a, "2026-10-01"), (b, "2026-11-02")]
    assert listed("--from", "2026-11-01", "--to", "2026-11-02") == [
        (a, "2026-11-01"),
        (b, "2026-11-02"),
    ]
    csv = station("visit", "list", "--mode", "school", "-f", "csv").stdout.splitlines()
    assert csv[0].startswith("visited_on,child,name,community,mode,worker")
    assert csv[1].startswith("2026-11-20,C000002,乙,新华,school,李主任")
    bad = station("visit", "list", "--from", "2026-11-02", "--to", "2026-11-01")
    assert bad.exit_code == 1 and "晚于结束日期" in bad.stderr
    assert "没有符合条件的记录" in station("visit", "list", "--mode", "video").stdout


def test_a_batch_is_all_or_nothing(station: Invoke, db_path: Path) -> None:
    register(station, 11)
    store = Store.open(db_path, "importer")
    try:
        items = [
            VisitItem("C000001", "入户", "2026-11-01", row=2),
            VisitItem("C000001", "电话", "2026-11-30", row=3),
            VisitItem("C000009", "电话", "2026-11-02", row=4),
        ]
        with pytest.raises(Exception, match=r"第 3 行：走访日期 2026-11-30 晚于今天.*共 2 条有误"):
            add_visits(store, items, date(2026, 11, 24))
        assert count(db_path, "SELECT count(*) FROM visits") == 0
        done = add_visits(store, items[:1] * 2, date(2026, 11, 24), skip_duplicates=True)
        assert (len(done.inserted), done.duplicates) == (1, 1)
        again = add_visits(store, items[:1], date(2026, 11, 24), skip_duplicates=True)
        assert (len(again.inserted), again.duplicates) == (0, 1)
    finally:
        store.close()
    assert count(db_path, "SELECT count(*) FROM visits") == 1
