"""wbz match --apply: the people on a department's list who are not registered children are
recorded as screenings to follow up (source: the department's list, follow-up by the day plus
the station's follow-up days, community from the list), after the same confirmation as the
category proposals, never twice while one is open; a child a list brought counts in the
report's ``children.new_by_source.match``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tests.cli.care_records import BOY, GIRL, ok
from tests.conftest import Invoke, make_id

ADULT = make_id("1980-01-01", 43)


def listed(tmp_path: Path, *people: tuple[str, str, str]) -> Path:
    path = tmp_path / "低保名单.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["姓名", "身份证号码", "所在社区"])
        writer.writerows(people)
    return path


def screenings(station: Invoke) -> list[dict[str, Any]]:
    return list(station("screen", "list", "--reveal", "--format", "json").json())


def new_by_source(station: Invoke, month: str = "2026-11") -> dict[str, int]:
    report = ok(station("report", "monthly", "--month", month, "--format", "json")).json()
    return dict(report["children"]["new_by_source"])


def test_apply_records_the_unregistered_children_as_screenings_once(
    station: Invoke, tmp_path: Path
) -> None:
    path = listed(tmp_path, ("王小明", BOY, "华阳居民区"), ("陈大海", ADULT, "华阳居民区"),
                  ("李小红", GIRL, ""))  # fmt: skip
    result = station("match", str(path), "--kind", "lowincome", "--apply", "--yes",
                     "--on", "2026-11-20")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "已记录摸排 2 人" in result.stdout
    rows = screenings(station)
    assert [
        (r["name"], r["id_number"], r["community"], r["source"], r["outcome"],
         r["screened_on"], r["follow_up_by"])
        for r in rows
    ] == [
        ("王小明", BOY, "华阳居民区", "department_list", "follow_up", "2026-11-20", "2026-12-20"),
        ("李小红", GIRL, None, "department_list", "follow_up", "2026-11-20", "2026-12-20"),
    ]  # fmt: skip
    again = station("match", str(path), "--kind", "lowincome", "--apply", "--yes")
    assert again.exit_code == 0, again.stderr
    assert "已记录摸排 0 人" in again.stdout and "2 人已有待跟进的摸排，未重复登记" in again.stdout
    assert len(screenings(station)) == 2
    audit = station("audit", "--action", "match_apply", "--format", "json").json()
    assert [a["after"]["screenings"] for a in audit] == [2, 0]


def test_each_screening_is_confirmed_and_the_follow_up_days_are_the_stations(
    station: Invoke, tmp_path: Path
) -> None:
    ok(station("init", "--follow-up-days", "10"))
    path = listed(tmp_path, ("王小明", BOY, "华阳居民区"), ("李小红", GIRL, "新华村"))
    result = station("match", str(path), "-k", "lowincome", "--apply", "--on", "2026-11-20",
                     input="n\ny\n")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "第 2 行 王小明" in result.stderr and "跟进期限 2026-11-30" in result.stderr
    assert BOY not in result.stderr  # the ID number masked in the question
    assert [(r["name"], r["follow_up_by"]) for r in screenings(station)] == [
        ("李小红", "2026-11-30")
    ]
    declined = station("match", str(path), "-k", "lowincome", "--apply", input="n\nn\n")
    assert "没有确认任何建议" in declined.stdout
    assert len(screenings(station)) == 1


def test_a_child_the_list_brought_counts_as_came_by_match(station: Invoke, tmp_path: Path) -> None:
    path = listed(tmp_path, ("王小明", BOY, "华阳居民区"))
    ok(station("match", str(path), "-k", "lowincome", "--apply", "--yes", "--on", "2026-11-02"))
    assert new_by_source(station)["match"] == 0
    ok(station("register", "--name", "王小明", "--id-number", BOY, "-c", "low_income",
               "--on", "2026-11-05"))  # fmt: skip
    # a child registered by hand, then screened from a list and enrolled
    ok(station("register", "--name", "李小红", "--id-number", GIRL, "-c", "orphan",
               "--on", "2026-11-06"))  # fmt: skip
    assert new_by_source(station) == {"roster": 0, "register": 1, "match": 1, "referral": 0}
    ok(station("screen", "add", "--name", "李小红", "--id-number", GIRL, "--source", "部门名单",
               "--outcome", "enrolled", "--child", "C000002", "--on", "2026-11-06"))  # fmt: skip
    assert new_by_source(station) == {"roster": 0, "register": 0, "match": 2, "referral": 0}
    explained = station("report", "explain", "children.new_by_source.match", "--month",
                        "2026-11", "--format", "json")  # fmt: skip
    assert explained.exit_code == 0, explained.stderr
    assert [r["child"] for r in explained.json()] == ["C000001", "C000002"]
