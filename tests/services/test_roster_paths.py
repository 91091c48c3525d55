"""The roster import's two paths, the plain one (read every row, then write, on one thread) and
the fast one (FastRosterStrategy: the first children written by a worker thread while the rest
of the file is read), make the same database from the same files: the same children,
households, guardians, categories, risk and audit rows, the same summary and refused rows. An
import that fails half-way, by either path, leaves every row of the database as it was."""

from __future__ import annotations

import csv
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.domain.errors import InvalidInput
from wbz_cli.services import roster, roster_write
from wbz_cli.sheets.reader import Table

HEAD = ["姓名", "身份证号码", "儿童类别", "所在社区", "风险等级", "监护人", "与儿童关系",
        "监护人电话", "家庭住址"]  # fmt: skip
CLOCK = {"at", "created_at", "updated_at", "applied_at"}  # when the rows were written


def child(seq: int, **cells: str) -> list[str]:
    born = f"20{12 + seq % 9}-{1 + seq % 12:02d}-{1 + seq % 28:02d}"
    row = {"姓名": f"儿童{seq}", "身份证号码": make_id(born, seq), "儿童类别": "困境儿童",
           "所在社区": ("华阳", "飞乐", "秀水")[seq % 3], "监护人": f"家长{seq}",
           "与儿童关系": "母亲", "家庭住址": f"华阳路{seq}号"}  # fmt: skip
    return [{**row, **cells}.get(h, "") for h in HEAD]


def first_roster() -> list[list[str]]:
    return [child(seq) for seq in range(1, 41)]


def second_roster() -> list[list[str]]:
    """Updates, unchanged children, new ones (many batches of them), repeats merged and
    repeats that disagree, and refusals of every kind."""
    rows = [
        child(1, 所在社区="大西"),
        child(2, 风险等级="红"),
        child(3, 儿童类别="困境儿童、残疾儿童"),
        child(4, 监护人="新家长", 监护人电话="13812345678"),
        child(5, 与儿童关系="父亲", 家庭住址="长宁路1号"),
        *(child(seq) for seq in range(6, 12)),  # unchanged
        child(301, 儿童类别=""),  # new, its category only in its repeat below
        child(302, 所在社区="西南"),  # new, its repeat below disagrees
        child(303, 身份证号码="310105201506011234"),  # bad check digit
        child(304, 风险等级="紫"),  # no such risk
        child(305, 监护人电话="12345"),  # not a phone number
        child(306, 身份证号码=make_id("2001-01-01", 306)),  # 18 or older
        child(307, 儿童类别=""),  # new without any category
        child(12, 儿童类别="农村留守儿童", 身份证号码=make_id("2008-01-13", 12)),  # too old
    ]
    rows += [child(seq) for seq in range(400, 460)]  # new
    rows.insert(16, child(301, 儿童类别="孤儿"))
    rows.insert(18, child(302, 所在社区="秀水"))
    rows += [child(13, 所在社区="华阳居委"), ["", "", "", "", "", "", "", "", ""]]
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEAD, *rows])
    return path


def rows_of(db: Path, *, clock: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (and the schema: triggers, indexes), by table; without the
    columns that say when a row was written unless ``clock``."""
    conn = sqlite3.connect(db)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        found: dict[str, list[tuple[Any, ...]]] = {
            "sqlite_master": conn.execute("SELECT * FROM sqlite_master ORDER BY name").fetchall()
        }
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            keep = [i for i, d in enumerate(cursor.description) if clock or d[0] not in CLOCK]
            found[table] = sorted((tuple(r[i] for i in keep) for r in cursor), key=repr)
        return found
    finally:
        conn.close()


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of a few children, and a child's writes planned 8 rows after its first row
    (the repeats of the second roster come sooner): the fast path writes while it reads,
    even in a small file."""
    monkeypatch.setattr(roster, "LAG", 8)
    monkeypatch.setattr(roster_write, "CHUNK", 7)
    monkeypatch.setattr(roster_write, "FIRST_PIECE", 2)


def import_both(station: Invoke, tmp: Path) -> list[Any]:
    """Import the two rosters; their summaries and --errors files."""
    outputs: list[Any] = []
    for name, rows in (("first", first_roster()), ("second", second_roster())):
        errors = tmp / f"{name}-errors.csv"
        result = station("import", "roster", str(write_csv(tmp / f"{name}.csv", rows)),
                         "-f", "json", "--errors", str(errors), "--force")  # fmt: skip
        assert result.exit_code in (0, 3), result.stderr
        outputs += [result.json(), errors.read_text("utf-8-sig") if errors.exists() else ""]
    return outputs


def writer_threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the threads that write each batch, as the import runs."""
    names: list[str] = []
    flush = roster_write.flush

    def spy(*args: Any) -> None:
        names.append(threading.current_thread().name)
        flush(*args)

    monkeypatch.setattr(roster_write, "flush", spy)  # the fast path's
    monkeypatch.setattr(roster, "flush", spy)  # the plain path's
    return names


def fresh(wbz: Invoke, db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    assert wbz("init", "--station", "华阳路街道未保站").exit_code == 0


@pytest.mark.usefixtures("small_batches")
def test_the_plain_path_and_the_fast_strategy_make_the_same_database(
    wbz: Invoke, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads = writer_threads(monkeypatch)
    made = {}
    for fast in (False, True):
        monkeypatch.setattr(roster, "FAST", fast)
        fresh(wbz, db_path)
        threads.clear()
        made[fast] = import_both(wbz, tmp_path), rows_of(db_path, clock=False)
        assert len(threads) >= 10  # the second file: several batches
        on_worker = {name.startswith("roster-writer") for name in threads}
        assert on_worker == {fast}  # the fast path writes on its worker thread, the plain not
    (plain, plain_rows), (fast_out, fast_rows) = made[False], made[True]
    assert plain[2]["counts"] == {"inserted": 61, "updated": 6, "unchanged": 6, "merged": 1,
                                  "rejected": 8, "moved": 2}  # fmt: skip
    assert "第 14 行、第 20 行，但所在社区不一致" in plain[3]  # the refused rows, with reasons
    assert fast_out == plain
    assert len(plain_rows["children"]) == 40 + 61 and len(plain_rows["audit_log"]) > 110
    assert fast_rows == plain_rows


def failing(when: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the next import fail half-way: the file unreadable after 60 rows, Ctrl-C then, or
    the disk failing on the third batch written."""
    if when == "writer":
        flush, written = roster_write.flush, []

        def broken(*args: Any) -> None:
            written.append(1)
            if len(written) == 3:
                raise sqlite3.OperationalError("disk I/O error")
            flush(*args)

        monkeypatch.setattr(roster_write, "flush", broken)
        monkeypatch.setattr(roster, "flush", broken)
        return
    problem: BaseException = (
        InvalidInput("无法读取工作表") if when == "reader" else KeyboardInterrupt()
    )
    raw_rows = Table.raw_rows

    def breaks(self: Table) -> Any:
        for count, row in enumerate(raw_rows(self)):
            if count == 60:
                raise problem
            yield row

    monkeypatch.setattr(Table, "raw_rows", breaks)


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize("fast", [False, True], ids=["plain", "fast"])
@pytest.mark.parametrize("when", ["reader", "interrupt", "writer"])
def test_an_import_failing_half_way_leaves_every_row_as_it_was(
    station: Invoke, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    fast: bool, when: str,
) -> None:  # fmt: skip
    monkeypatch.setattr(roster, "FAST", fast)
    first = write_csv(tmp_path / "first.csv", first_roster())
    assert station("import", "roster", str(first)).exit_code == 0
    before = rows_of(db_path)
    threads = writer_threads(monkeypatch)
    failing(when, monkeypatch)
    result = station("import", "roster", str(write_csv(tmp_path / "b.csv", second_roster())))
    assert result.exit_code == (130 if when == "interrupt" else 1)
    assert "Traceback" not in result.stderr
    if fast or when == "writer":  # the plain path writes only once the file is read
        assert len(threads) >= 2  # some batches had been written when it failed
    assert rows_of(db_path) == before
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
