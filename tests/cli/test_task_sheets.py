"""wbz due --by worker: one task sheet (.xlsx) per child director, filled in and imported
back with wbz visit import as it is; --format text: one reminder per director."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.conftest import Invoke, make_id

IDS = {
    "王小明": make_id("2015-06-01", 11),
    "李小红": make_id("2015-06-01", 12),
    "张小军": make_id("2014-03-02", 13),
    "赵小兰": make_id("2013-07-04", 14),
}
WANG_SHEET = "走访任务-王主任-2026-11-24.xlsx"
NOBODY_SHEET = "走访任务-未分配-2026-11-24.xlsx"
MODES = ["入户", "电话", "微信", "视频", "到校", "到站"]
PHONE = "13812345678"


def register(wbz: Invoke, name: str, *extra: str) -> str:
    result = wbz(
        "register", "--name", name, "--id-number", IDS[name], "-c", "困境", "--on", "2026-09-01",
        "--community", "红星村", *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def children(station: Invoke) -> Invoke:
    """Three children of 王主任 and one without a child director, all due a first visit."""
    assert (
        register(station, "王小明", "--worker", "王主任", "--guardian", "王大山",
                 "--guardian-phone", PHONE)
        == "C000001"
    )  # fmt: skip
    assert register(station, "李小红", "--worker", "王主任") == "C000002"
    assert register(station, "张小军", "--worker", "王主任") == "C000003"
    assert register(station, "赵小兰") == "C000004"
    return station


def due_visits(wbz: Invoke) -> set[str]:
    result = wbz("due", "-f", "json")
    assert result.exit_code in (0, 3), result.stderr
    return {row["child"] for row in result.json() if row["kind"] == "visit"}


def write_sheets(wbz: Invoke, folder: Path, *extra: str) -> Path:
    folder.mkdir(exist_ok=True)
    result = wbz("due", "--by", "worker", "--out", str(folder), *extra)
    assert result.exit_code == 3, result.stderr  # written; the first visits are overdue
    return folder


def fill(sheet: Path, filled: Path, visits: dict[str, tuple[object, str, str]]) -> None:
    """Fill 走访日期, 走访方式 and 情况记录 of the children named in ``visits``, as a child
    director would in Excel; the other rows stay empty."""
    book = load_workbook(sheet)
    ws = book.active
    headers = [c.value for c in ws[2]]
    for row in ws.iter_rows(min_row=3):
        code = row[headers.index("儿童编号")].value
        if code in visits:
            day, mode, notes = visits[code]
            row[headers.index("走访日期")].value = day
            row[headers.index("走访方式")].value = mode
            row[headers.index("情况记录")].value = notes
    book.save(filled)


def test_round_trip_shrinks_the_due_list_by_the_visits_recorded(
    children: Invoke, tmp_path: Path
) -> None:
    before = due_visits(children)
    assert before == {"C000001", "C000002", "C000003", "C000004"}
    folder = write_sheets(children, tmp_path / "任务单")
    filled = tmp_path / "王主任-已填.xlsx"
    fill(
        folder / WANG_SHEET,
        filled,
        {
            "C000001": (date(2026, 11, 23), "入户", "家中正常"),
            "C000003": ("2026-11-24", "入户", ""),
        },
    )

    first = children("visit", "import", str(filled), "-f", "json")

    assert first.exit_code == 0, first.stderr
    assert first.json()["counts"] == {
        "inserted": 2,
        "unchanged": 0,
        "skipped_blank": 1,
        "rejected": 0,
    }
    assert due_visits(children) == before - {"C000001", "C000003"}
    listed = children("visit", "list", "C000001", "-f", "json").json()
    assert [(v["visited_on"], v["mode"]) for v in listed] == [("2026-11-23", "home")]

    report = children("visit", "import", str(filled), "-f", "report").json()
    assert report["unrecognised_columns"] == []


def test_a_second_import_of_the_sheet_adds_nothing(children: Invoke, tmp_path: Path) -> None:
    folder = write_sheets(children, tmp_path / "任务单")
    filled = tmp_path / "filled.xlsx"
    fill(folder / WANG_SHEET, filled, {"C000002": (date(2026, 11, 20), "入户", "")})
    assert children("visit", "import", str(filled)).exit_code == 0
    after_first = due_visits(children)

    again = children("visit", "import", str(filled))

    assert again.exit_code == 0, again.stderr
    assert re.search(r"新增\s+0\b", again.stdout)
    assert re.search(r"跳过（未填写）\s+2\b", again.stdout)
    assert due_visits(children) == after_first
    assert len(children("visit", "list", "C000002", "-f", "json").json()) == 1


def test_an_untouched_sheet_imports_as_all_skipped(children: Invoke, tmp_path: Path) -> None:
    folder = write_sheets(children, tmp_path / "任务单")

    result = children("visit", "import", str(folder / WANG_SHEET), "-f", "json")

    assert result.exit_code == 0, result.stderr
    assert result.json()["counts"] == {
        "inserted": 0,
        "unchanged": 0,
        "skipped_blank": 3,
        "rejected": 0,
    }


def test_one_sheet_per_director_with_the_due_columns_and_no_id(
    children: Invoke, tmp_path: Path
) -> None:
    folder = write_sheets(children, tmp_path / "任务单")

    assert sorted(p.name for p in folder.iterdir()) == sorted([WANG_SHEET, NOBODY_SHEET])
    ws = load_workbook(folder / WANG_SHEET).active
    rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    assert ws.title == "王主任"
    assert rows[1][:9] == [
        "儿童编号", "姓名", "居民区", "上次走访", "应访日期", "依据", "走访日期", "走访方式",
        "情况记录",
    ]  # fmt: skip
    assert str(rows[1][9]).startswith("发现问题") and rows[1][10] == "处理措施"
    assert [r[:3] for r in rows[2:]] == [
        ["C000001", "王小明", "红星村"],
        ["C000002", "李小红", "红星村"],
        ["C000003", "张小军", "红星村"],
    ]
    assert all(r[4] == "2026-09-08" and r[5] for r in rows[2:])  # due date and rule
    assert all(v is None for r in rows[2:] for v in r[6:])  # to fill
    nobody = load_workbook(folder / NOBODY_SHEET).active
    assert nobody.title == "未分配"
    assert [r[:2] for r in nobody.iter_rows(min_row=3, values_only=True)] == [("C000004", "赵小兰")]
    for path in folder.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600
        text = " ".join(
            str(v) for r in load_workbook(path).active.iter_rows(values_only=True) for v in r
        )
        assert not any(number in text for number in IDS.values())
        assert not re.search(r"\d{17}[\dXx]", text)
        assert PHONE not in text


def test_the_mode_drop_down_and_the_print_setup(children: Invoke, tmp_path: Path) -> None:
    folder = write_sheets(children, tmp_path / "任务单")
    ws = load_workbook(folder / WANG_SHEET).active

    (rule,) = ws.data_validations.dataValidation
    assert rule.type == "list"
    assert rule.formula1.strip('"').split(",") == MODES
    assert str(rule.sqref) == "H3:H5"  # 走访方式 of the three children
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$2:$2"  # the header row on every page
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1


def test_the_export_is_audited(children: Invoke, tmp_path: Path) -> None:
    write_sheets(children, tmp_path / "任务单")

    entries = children("audit", "--action", "export", "-f", "json").json()

    found = {e["record_key"]: e for e in entries if e["record_type"] == "task_sheet"}
    assert set(found) == {WANG_SHEET, NOBODY_SHEET}
    assert found[WANG_SHEET]["after"]["count"] == 3
    assert found[WANG_SHEET]["after"]["worker"] == "王主任"


def test_within_and_worker_choose_the_children(children: Invoke, tmp_path: Path) -> None:
    folder = write_sheets(children, tmp_path / "任务单", "--worker", "王主任", "--within", "0")

    assert [p.name for p in folder.iterdir()] == [WANG_SHEET]


def test_a_file_name_is_made_safe(station: Invoke, tmp_path: Path) -> None:
    register(station, "王小明", "--worker", "王/主任")

    folder = write_sheets(station, tmp_path / "任务单")

    assert [p.name for p in folder.iterdir()] == ["走访任务-王_主任-2026-11-24.xlsx"]


def test_a_missing_folder_is_refused_naming_it(children: Invoke, tmp_path: Path) -> None:
    result = children("due", "--by", "worker", "--out", str(tmp_path / "没有这个文件夹"))

    assert result.exit_code == 1
    assert "没有这个文件夹" in result.stderr and "不存在" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "没有这个文件夹").exists()


def test_an_existing_sheet_is_replaced_only_with_force(children: Invoke, tmp_path: Path) -> None:
    folder = write_sheets(children, tmp_path / "任务单")
    (folder / WANG_SHEET).write_bytes(b"old")

    refused = children("due", "--by", "worker", "--out", str(folder))
    assert refused.exit_code == 1
    assert "--force" in refused.stderr
    assert (folder / WANG_SHEET).read_bytes() == b"old"

    write_sheets(children, folder, "--force")
    assert load_workbook(folder / WANG_SHEET).active.title == "王主任"


def test_out_needs_by_worker(children: Invoke, tmp_path: Path) -> None:
    result = children("due", "--out", str(tmp_path))

    assert result.exit_code == 1
    assert "--by worker" in result.stderr
    assert list(tmp_path.glob("*.xlsx")) == []


def test_text_reminders_one_per_director(children: Invoke) -> None:
    result = children("due", "--by", "worker", "--format", "text")

    assert result.exit_code == 3, result.stderr  # printed; the first visits are overdue
    blocks = result.stdout.strip().split("\n\n")
    assert len(blocks) == 2
    wang = blocks[0].splitlines()
    assert "王主任" in wang[0] and "3 名儿童" in wang[0]
    assert wang[1].startswith("C000001 王小明（红星村） 应访 2026-09-08")
    assert [line.split()[0] for line in wang[1:]] == ["C000001", "C000002", "C000003"]
    assert "未分配" in blocks[1] and "C000004 赵小兰" in blocks[1]
    assert not any(number in result.stdout for number in IDS.values())
    assert not re.search(r"\d{17}[\dXx]", result.stdout)
    assert PHONE not in result.stdout


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_a_task_sheet(children: Invoke, tmp_path: Path) -> None:
    folder = write_sheets(children, tmp_path / "任务单")
    converted = tmp_path / "csv"
    profile = tmp_path / "lo-profile"

    done = subprocess.run(
        [
            "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir",
            str(converted), str(folder / WANG_SHEET),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    with (converted / WANG_SHEET.replace(".xlsx", ".csv")).open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0].startswith("走访任务单")
    assert rows[1][:3] == ["儿童编号", "姓名", "居民区"]
    assert [r[:5] for r in rows[2:5]] == [
        ["C000001", "王小明", "红星村", "", "2026-09-08"],
        ["C000002", "李小红", "红星村", "", "2026-09-08"],
        ["C000003", "张小军", "红星村", "", "2026-09-08"],
    ]


def test_a_row_half_filled_is_refused_not_skipped(children: Invoke, tmp_path: Path) -> None:
    folder = write_sheets(children, tmp_path / "任务单")
    filled = tmp_path / "filled.xlsx"
    fill(folder / WANG_SHEET, filled, {"C000002": (None, "", "家里没人，下周再去")})

    result = children("visit", "import", str(filled), "-f", "report")

    assert result.exit_code == 3
    report = result.json()
    assert report["counts"]["skipped_blank"] == 2
    assert [(r["row"], r["field"]) for r in report["rejected"]] == [(4, "visited_on")]
