"""Finding a child: ``wbz children --name`` (part of the name, spaces and width ignored), and
every CHILD argument taking a code, an 18-digit ID number or a name only one child has."""

from __future__ import annotations

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.domain.privacy import mask_id

WANG = make_id("2015-06-01", 11)
WANG_TOO = make_id("2014-02-03", 13)
LI = make_id("2016-07-07", 12)


@pytest.fixture
def kids(station: Invoke) -> Invoke:
    for name, number, community in (
        ("王小明", WANG, "红星村"),
        ("李小红", LI, "东风村"),
        ("王小明", WANG_TOO, "华阳居民区"),
        ("阿依古丽·买买提", make_id("2013-03-03", 15), "红星村"),
    ):
        result = station(
            "register", "--name", name, "--id-number", number, "-c", "留守",
            "--community", community, "--on", "2026-01-10",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    return station


def codes(wbz: Invoke, *args: str) -> list[str]:
    result = wbz("children", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [row.get("child", row.get("code")) for row in result.json()]


def test_show_by_a_unique_name_spaces_and_width_ignored(kids: Invoke) -> None:
    for name in ("李小红", "李 小红", "李　小红", " 李小红 "):
        result = kids("show", name)
        assert result.exit_code == 0, (name, result.stderr)
        assert "儿童档案 C000002" in result.stdout
    assert "儿童档案 C000004" in kids("show", "阿依古丽买买提").stdout  # middle dot left out


def test_show_by_code_and_by_id_number_as_before(kids: Invoke) -> None:
    assert "儿童档案 C000002" in kids("show", "c000002").stdout
    assert "儿童档案 C000003" in kids("show", WANG_TOO).stdout


def test_a_name_several_children_share_lists_them_and_changes_nothing(kids: Invoke) -> None:
    result = kids("show", "王小明")
    assert result.exit_code == 1
    assert result.stdout == ""
    message = result.stderr
    assert "2 名儿童" in message and "王小明" in message
    for code, number, community in (
        ("C000001", WANG, "红星村"),
        ("C000003", WANG_TOO, "华阳居民区"),
    ):
        assert code in message and mask_id(number) in message and community in message
        assert number not in message
    assert "编号" in message and "Traceback" not in message
    refused = kids("update", "王小明", "--risk", "red")
    assert refused.exit_code == 1 and "2 名儿童" in refused.stderr
    assert "红" not in kids("show", "C000001").stdout.split("风险等级")[1].split("\n")[0]


def test_an_unknown_name_says_so_and_names_near_matches(kids: Invoke) -> None:
    nobody = kids("show", "张三")
    assert nobody.exit_code == 1
    assert "找不到儿童“张三”" in nobody.stderr and "姓名" in nobody.stderr
    part = kids("show", "小红")
    assert part.exit_code == 1
    assert "C000002 李小红" in part.stderr  # the names containing it, to choose from
    code_typo = kids("show", "C00002")
    assert code_typo.exit_code == 1 and "找不到儿童“C00002”" in code_typo.stderr


def test_visit_add_and_other_commands_take_a_name(kids: Invoke) -> None:
    added = kids("visit", "add", "李小红", "-m", "入户", "--on", "2026-11-20")
    assert added.exit_code == 0, added.stderr
    listed = kids("visit", "list", "李小红", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    assert [row["child"] for row in listed.json()] == ["C000002"]
    updated = kids("update", "阿依古丽 买买提", "--risk", "yellow")
    assert updated.exit_code == 0, updated.stderr
    assert "C000004" in updated.stdout
    lead = kids("refer", "add", "李小红", "--type", "schooling", "--source", "school")
    assert lead.exit_code == 0, lead.stderr
    ambiguous = kids("visit", "add", "王小明", "-m", "入户", "--on", "2026-11-20")
    assert ambiguous.exit_code == 1 and "C000001" in ambiguous.stderr
    assert len(kids("visit", "list", "--format", "json").json()) == 1


def test_children_name_finds_part_of_a_name(kids: Invoke) -> None:
    assert codes(kids, "--name", "王") == ["C000001", "C000003"]
    assert codes(kids, "--name", "小") == ["C000001", "C000002", "C000003"]
    assert codes(kids, "--name", "王 小明") == ["C000001", "C000003"]
    assert codes(kids, "--name", "王　小") == ["C000001", "C000003"]  # a full-width space
    assert codes(kids, "--name", "古丽买买") == ["C000004"]
    assert codes(kids, "--name", "古丽·买买") == ["C000004"]
    assert codes(kids, "--name", "王", "--community", "红星村") == ["C000001"]
    assert codes(kids, "--name", "赵") == []
    table = kids("children", "--name", "李")
    assert table.exit_code == 0 and "李小红" in table.stdout and "王小明" not in table.stdout


def test_children_name_folds_full_width_letters(station: Invoke) -> None:
    result = station(
        "register", "--name", "Ａｌｉｎａ", "--id-number", WANG, "-c", "留守", "--on", "2026-01-10"
    )
    assert result.exit_code == 0, result.stderr
    assert codes(station, "--name", "alina") == ["C000001"]
    assert codes(station, "--name", "ＬＩＮ") == ["C000001"]
    assert "C000001" in station("show", "Alina").stdout


def test_children_name_must_not_be_empty(kids: Invoke) -> None:
    result = kids("children", "--name", "  ")
    assert result.exit_code == 1
    assert "--name" in result.stderr
