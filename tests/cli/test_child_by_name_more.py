"""``history``, ``merge`` and ``audit --record`` find a child by a unique name, as every CHILD
argument does (issue 22, "Finding children"); a name several children share is refused with
the list of them (code, masked ID number, community), exit code 1, nothing changed."""

from __future__ import annotations

import pytest
from tests.cli.test_find_child import WANG, WANG_TOO
from tests.cli.test_find_child import kids as kids  # the fixture
from tests.conftest import Invoke, Result

from wbz_cli.domain.privacy import mask_id


@pytest.fixture
def named(kids: Invoke) -> Invoke:
    """test_find_child's children (王小明 twice, 李小红, 阿依古丽·买买提); 李小红 moved once."""
    updated = kids("update", "C000002", "--community", "红星村")
    assert updated.exit_code == 0, updated.stderr
    return kids


def assert_lists_both_wangs(result: Result) -> None:
    """Refused (exit 1, nothing on stdout), naming both children with a masked ID number and
    the community, as ``domain/child_names.several_named`` writes them."""
    assert (result.exit_code, result.stdout) == (1, "")
    assert "有 2 名儿童叫“王小明”" in result.stderr
    assert f"C000001（{mask_id(WANG)}，红星村）" in result.stderr
    assert f"C000003（{mask_id(WANG_TOO)}，华阳居民区）" in result.stderr
    assert WANG not in result.stderr and WANG_TOO not in result.stderr


def test_history_by_a_unique_name(named: Invoke) -> None:
    by_code = named("history", "C000002", "--format", "json")
    assert by_code.exit_code == 0, by_code.stderr
    assert [r["action"] for r in by_code.json()] == ["register", "update"]
    for name in ("李小红", "李 小红", "阿依古丽买买提"):
        by_name = named("history", name, "--format", "json")
        assert by_name.exit_code == 0, (name, by_name.stderr)
    assert named("history", "李　小红", "--format", "json").json() == by_code.json()
    assert "C000004" in named("history", "阿依古丽买买提").stdout


def test_history_by_a_shared_name_lists_the_children(named: Invoke) -> None:
    assert_lists_both_wangs(named("history", "王小明"))


def test_history_of_an_unknown_name_is_refused(named: Invoke) -> None:
    result = named("history", "张三")
    assert result.exit_code == 1 and "找不到“张三”" in result.stderr and "姓名" in result.stderr


def test_audit_record_by_a_unique_name(named: Invoke) -> None:
    by_code = named("audit", "--record", "C000002", "--format", "json").json()
    assert [r["action"] for r in by_code] == ["register", "update"]
    by_name = named("audit", "--record", "李小红", "--format", "json")
    assert by_name.exit_code == 0, by_name.stderr
    assert by_name.json() == by_code
    assert_lists_both_wangs(named("audit", "--record", "王小明"))


def test_merge_by_unique_names_and_a_shared_name_refused(named: Invoke) -> None:
    refused = named("merge", "王小明", "李小红", "--yes")
    assert_lists_both_wangs(refused)
    assert named("show", "C000002").exit_code == 0
    assert "已合并" not in named("show", "C000002").stdout
    merged = named("merge", "阿依古丽 买买提", "李小红", "--yes", "--force", "--format", "json")
    assert merged.exit_code == 0, merged.stderr
    assert (merged.json()["kept"], merged.json()["merged"]) == ("C000004", "C000002")
    undone = named("merge", "阿依古丽买买提", "C000002", "--undo", "--format", "json")
    assert undone.exit_code == 0, undone.stderr
    assert (undone.json()["kept"], undone.json()["merged"]) == ("C000004", "C000002")


def test_merge_of_an_unknown_name_says_so(named: Invoke) -> None:
    result = named("merge", "张三", "李小红", "--yes")
    assert result.exit_code == 1
    assert "找不到儿童“张三”" in result.stderr and "没有儿童叫这个名字" in result.stderr
