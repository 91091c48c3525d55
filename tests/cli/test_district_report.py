"""``wbz district report``: the Laiyang figures rebuilt as three stations' submissions add up to
the published totals (38 leads found, 35 transferred, 20 children helped, 3,297 payments of
4,696,300.00 元); a child listed by two stations counts once; a station that has not
submitted is listed and the command exits 3; ``--by station``; JSON, CSV, the workbook and a
bureau's template."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from tests.cli.district_files import body, child_ids, district, make_district, write_package
from tests.cli.test_output_contract import csv_errors, json_errors

from wbz_cli.cli import output_schemas

IDS = child_ids(6)
SHARED = IDS[0]  # a migrant child active in 莱阳一站 and 莱阳二站

#: The published Laiyang totals, split over three stations.
LAIYANG = {
    "莱阳一站": {"referrals.found": 20, "referrals.transferred": 19,
                 "referrals.children_helped": 11, "subsidies.payments": 1500,
                 "subsidies.amount_yuan": "2000000.00"},
    "莱阳二站": {"referrals.found": 12, "referrals.transferred": 11,
                 "referrals.children_helped": 6, "subsidies.payments": 1200,
                 "subsidies.amount_yuan": "1800000.50"},
    "莱阳三站": {"referrals.found": 6, "referrals.transferred": 5,
                 "referrals.children_helped": 3, "subsidies.payments": 597,
                 "subsidies.amount_yuan": "896299.50"},
}  # fmt: skip
CHILDREN = {
    "莱阳一站": [(SHARED, "C00001", ["left_behind"], "yellow"),
                 (IDS[1], "C00002", ["orphan"], "green"),
                 (IDS[2], "C00003", ["left_behind"], "green")],
    "莱阳二站": [(SHARED, "C00041", ["migrant"], "red"),
                 (IDS[3], "C00042", ["difficult"], "green")],
    "莱阳三站": [(IDS[4], "C00007", ["disabled"], "orange")],
}  # fmt: skip


def station_figures(name: str) -> dict[str, Any]:
    kids = CHILDREN[name]
    figures: dict[str, Any] = {"children.active": len(kids), **LAIYANG[name]}
    for _, _, categories, risk in kids:
        for category in categories:
            key = f"children.by_category.{category}"
            figures[key] = figures.get(key, 0) + 1
        figures[f"children.by_risk.{risk}"] = figures.get(f"children.by_risk.{risk}", 0) + 1
    return figures


@pytest.fixture
def laiyang(tmp_path: Path) -> tuple[Path, bytes, Path]:
    """A district where the three stations submitted October 2026 and a fourth, 莱阳四站,
    submitted only September."""
    db, key = make_district(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n, name in enumerate(LAIYANG, 1):
        b = body(key, f"station-{n}", name, "2026-10", CHILDREN[name], station_figures(name))
        write_package(inbox / f"{name}-2026-10.wbzpkg", b, key)
    assert district(db, "import", str(inbox)).exit_code == 0
    return db, key, inbox


def add_fourth(db: Path, key: bytes, folder: Path, month: str = "2026-09", **figures: Any) -> None:
    b = body(key, "station-4", "莱阳四站", month, [(IDS[5], "C00009", ["other"], "green")],
             {"children.active": 1, "children.by_category.other": 1,
              "children.by_risk.green": 1, **figures})  # fmt: skip
    package = write_package(folder / f"莱阳四站-{month}.wbzpkg", b, key)
    assert district(db, "import", str(package)).exit_code == 0


def report_json(db: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = district(db, "report", *args, "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_the_laiyang_stations_add_up_to_the_published_totals(
    laiyang: tuple[Path, bytes, Path],
) -> None:
    db, _, _ = laiyang
    code, out = report_json(db, "monthly", "--month", "2026-10")
    assert code == 0
    assert out["month"] == "2026-10" and out["station"] == "莱阳市"
    assert out["referrals"]["found"] == 38
    assert out["referrals"]["transferred"] == 35
    assert out["referrals"]["children_helped"] == 20
    assert out["subsidies"]["payments"] == 3297
    assert out["subsidies"]["amount_yuan"] == "4696300.00"
    assert out["stations_submitted"] == 3
    assert out["missing_stations"] == []
    assert "referrals.children_helped" in out["summed_not_distinct"]


def test_a_child_listed_by_two_stations_counts_once(laiyang: tuple[Path, bytes, Path]) -> None:
    db, _, _ = laiyang
    _, out = report_json(db, "monthly", "--month", "2026-10")
    children = out["children"]
    assert children["active"] == 5  # 3 + 2 + 1 listed, the migrant once
    assert children["by_category"]["left_behind"] == 2
    assert children["by_category"]["migrant"] == 1  # the migrant in both of its categories
    assert children["by_risk"]["red"] == 1 and children["by_risk"]["yellow"] == 0  # the higher
    assert "children.active" not in out["summed_not_distinct"]


def test_a_station_that_has_not_submitted_is_listed_and_exits_3(
    laiyang: tuple[Path, bytes, Path],
) -> None:
    db, key, inbox = laiyang
    add_fourth(db, key, inbox)
    code, out = report_json(db, "monthly", "--month", "2026-10")
    assert code == 3
    assert [m["station"] for m in out["missing_stations"]] == ["莱阳四站"]
    assert out["missing_stations"][0]["months"] == ["2026-10"]
    assert out["referrals"]["found"] == 38  # the others still add up
    table = district(db, "report", "monthly", "--month", "2026-10")
    assert table.exit_code == 3
    assert "未报送：莱阳四站" in table.stdout


def test_by_station_gives_each_station_its_own_figures(laiyang: tuple[Path, bytes, Path]) -> None:
    db, _, _ = laiyang
    _, out = report_json(db, "monthly", "--month", "2026-10", "--by", "station")
    by = out["by_station"]
    assert set(by) == set(LAIYANG)
    assert by["莱阳二站"]["station"] == "莱阳二站" and by["莱阳二站"]["month"] == "2026-10"
    assert by["莱阳二站"]["referrals"]["found"] == 12
    assert by["莱阳二站"]["children"]["active"] == 2
    assert by["莱阳三站"]["subsidies"]["amount_yuan"] == "896299.50"
    table = district(db, "report", "monthly", "--month", "2026-10", "--by", "station")
    assert table.exit_code == 0
    assert "按未保站" in table.stdout and "莱阳二站" in table.stdout


def test_a_range_adds_the_months_flows_and_takes_stocks_from_the_last(
    laiyang: tuple[Path, bytes, Path],
) -> None:
    db, key, inbox = laiyang
    for n, name in enumerate(LAIYANG, 1):  # September: one lead each, fewer children
        b = body(key, f"station-{n}", name, "2026-09", CHILDREN[name][:1],
                 {"children.active": 1, "referrals.found": 1})  # fmt: skip
        write_package(inbox / f"{name}-2026-09.wbzpkg", b, key)
    assert district(db, "import", str(inbox)).exit_code == 0
    code, out = report_json(db, "range", "--from", "2026-09", "--to", "2026-10")
    assert code == 0
    assert (out["period"], out["start"], out["end"]) == (
        "2026-09-01/2026-10-31", "2026-09-01", "2026-10-31",
    )  # fmt: skip
    assert "month" not in out
    assert out["referrals"]["found"] == 41
    assert out["children"]["active"] == 5  # October's, not September's added
    assert "visits.children_reached" in out["summed_not_distinct"]


def test_a_range_lists_the_months_a_station_missed(laiyang: tuple[Path, bytes, Path]) -> None:
    db, key, inbox = laiyang
    add_fourth(db, key, inbox)
    code, out = report_json(db, "range", "--from", "2026-09-01", "--to", "2026-10-31")
    assert code == 3
    missing = {m["station"]: m["months"] for m in out["missing_stations"]}
    assert missing == {name: ["2026-09"] for name in LAIYANG} | {"莱阳四站": ["2026-10"]}


def test_a_range_of_part_of_a_month_is_refused(laiyang: tuple[Path, bytes, Path]) -> None:
    db, _, _ = laiyang
    result = district(db, "report", "range", "--from", "2026-09-15", "--to", "2026-10-31")
    assert result.exit_code == 1
    assert "按整月" in result.stderr and "2026-09-01" in result.stderr


def test_csv_has_one_row_per_figure_with_the_summed_flag(
    laiyang: tuple[Path, bytes, Path],
) -> None:
    db, _, _ = laiyang
    result = district(db, "report", "monthly", "--month", "2026-10", "-f", "csv",
                      "--by", "station")  # fmt: skip
    lines = result.stdout.splitlines()
    header = lines[0].split(",")
    assert header[:4] == ["key", "label", "value", "summed_not_distinct"]
    assert set(header[4:]) == set(LAIYANG)
    rows = {line.split(",")[0]: line.split(",") for line in lines[1:]}
    assert rows["subsidies.amount_yuan"][2] == "4696300.00"
    assert rows["referrals.children_helped"][3] == "1"
    assert rows["children.active"][3] == "0"


def test_the_workbook_opens_and_holds_the_totals_and_each_station(
    laiyang: tuple[Path, bytes, Path], tmp_path: Path
) -> None:
    db, _, _ = laiyang
    out = tmp_path / "区县汇总.xlsx"
    result = district(db, "report", "monthly", "--month", "2026-10", "-f", "xlsx", "-o", str(out),
                      "--by", "station")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    book = load_workbook(out)
    rows = book["汇总"].iter_rows(min_row=3, values_only=True)
    totals = {row[1]: (row[2], row[3]) for row in rows}
    assert totals["发现线索"][0] == 38
    assert totals["移送线索"][0] == 35
    assert totals["救助儿童"] == (20, "按站相加")
    assert totals["补贴发放人次"][0] == 3297
    assert Decimal(str(totals["补贴发放金额(元)"][0])) == Decimal("4696300.00")
    assert totals["在册儿童"] == (5, None)
    stations = book["按未保站"]
    header = [c.value for c in stations[1]]
    rows = {r[0]: r for r in stations.iter_rows(min_row=2, values_only=True)}
    found = header.index("发现线索")
    assert rows["莱阳二站"][found] == 12 and rows["合计"][found] == 38
    assert (out.stat().st_mode & 0o777) == 0o600
    audit = (
        sqlite3.connect(db)
        .execute(
            "SELECT record_type, record_key, after FROM audit_log"
            " WHERE action = 'export' AND record_type = 'district report'"
        )
        .fetchall()
    )
    assert [(t, k) for t, k, _ in audit] == [("district report", "2026-10")]
    assert str(out) in audit[0][2]


def test_a_bureau_template_is_filled_with_a_row_per_station(
    laiyang: tuple[Path, bytes, Path], tmp_path: Path
) -> None:
    db, _, _ = laiyang
    template = tmp_path / "模板.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["{{station}}", "{{month}}", "{{referrals.found}}", "{{subsidies.amount_yuan}}"])
    sheet.append(["{{#each station_figures}}{{name}}", "{{referrals.found}}{{/each}}"])
    book.save(template)
    out = tmp_path / "填报.xlsx"
    result = district(db, "report", "monthly", "--month", "2026-10", "-t", str(template),
                      "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("莱阳市", "2026-10", 38)
    assert Decimal(str(rows[0][3])) == Decimal("4696300")
    assert {r[0]: r[1] for r in rows[1:4]} == {"莱阳一站": 20, "莱阳二站": 12, "莱阳三站": 6}


def test_xlsx_without_out_and_a_month_not_begun_are_refused(
    laiyang: tuple[Path, bytes, Path],
) -> None:
    db, _, _ = laiyang
    result = district(db, "report", "monthly", "--month", "2026-10", "-f", "xlsx")
    assert result.exit_code == 1 and "--out" in result.stderr
    result = district(db, "report", "monthly", "--month", "2026-12")
    assert result.exit_code == 1 and "还没有开始" in result.stderr


def test_writing_onto_the_district_file_is_refused(laiyang: tuple[Path, bytes, Path]) -> None:
    db, _, _ = laiyang
    before = db.read_bytes()
    result = district(db, "report", "monthly", "--month", "2026-10", "-f", "json", "-o", str(db),
                      "--force")  # fmt: skip
    assert result.exit_code == 1
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [("monthly", "--month", "2026-10"), ("range", "--from", "2026-09", "--to", "2026-10")],
    ids=lambda a: a[0],
)
def test_json_and_csv_keep_the_output_contract(
    laiyang: tuple[Path, bytes, Path], args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, key, inbox = laiyang
    add_fourth(db, key, inbox)  # a missing station, and --by station: every key present
    command = f"district report {args[0]}"
    monkeypatch.setitem(output_schemas.SCHEMAS, command, output_schemas.DISTRICT[command])
    data = district(db, "report", *args, "--by", "station", "--format", "json").json()
    text = district(db, "report", *args, "--format", "csv").stdout
    assert data["missing_stations"] and data["by_station"]
    assert [*json_errors(command, data), *csv_errors(command, text, data)] == []


def test_the_table_fits_80_columns(
    laiyang: tuple[Path, bytes, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.cells import cell_len

    from wbz_cli.cli import terminal

    db, key, inbox = laiyang
    add_fourth(db, key, inbox)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(terminal, "_CONSOLE", None)
    result = district(db, "report", "monthly", "--month", "2026-10", "--by", "station")
    lines = result.stdout.splitlines()
    assert all(cell_len(line) <= 80 for line in lines), result.stdout
    assert any("4696300.00" in line and "合计" in line for line in lines)  # never cut
    assert "按站相加" in result.stdout
    monkeypatch.setattr(terminal, "_CONSOLE", None)


def test_a_word_template_writes_the_district_and_each_station(
    laiyang: tuple[Path, bytes, Path], tmp_path: Path
) -> None:
    from tests.report.test_word_briefing import paragraphs, word_file

    db, _, _ = laiyang
    template = word_file(
        tmp_path / "简报模板.docx",
        "{{ station }} {{ month }}：发现线索 {{ referrals.found }} 条，"
        "发放补贴 {{ subsidies.payments }} 人次、{{ subsidies.amount_yuan }} 元",
        "{% for s in station_figures %}{{ s.name }} {{ s.referrals.found }}；{% endfor %}",
    )
    out = tmp_path / "区县简报.docx"
    result = district(db, "report", "monthly", "--month", "2026-10", "-t", str(template),
                      "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = "\n".join(paragraphs(out))
    assert "莱阳市 2026-10：发现线索 38 条，发放补贴 3297 人次、4696300.00 元" in text
    assert "莱阳一站 20；" in text and "莱阳二站 12；" in text and "莱阳三站 6；" in text
