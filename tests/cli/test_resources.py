"""wbz resource: the libraries of experts, lawyers, social workers ... on file by date."""

from __future__ import annotations

import pytest
from tests.conftest import Invoke

from wbz_cli.domain.vocab import ResourceKind


@pytest.mark.parametrize("kind", list(ResourceKind))
def test_every_kind_is_accepted_by_key_and_label(station: Invoke, kind: ResourceKind) -> None:
    assert station("resource", "add", "--kind", kind.value, "--name", "甲").exit_code == 0
    result = station("resource", "add", "--kind", kind.label, "--name", "乙")
    assert result.exit_code == 0, result.stderr
    listed = station("resource", "list", "--kind", kind.label, "--format", "json").json()
    assert [r["name"] for r in listed] == ["甲", "乙"]
    assert {r["kind"] for r in listed} == {kind.value}


def test_add_list_masks_phone_and_keeps_specialty(station: Invoke) -> None:
    result = station(
        "resource", "add", "--kind", "律师", "--name", "张律师", "--phone", "13812345678",
        "--specialty", "未成年人保护法", "--notes", "每周三坐班",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "R000001"
    table = station("resource", "list").stdout
    assert "138****5678" in table and "13812345678" not in table
    assert "未成年人保护法" in table and "律师" in table
    revealed = station("resource", "list", "--reveal", "--format", "json").json()
    assert revealed[0]["phone"] == "13812345678"
    csv_text = station("resource", "list", "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("code,kind,name,phone,specialty")


def test_the_same_resource_twice_is_refused(station: Invoke) -> None:
    station("resource", "add", "--kind", "lawyer", "--name", "张律师")
    again = station("resource", "add", "--kind", "律师", "--name", "张律师")
    assert again.exit_code == 1
    assert "已在资源库中" in again.stderr and "R000001" in again.stderr
    # The same name as another kind is another resource.
    assert station("resource", "add", "--kind", "volunteer", "--name", "张律师").exit_code == 0


def test_bad_kind_phone_and_date_are_refused_with_one_line(station: Invoke) -> None:
    bad_kind = station("resource", "add", "--kind", "doctor", "--name", "王医生")
    assert bad_kind.exit_code == 1 and "资源类型“doctor”无效" in bad_kind.stderr
    bad_phone = station("resource", "add", "--kind", "expert", "--name", "王", "--phone", "12")
    assert bad_phone.exit_code == 1 and "电话号码" in bad_phone.stderr
    future = station("resource", "add", "--kind", "expert", "--name", "王", "--on", "2027-01-01")
    assert future.exit_code == 1 and "晚于今天" in future.stderr
    assert station("resource", "list", "--format", "json").json() == []


def test_removed_resources_leave_the_list_but_keep_their_history(station: Invoke) -> None:
    station("resource", "add", "--kind", "expert", "--name", "李教授", "--on", "2026-01-05")
    station("resource", "add", "--kind", "expert", "--name", "赵教授", "--on", "2026-01-05")
    removed = station("resource", "remove", "R000001", "--on", "2026-10-31")
    assert removed.exit_code == 0, removed.stderr
    assert "2026-10-31" in removed.stdout
    listed = station("resource", "list", "--format", "json").json()
    assert [r["code"] for r in listed] == ["R000002"]
    everything = station("resource", "list", "--all", "--format", "json").json()
    assert [(r["code"], r["removed_on"]) for r in everything] == [
        ("R000001", "2026-10-31"),
        ("R000002", None),
    ]
    twice = station("resource", "remove", "r1")
    assert twice.exit_code == 1 and "已于 2026-10-31 移出" in twice.stderr
    early = station("resource", "remove", "R2", "--on", "2025-12-31")
    assert early.exit_code == 1 and "早于入库日期" in early.stderr
    missing = station("resource", "remove", "R9")
    assert missing.exit_code == 1 and "找不到资源" in missing.stderr
