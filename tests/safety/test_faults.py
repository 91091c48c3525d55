"""Faults: a process killed mid-write, two writers at once, a read-only file, a full disk."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id
from tests.safety.scripts import BULK_WRITE, VISIT_WRITER

BATCH = 250
TRIALS = 20


def query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def state(db: Path) -> tuple[str, int, int, int]:
    """integrity_check, children, households, register audit rows."""
    return (
        query(db, "PRAGMA integrity_check")[0][0],
        query(db, "SELECT count(*) FROM children")[0][0],
        query(db, "SELECT count(*) FROM households")[0][0],
        query(db, "SELECT count(*) FROM audit_log WHERE action = 'register'")[0][0],
    )


def bulk(db: Path, first: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", BULK_WRITE, str(db), str(BATCH), str(first)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def test_a_kill_at_any_point_of_a_large_write_leaves_all_or_nothing(
    station: Invoke, db_path: Path
) -> None:
    # How long the batch takes once inside its transaction, to spread the kills over it.
    started = bulk(db_path, 0)
    assert started.stdout is not None and started.stdout.readline().strip() == "begin"
    t0 = time.monotonic()
    assert started.stdout.readline().strip() == "done"
    span = time.monotonic() - t0
    started.wait()
    expected = BATCH
    rng = random.Random(20261124)
    mid_write = 0
    for trial in range(1, TRIALS + 1):
        proc = bulk(db_path, trial * BATCH)
        assert proc.stdout is not None
        began = proc.stdout.readline().strip() == "begin"
        time.sleep(rng.uniform(0, span * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        check, children, households, registered = state(db_path)
        assert check == "ok", trial
        assert children in (expected, expected + BATCH), (trial, children)
        assert households == registered == children, trial
        if children == expected and began:
            mid_write += 1
        expected = children
    assert mid_write >= TRIALS // 3  # most kills landed inside the transaction


def roster_csv(path: Path, first: int, count: int) -> Path:
    """A roster of ``count`` new children, numbered from ``first`` (distinct ID numbers)."""
    lines = ["姓名,身份证号码,儿童类别,监护人"]
    for n in range(first, first + count):
        birth = date(2012, 1, 1) + timedelta(days=n // 900)
        lines.append(f"儿童{n},{make_id(birth.isoformat(), n % 900 + 1)},困境儿童,家长{n}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def wbz_process(db: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "WBZ_TODAY": "2026-11-24", "WBZ_OPERATOR": "tester"}
    return subprocess.Popen(
        [sys.executable, "-m", "wbz_cli", "--db", str(db), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=db.parent,
    )


def import_writing(db: Path, roster: Path) -> subprocess.Popen[str]:
    """``wbz import roster`` of a bulk ``roster``, once it has begun writing (its journal is
    there), or has ended."""
    proc = wbz_process(db, "import", "roster", str(roster))
    journal = Path(f"{db}-journal")
    while not journal.exists() and proc.poll() is None:
        time.sleep(0.002)
    return proc


def test_a_kill_at_any_point_of_a_bulk_roster_import_leaves_all_or_nothing(
    station: Invoke, db_path: Path
) -> None:
    """A bulk import writes with a rollback journal instead of WAL (store.db.rollback_journal):
    killed at any point of its writing, it has written all of its children or none, and the
    next command finds the database whole and in WAL mode again."""
    rows = 10_000  # a bulk load (report_parts.BULK_ROWS): a CSV file's size is not known
    journal = Path(f"{db_path}-journal")

    def start(number: int) -> subprocess.Popen[str]:
        roster = roster_csv(db_path.with_name(f"{number}.csv"), number * rows, rows)
        return import_writing(db_path, roster)

    proc = start(0)
    began = time.monotonic()
    assert proc.wait(timeout=120) == 0
    span = time.monotonic() - began  # from the first write to the end of the process
    expected = rows
    rng = random.Random(20261126)
    mid_write = 0
    for trial in range(1, TRIALS // 2 + 1):
        proc = start(trial)
        time.sleep(rng.uniform(0, span * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        mid_write += journal.exists()  # killed inside the transaction: a hot journal
        check, children, households, registered = state(db_path)
        assert check == "ok", trial
        assert children in (expected, expected + rows), (trial, children)
        assert households == registered == children, trial
        expected = children
    assert mid_write >= TRIALS // 6  # most kills landed while the import was writing
    assert run_wbz(db_path, "doctor", "--format", "json").returncode in (0, 3)
    assert query(db_path, "PRAGMA journal_mode")[0][0] == "wal"


def test_a_bulk_import_leaves_wal_mode_and_works_while_another_program_reads(
    station: Invoke, db_path: Path
) -> None:
    roster = roster_csv(db_path.with_name("a.csv"), 0, 200)
    assert run_wbz(db_path, "import", "roster", str(roster)).returncode == 0
    assert query(db_path, "PRAGMA journal_mode")[0][0] == "wal"
    assert not Path(f"{db_path}-journal").exists()
    reader = sqlite3.connect(db_path)  # another program has the file open: no switch
    try:
        assert reader.execute("SELECT count(*) FROM children").fetchone()[0] == 200
        more = roster_csv(db_path.with_name("b.csv"), 200, 300)
        done = run_wbz(db_path, "import", "roster", str(more), "--format", "json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["counts"]["inserted"] == 300
        assert reader.execute("SELECT count(*) FROM children").fetchone()[0] == 500
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        reader.close()


def test_a_command_run_during_a_bulk_import_waits_for_it_or_reads_before_it(
    station: Invoke, db_path: Path
) -> None:
    """While a bulk import writes with a rollback journal, another command cannot switch the
    file to WAL: it works in the journal's mode instead (reading what was there before the
    import, or waiting for its locks), and is not refused."""
    proc = import_writing(db_path, roster_csv(db_path.with_name("big.csv"), 0, 10_000))
    assert proc.poll() is None  # caught while writing
    listed = run_wbz(db_path, "children", "--format", "json")
    assert proc.wait(timeout=120) == 0
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) in (0, 10_000)
    assert run_wbz(db_path, "children", "--format", "json").returncode == 0
    assert query(db_path, "PRAGMA journal_mode")[0][0] == "wal"


def test_two_processes_writing_at_once_both_finish(station: Invoke, db_path: Path) -> None:
    station("register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11), "-c", "other")
    go = db_path.with_name("go")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", VISIT_WRITER, str(db_path), "1", "500", str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(0.5)  # both opened and waiting
    go.touch()
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert out.strip() == "ok"
    assert query(db_path, "SELECT count(*) FROM visits")[0][0] == 1000
    assert (
        query(db_path, "SELECT count(*) FROM audit_log WHERE record_type = 'visit'")[0][0] == 1000
    )
    assert query(db_path, "SELECT count(DISTINCT notes) FROM visits")[0][0] == 1000


# -- read-only files and folders ---------------------------------------------------------------


def _drop_override() -> None:
    """In the child (as root): drop the capabilities that let root ignore file modes, so a
    read-only file or folder is read-only to wbz, as it is for a station's user."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl")


def run_wbz(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a child process that file modes bind, even when tests run as root."""
    env = {**os.environ, "WBZ_TODAY": "2026-11-24", "WBZ_OPERATOR": "tester"}
    env.pop("WBZ_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "wbz_cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=db.parent,
        timeout=60,
        preexec_fn=_drop_override if os.geteuid() == 0 else None,
    )


@pytest.fixture
def private_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "station"
    folder.mkdir()
    yield folder
    folder.chmod(0o755)


def seeded(folder: Path) -> Path:
    db = folder / "wbz.db"
    for args in (
        ["init", "--station", "只读站"],
        ["register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11), "-c", "other"],
    ):
        done = run_wbz(db, *args)
        assert done.returncode == 0, done.stderr
    return db


def refused_cleanly(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("错误：") and result.stderr.count("\n") == 1, result.stderr
    assert any(w in result.stderr for w in words), result.stderr


def test_a_read_only_database_file_is_a_clear_refusal(private_dir: Path) -> None:
    db = seeded(private_dir)
    db.chmod(0o400)
    result = run_wbz(
        db, "register", "--name", "李", "--id-number", make_id("2014-01-01", 12), "-c", "other"
    )
    refused_cleanly(result, "只读", "权限")
    db.chmod(0o600)
    assert state(db) == ("ok", 1, 1, 1)


def test_a_read_only_database_file_still_gives_its_report(private_dir: Path) -> None:
    """Reading needs no write: the report's figures cannot be stored, and are not."""
    db = seeded(private_dir)
    db.chmod(0o400)
    result = run_wbz(db, "report", "monthly", "--month", "2026-11", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["children"]["active"] == 1
    db.chmod(0o600)
    assert query(db, "SELECT count(*) FROM report_parts")[0][0] == 0


def test_a_read_only_folder_is_a_clear_refusal(private_dir: Path) -> None:
    db = seeded(private_dir)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    private_dir.chmod(0o555)
    try:
        result = run_wbz(
            db, "register", "--name", "李", "--id-number", make_id("2014-01-01", 12), "-c", "other"
        )
        refused_cleanly(result, "只读", "权限")
        backup = run_wbz(db, "backup", str(private_dir / "copy.db"))
        refused_cleanly(backup, "只读", "权限", "文件操作失败")
        assert not (private_dir / "copy.db").exists()
    finally:
        private_dir.chmod(0o755)
    assert state(db) == ("ok", 1, 1, 1)


# -- a full disk -------------------------------------------------------------------------------


def test_a_full_disk_is_a_clear_refusal_with_nothing_half_written(
    station: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wbz_cli.store import session

    real_connect = session.connect

    def tiny_disk(path: Path, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(path, **kwargs)  # type: ignore[arg-type]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL at the next new page
        return conn

    monkeypatch.setattr(session, "connect", tiny_disk)
    failed = None
    for seq in range(1, 400, 2):
        result = station(
            "register", "--name", f"儿童{seq}", "--id-number", make_id("2015-06-01", seq),
            "-c", "other", "--guardian", "家长" * 20, "--address", "很长的地址" * 30,
        )  # fmt: skip
        if result.exit_code != 0:
            failed = result
            break
    assert failed is not None, "the tiny disk never filled up"
    assert failed.exit_code == 1
    assert "磁盘已满" in failed.stderr and "Traceback" not in failed.stderr
    check, children, households, registered = state(db_path)
    assert check == "ok"
    assert children == households == registered == seq // 2
    monkeypatch.setattr(session, "connect", real_connect)
    assert station("doctor", "--format", "json").exit_code in (0, 3)


# -- a reader that stops early -----------------------------------------------------------------


def test_a_listing_piped_into_a_reader_that_stops_ends_quietly(private_dir: Path) -> None:
    """`wbz children | head -1`: when the reader closes the pipe, no error and no traceback."""
    db = seeded(private_dir)
    env = {**os.environ, "WBZ_TODAY": "2026-11-24"}
    reader_gone = subprocess.Popen(
        [sys.executable, "-m", "wbz_cli", "--db", str(db), "children", "--format", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert reader_gone.stdout is not None and reader_gone.stderr is not None
    reader_gone.stdout.close()  # the reader is gone before the first line is written
    stderr = reader_gone.stderr.read().decode()
    assert reader_gone.wait(timeout=60) == 141
    assert stderr == ""
