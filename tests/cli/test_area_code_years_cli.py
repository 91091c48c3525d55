"""Area codes not yet in use in the birth year, through the CLI: a child's number is accepted
with a warning (register, import roster), a guardian's on a department list says nothing."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.conftest import Invoke, make_id

#: 370682 莱阳市, in use from 1989: a guardian born 1985 keeps such a number
GUARDIAN_1985 = make_id("1985-03-02", 15, "370682")


def _child_with_old_code() -> str:
    """A child born 2015 with 370614 (蓬莱区, in use from 2020): not yet in use then."""
    return make_id("2015-04-04", 13, "370614")


def test_import_accepts_a_child_whose_code_began_later_with_a_warning(
    station: Invoke, tmp_path: Path
) -> None:
    number = _child_with_old_code()
    path = tmp_path / "名单.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["姓名", "身份证号", "儿童类别"])
        w.writerow(["王小虎", number, "留守儿童"])
    result = station("import", "roster", str(path), "--format", "report")
    assert result.exit_code == 0, result.stderr
    report = result.json()
    assert report["counts"]["inserted"] == 1
    assert report["rejected"] == []
    [warning] = report["warnings"]
    assert "第 2 行" in warning and "该地区码在出生年份" in warning and "尚未启用" in warning
    text = station("import", "roster", str(path), "--dry-run")
    assert "该地区码在出生年份（2015 年）尚未启用" in text.stderr


def test_register_accepts_it_and_warns(station: Invoke) -> None:
    result = station(
        "register", "--name", "王小虎", "--id-number", _child_with_old_code(),
        "-c", "left_behind", "--on", "2026-01-05",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "尚未启用" in result.stderr and "不存在" not in result.stderr


def test_match_says_nothing_about_a_guardian_born_before_the_code(
    station: Invoke, tmp_path: Path
) -> None:
    path = tmp_path / "低保.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["序号", "姓名", "身份证号码", "户主姓名", "与户主关系"])
        w.writerow(["1", "王大明", GUARDIAN_1985, "王大明", "户主"])
    result = station("match", str(path), "--kind", "低保", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["unmatched"] == []
    assert "地区码" not in result.stdout + result.stderr
