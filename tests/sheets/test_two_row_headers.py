"""Two-row headers as the reader finds them (sheets.reader.open_table): the joined names of a
group above its columns, and what the joined reading must not do to an ordinary header."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_id

from wbz_cli.services.roster import header_fields
from wbz_cli.sheets.reader import Table, open_table

BOY = make_id("2015-06-01", 11)
REQUIRED = ("name", "id_number", "categories")


def table_of(tmp_path: Path, text: str) -> Table:
    path = tmp_path / "名单.csv"
    path.write_text(text, encoding="utf-8")
    return open_table(path, fields=header_fields(), required=REQUIRED)


def test_a_title_above_an_ordinary_header_changes_nothing(tmp_path: Path) -> None:
    table = table_of(
        tmp_path, f"红星村困境儿童花名册,,,\n姓名,身份证号,类别,电话\n王小明,{BOY},孤儿,1\n"
    )
    assert table.header_row == 2
    assert table.headers == ["姓名", "身份证号", "类别", "电话"]
    assert table.columns == {"name": 0, "id_number": 1, "categories": 2, "guardian_phone": 3}


def test_another_persons_name_is_never_the_childs(tmp_path: Path) -> None:
    table = table_of(
        tmp_path,
        f"父亲信息,,儿童信息,,\n姓名,电话,姓名,身份证号,类别\n王大山,1,王小明,{BOY},孤儿\n",
    )
    assert table.header_row == 2
    assert table.columns["name"] == 2 and table.columns["guardian_phone"] == 1
    assert table.unknown_headers == ["父亲信息/姓名"]


def test_a_joined_name_given_by_mapping_wins(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text(
        ",,,监护人信息\n姓名,身份证号,类别,户主\n王小明,1,孤儿,王大山\n",
        encoding="utf-8",
    )
    fields = {**header_fields(), "guardian": ["监护人信息/户主"]}
    table = open_table(path, fields=fields, required=REQUIRED)
    assert table.columns["guardian"] == 3
