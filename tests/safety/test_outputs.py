"""Every file wbz writes goes through one output function: it never writes over the database,
its journals, the command's own input or template; it refuses an extension that contradicts
the content and an existing file without --force; it leaves no temporary file behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from openpyxl import Workbook
from tests.conftest import Invoke, make_id
from tests.safety.test_backup import count

MONTH = ("report", "monthly", "--month", "2026-10")


@pytest.fixture
def two(station: Invoke, db_path: Path) -> Invoke:
    """A station with two children on file."""
    for seq, name in ((11, "王小明"), (12, "李小红")):
        result = station(
            "register", "--name", name, "--id-number", make_id("2015-06-01", seq), "-c", "orphan"
        )
        assert result.exit_code == 0, result.stderr
    assert count(db_path) == 2
    return station


def refused(result: object, *words: str) -> None:
    exit_code, stderr = result.exit_code, result.stderr  # type: ignore[attr-defined]
    assert exit_code == 1, stderr
    assert "Traceback" not in stderr
    for word in words:
        assert word in stderr, stderr


def template(path: Path) -> Path:
    book = Workbook()
    book.active["A1"] = "在册 {{children.active}}"
    book.save(path)
    return path


# -- the database and its journals ------------------------------------------------------------


@pytest.mark.parametrize("force", [(), ("--force",)])
@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_a_report_never_writes_over_the_database(
    two: Invoke, db_path: Path, fmt: str, force: tuple[str, ...]
) -> None:
    before = db_path.read_bytes()
    result = two(*MONTH, "-f", fmt, "-o", db_path, *force)
    refused(result, "数据库文件本身")
    assert "已写入" not in result.stdout + result.stderr
    assert db_path.read_bytes() == before and count(db_path) == 2


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_a_report_never_writes_over_the_database_journals(
    two: Invoke, db_path: Path, tmp_path: Path, suffix: str
) -> None:
    journal = Path(f"{db_path}{suffix}")
    existed = journal.exists()
    result = two(*MONTH, "-f", "xlsx", "-o", journal, "--force")
    refused(result, "数据库的日志文件")
    assert journal.exists() == existed
    assert count(db_path) == 2


def test_a_template_report_never_writes_over_the_database(
    two: Invoke, db_path: Path, tmp_path: Path
) -> None:
    result = two(*MONTH, "--template", template(tmp_path / "t.xlsx"), "-o", db_path, "--force")
    refused(result, "数据库文件本身")
    assert count(db_path) == 2


def test_a_symlink_or_hard_link_to_the_database_is_refused(
    two: Invoke, db_path: Path, tmp_path: Path
) -> None:
    symlink = tmp_path / "link.xlsx"
    symlink.symlink_to(db_path)
    refused(two(*MONTH, "-f", "xlsx", "-o", symlink, "--force"), "数据库文件本身")
    hardlink = tmp_path / "hard.xlsx"
    os.link(db_path, hardlink)
    refused(two(*MONTH, "-f", "xlsx", "-o", hardlink, "--force"), "数据库文件本身")
    assert symlink.is_symlink() and hardlink.stat().st_ino == db_path.stat().st_ino
    assert count(db_path) == 2


def test_the_template_is_not_replaced_by_its_filled_copy(two: Invoke, tmp_path: Path) -> None:
    path = template(tmp_path / "t.xlsx")
    before = path.read_bytes()
    refused(two(*MONTH, "--template", path, "-o", path, "--force"), "模板文件本身")
    assert path.read_bytes() == before


# -- extensions and existing files -------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "name"), [("xlsx", "x.xlsm"), ("xlsx", "x.csv"), ("csv", "x.xlsx"), ("json", "x.csv")]
)
def test_an_extension_that_contradicts_the_content_is_refused(
    two: Invoke, tmp_path: Path, fmt: str, name: str
) -> None:
    refused(two(*MONTH, "-f", fmt, "-o", tmp_path / name), "扩展名与内容")
    assert not (tmp_path / name).exists()


def test_an_existing_file_is_kept_without_force_and_replaced_with_it(
    two: Invoke, tmp_path: Path
) -> None:
    out = tmp_path / "月报.xlsx"
    out.write_bytes(b"someone's own workbook")
    refused(two(*MONTH, "-f", "xlsx", "-o", out), "已存在", "--force")
    assert out.read_bytes() == b"someone's own workbook"
    result = two(*MONTH, "-f", "xlsx", "-o", out, "--force")
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"PK")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# -- backups ----------------------------------------------------------------------------------


def test_backup_onto_an_existing_file_needs_force(
    two: Invoke, db_path: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other-station.db"
    other.write_bytes(b"another station's database")
    refused(two("backup", other), "已存在", "--force")
    assert other.read_bytes() == b"another station's database"
    result = two("backup", other, "--force")
    assert result.exit_code == 0, result.stderr
    assert count(other) == 2 and count(db_path) == 2


def test_backup_refuses_a_link_to_the_database_and_a_wrong_extension(
    two: Invoke, db_path: Path, tmp_path: Path
) -> None:
    symlink = tmp_path / "copy.db"
    symlink.symlink_to(db_path)
    refused(two("backup", symlink, "--force"), "数据库文件本身")
    refused(two("backup", f"{db_path}-wal", "--force"), "数据库的日志文件")
    refused(two("backup", tmp_path / "copy.xlsx"), "扩展名与内容")
    assert not (tmp_path / "copy.xlsx").exists()
    assert count(db_path) == 2


def test_backup_into_a_folder_never_replaces_an_earlier_one(two: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    for _ in range(3):
        result = two("backup", folder)
        assert result.exit_code == 0, result.stderr
    assert len(list(folder.glob("wbz-*.db"))) == 3


def test_a_killed_writers_temporary_files_are_removed_by_the_next_run(
    two: Invoke, db_path: Path, tmp_path: Path
) -> None:
    sqlite_head = db_path.read_bytes()[:4096]
    dead = 99999999  # above any pid_max: no such process
    new_style = tmp_path / f".月报.xlsx.wbz-{dead}.tmp"
    new_style.write_bytes(b"PK half a workbook")
    old_backup = tmp_path / f".out.db.{dead}.tmp"  # what a killed `wbz backup out.db` left
    old_backup.write_bytes(sqlite_head)
    running = tmp_path / f".x.xlsx.wbz-{os.getppid()}.tmp"  # a process that still runs
    running.write_bytes(b"being written")
    someone_elses = tmp_path / f".notes.{dead}.tmp"  # a user's own file that merely looks alike
    someone_elses.write_bytes(b"my notes")
    result = two("backup", tmp_path / "new.db")
    assert result.exit_code == 0, result.stderr
    assert not new_style.exists() and not old_backup.exists()
    assert running.exists() and someone_elses.read_bytes() == b"my notes"
    assert not list(tmp_path.glob(".new.db*"))


def test_a_report_also_removes_a_killed_backups_leftover(
    two: Invoke, db_path: Path, tmp_path: Path
) -> None:
    old_backup = tmp_path / f".out.db.{99999999}.tmp"
    old_backup.write_bytes(db_path.read_bytes()[:4096])
    result = two(*MONTH, "-f", "json", "-o", tmp_path / "月报.json")
    assert result.exit_code == 0, result.stderr
    assert not old_backup.exists()


# -- error rows, exports, match results ---------------------------------------------------------


def roster_csv(path: Path) -> Path:
    rows = [
        "姓名,身份证号码,儿童类别",
        f"张小华,{make_id('2016-03-01', 21)},孤儿",
        "坏行,123,孤儿",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("dry_run", [True, False])
def test_import_errors_never_replace_the_sheet_being_imported(
    two: Invoke, db_path: Path, tmp_path: Path, dry_run: bool
) -> None:
    source = roster_csv(tmp_path / "src.csv")
    before = source.read_bytes()
    extra = ("--dry-run",) if dry_run else ()
    result = two("import", "roster", source, *extra, "--errors", source, "--force")
    refused(result, "本命令读取的文件")
    assert source.read_bytes() == before
    assert count(db_path) == 2  # refused before anything was imported


@pytest.mark.parametrize(
    "command", [("visit", "import"), ("subsidy", "import"), ("import", "roster")]
)
def test_every_import_refuses_errors_onto_its_sheet_or_the_database(
    two: Invoke, db_path: Path, tmp_path: Path, command: tuple[str, str]
) -> None:
    source = roster_csv(tmp_path / "sheet.csv")
    before = source.read_bytes()
    refused(two(*command, source, "--errors", source, "--force"), "本命令读取的文件")
    assert source.read_bytes() == before
    refused(two(*command, source, "--errors", f"{db_path}-journal"), "数据库的日志文件")
    assert count(db_path) == 2


def test_import_errors_keep_an_existing_file_without_force(
    two: Invoke, db_path: Path, tmp_path: Path
) -> None:
    source = roster_csv(tmp_path / "src.csv")
    errors = tmp_path / "errors.csv"
    errors.write_bytes(b"last week's notes")
    refused(two("import", "roster", source, "--errors", errors), "已存在", "--force")
    assert errors.read_bytes() == b"last week's notes" and count(db_path) == 2
    result = two("import", "roster", source, "--errors", errors, "--force")
    assert result.exit_code == 3, result.stderr
    assert "坏行" in errors.read_text(encoding="utf-8-sig") and count(db_path) == 3


def test_export_refuses_the_database_an_existing_file_and_a_wrong_extension(
    two: Invoke, db_path: Path, tmp_path: Path
) -> None:
    hardlink = tmp_path / "roster.xlsx"
    os.link(db_path, hardlink)
    refused(two("export", "children", hardlink, "--force"), "数据库文件本身")
    mine = tmp_path / "mine.csv"
    mine.write_bytes(b"mine")
    refused(two("export", "children", mine), "已存在", "--force")
    assert mine.read_bytes() == b"mine"
    refused(two("export", "children", tmp_path / "roster.xlsm"), "扩展名与内容")
    assert count(db_path) == 2
    result = two("export", "children", mine, "--force")
    assert result.exit_code == 0, result.stderr
    assert "王小明" in mine.read_text(encoding="utf-8-sig")


def test_match_results_never_replace_the_list_being_matched(
    two: Invoke, db_path: Path, tmp_path: Path
) -> None:
    listing = tmp_path / "低保名单.xlsx"
    book = Workbook()
    book.active.append(["姓名", "身份证号码"])
    book.active.append(["王小明", make_id("2015-06-01", 11)])
    book.save(listing)
    before = listing.read_bytes()
    args = ("match", listing, "-k", "lowincome", "-f", "xlsx")
    refused(two(*args, "-o", listing, "--force"), "本命令读取的文件")
    assert listing.read_bytes() == before
    refused(two(*args, "-o", tmp_path / "结果.csv"), "扩展名与内容")
    result = two(*args, "-o", tmp_path / "结果.xlsx")
    assert result.exit_code in (0, 3), result.stderr
    assert (tmp_path / "结果.xlsx").read_bytes().startswith(b"PK")
    assert count(db_path) == 2


@pytest.mark.parametrize(("answer", "replaced"), [("y\n", True), ("n\n", False), ("", False)])
def test_at_a_terminal_wbz_asks_before_replacing_a_file(
    two: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str, replaced: bool
) -> None:
    from click.testing import _NamedTextIOWrapper

    monkeypatch.setattr(_NamedTextIOWrapper, "isatty", lambda self: True)
    out = tmp_path / "月报.csv"
    out.write_bytes(b"kept")
    result = two(*MONTH, "-f", "csv", "-o", out, input=answer)
    assert "已存在，替换它吗" in result.stderr
    if replaced:
        assert result.exit_code == 0, result.stderr
        assert "children.active" in out.read_text(encoding="utf-8-sig")
    else:
        refused(result, "未替换")
        assert out.read_bytes() == b"kept"


def test_earlier_versions_random_temporaries_go_once_an_hour_old(
    two: Invoke, tmp_path: Path
) -> None:
    hour_ago = time.time() - 3700
    old_export = tmp_path / ".wbz-k3j9x_2a.xlsx"
    old_report = tmp_path / ".月报.xlsx.ab12cd34.part"
    fresh = tmp_path / ".wbz-zzzzzzzz.csv"  # may still be written by an older wbz
    for path in (old_export, old_report, fresh):
        path.write_bytes(b"children's data")
    for path in (old_export, old_report):
        os.utime(path, (hour_ago, hour_ago))
    result = two("export", "children", tmp_path / "花名册.xlsx")
    assert result.exit_code == 0, result.stderr
    assert not old_export.exists() and not old_report.exists() and fresh.exists()
