"""wbz service add / list: services to a child, their provider from the resource library."""

from __future__ import annotations

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.domain.vocab import ServiceType

BOY = make_id("2015-06-01", 11)


@pytest.fixture
def child(station: Invoke) -> Invoke:
    result = station(
        "register", "--name", "王小明", "--id-number", BOY, "-c", "留守", "--on", "2026-01-10"
    )
    assert result.exit_code == 0, result.stderr
    return station


@pytest.mark.parametrize("kind", list(ServiceType))
def test_every_service_type_by_key_and_label(child: Invoke, kind: ServiceType) -> None:
    assert child("service", "add", "C000001", "--type", kind.value).exit_code == 0
    result = child("service", "add", "C000001", "--type", kind.label, "--on", "2026-11-01")
    assert result.exit_code == 0, result.stderr
    listed = child("service", "list", "--type", kind.label, "--format", "json").json()
    assert [(r["type"], r["served_on"]) for r in listed] == [
        (kind.value, "2026-11-01"),
        (kind.value, "2026-11-24"),
    ]


def test_provider_links_a_resource_by_name_or_code(child: Invoke) -> None:
    child("resource", "add", "--kind", "lawyer", "--name", "张律师")
    child("resource", "add", "--kind", "social_worker", "--name", "李社工")
    by_name = child(
        "service", "add", "C000001", "--type", "法律援助", "--provider", "张律师",
        "--on", "2026-10-03", "--hours", "1.5", "--notes", "监护权咨询",
    )  # fmt: skip
    assert by_name.exit_code == 0, by_name.stderr
    assert (
        child("service", "add", "C000001", "--type", "心理", "--provider", "R000002").exit_code == 0
    )
    free = child("service", "add", "C000001", "--type", "助医", "--provider", "区妇幼保健院")
    assert free.exit_code == 0
    rows = child("service", "list", "C000001", "--format", "json").json()
    assert [(r["provider"], r["resource"], r["hours"]) for r in rows] == [
        ("张律师", "R000001", 1.5),
        ("李社工", "R000002", None),
        ("区妇幼保健院", None, None),
    ]
    assert rows[0]["notes"] == "监护权咨询"


def test_a_name_shared_by_two_resources_asks_for_the_code(child: Invoke) -> None:
    child("resource", "add", "--kind", "lawyer", "--name", "张明")
    child("resource", "add", "--kind", "volunteer", "--name", "张明")
    result = child("service", "add", "C000001", "--type", "legal", "--provider", "张明")
    assert result.exit_code == 1
    assert "R000001、R000002" in result.stderr and "资源编号" in result.stderr


def test_refusals_change_nothing(child: Invoke) -> None:
    cases = [
        (("--on", "2026-11-25"), "晚于今天"),
        (("--on", "2026-01-09"), "早于 C000001 的登记日期 2026-01-10"),
        (("--hours", "0"), "应大于 0"),
        (("--hours", "1.234"), "最多两位小数"),
        (("--hours", "两个"), "不是数字"),
        (("--plan", "P000009"), "找不到服务计划"),
    ]
    for extra, message in cases:
        result = child("service", "add", "C000001", "--type", "education", *extra)
        assert result.exit_code == 1, extra
        assert message in result.stderr, result.stderr
    bad_type = child("service", "add", "C000001", "--type", "food")
    assert bad_type.exit_code == 1 and "服务类型“food”无效" in bad_type.stderr
    assert child("service", "list", "--format", "json").json() == []


def test_closed_case_is_refused_but_earlier_dates_are_kept(child: Invoke) -> None:
    assert child("close", "C000001", "--reason", "moved", "--on", "2026-10-01").exit_code == 0
    after = child("service", "add", "C000001", "--type", "education", "--on", "2026-10-01")
    assert after.exit_code == 1 and "已退出" in after.stderr and "wbz reopen" in after.stderr
    before = child("service", "add", "C000001", "--type", "education", "--on", "2026-09-30")
    assert before.exit_code == 0, before.stderr


def test_list_filters_by_dates_and_child(child: Invoke) -> None:
    girl = make_id("2013-02-03", 22)
    child("register", "--name", "李小红", "--id-number", girl, "-c", "孤儿", "--on", "2026-01-10")
    for on, who in (("2026-09-30", "C000001"), ("2026-10-01", "C000002"), ("2026-10-31", BOY)):
        assert child("service", "add", who, "--type", "cleaning", "--on", on).exit_code == 0
    october = child("service", "list", "--from", "2026-10-01", "--to", "2026-10-31", "-f", "json")
    assert [(r["child"], r["served_on"]) for r in october.json()] == [
        ("C000002", "2026-10-01"),
        ("C000001", "2026-10-31"),
    ]
    mine = child("service", "list", "C000001", "--format", "csv").stdout.splitlines()
    assert len(mine) == 3 and mine[0].startswith("served_on,child,name,type")
    table = child("service", "list").stdout
    assert "助洁" in table and "共 3 条" in table
    backwards = child("service", "list", "--from", "2026-10-31", "--to", "2026-10-01")
    assert backwards.exit_code == 1 and "晚于结束日期" in backwards.stderr


def test_a_back_dated_service_is_the_one_confirmed(child: Invoke) -> None:
    child("service", "add", "C000001", "--type", "助洁")
    result = child("service", "add", "C000001", "--type", "助医", "--on", "2026-10-01")
    assert "2026-10-01 助医" in result.stdout
