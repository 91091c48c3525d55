"""wbz import roster writes while it reads: the first children are written while the rest of the
file is still being read. Whether the writes start early or only at the end (a repeat that
comes too late makes the import read the file again and write it whole), the database, the summary
and the refused rows are the same; a failure half-way leaves nothing written."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.services import roster, roster_write

HEAD = ["姓名", "身份证号码", "儿童类别", "所在社区", "风险等级", "监护人", "监护人电话"]
TABLES = (
    "children", "households", "guardians", "case_periods", "child_categories", "risk_history",
    "audit_log",
)  # fmt: skip
CLOCK = {"at", "created_at", "updated_at"}  # when the rows were written


def child(seq: int, **cells: str) -> list[str]:
    number = make_id(f"201{2 + seq % 8}-0{1 + seq % 9}-1{seq % 9}", seq)
    row = {"姓名": f"儿童{seq}", "身份证号码": number, "儿童类别": "留守儿童", "所在社区": "华阳"}
    return [{**row, **cells}.get(h, "") for h in HEAD]


def first_file() -> list[list[str]]:
    return [child(seq, 监护人=f"家长{seq}") for seq in range(1, 21)]


def second_file(gap: int) -> list[list[str]]:
    """Updates of the first file's children, new children, bad rows, and repeats ``gap`` rows
    after their first row: one that adds a category (to a row without any), one that
    disagrees."""
    rows = [
        child(1, 所在社区="飞乐"),  # updated
        child(2, 风险等级="红"),
        child(3, 儿童类别="留守儿童、残疾儿童", 监护人="新家长", 监护人电话="13812345678"),
        child(4, 监护人="家长4", 监护人电话="13912345678"),
        child(5),  # unchanged
        child(101, 儿童类别=""),  # new, its category only in its repeat below
        child(102, 所在社区="西南"),  # new, repeated with another community below
        ["", "", "", "", "", "", ""],
        child(103, 身份证号码="310105201506011234"),  # bad check digit
        child(104, 风险等级="紫"),
        *(child(seq) for seq in range(200, 200 + 3 * gap)),  # new
        child(6, 所在社区="大西"),
    ]
    rows.insert(6 + gap, child(101, 儿童类别="孤儿"))
    rows.insert(7 + gap, child(102, 所在社区="秀水"))
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEAD, *rows])
    return path


def dump(db: Path) -> dict[str, list[dict[str, Any]]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return {
            t: [
                {k: v for k, v in zip(r.keys(), r, strict=True) if k not in CLOCK}
                for r in conn.execute(f"SELECT * FROM {t} ORDER BY id")
            ]
            for t in TABLES
        }
    finally:
        conn.close()


def run_imports(
    station: Invoke,
    db: Path,
    tmp: Path,
    gap: int,
    lag: int,
    chunk: int,
    mp: pytest.MonkeyPatch,
    piece: int = 10**9,
) -> tuple[list[Any], dict[str, Any], list[bool]]:
    """Both imports with the writes starting ``lag`` rows after each child, in batches of
    ``chunk`` children, the first ``piece`` new children of a batch handed on ahead of it:
    the summaries and --errors files, the database, and whether a repeat came too late."""
    mp.setattr(roster, "FAST", True)  # FastRosterStrategy: writes while reading
    mp.setattr(roster, "LAG", lag)
    mp.setattr(roster_write, "CHUNK", chunk)
    mp.setattr(roster_write, "FIRST_PIECE", piece)
    late: list[bool] = []  # per import: whether a repeat came too late
    calls: list[bool] = []  # per reading of a file (read again after a repeat came too late)
    read_rows = roster.read_rows

    def spy(*args: Any, **kwargs: Any) -> Any:
        entries, rejects, too_late = read_rows(*args, **kwargs)
        calls.append(too_late)
        return entries, rejects, too_late

    mp.setattr(roster, "read_rows", spy)
    outputs = []
    for name, rows in (("a", first_file()), ("b", second_file(gap))):
        errors = tmp / f"{name}-errors.csv"
        path = write_csv(tmp / f"{name}.csv", rows)
        result = station(
            "import", "roster", str(path), "-f", "json", "--errors", str(errors), "--force"
        )
        assert result.exit_code in (0, 3), result.stderr
        assert calls in ([False], [True, False])  # read once, or twice when too late
        late.append(calls[0])
        calls.clear()
        outputs += [
            result.json(),
            errors.read_text(encoding="utf-8-sig") if errors.exists() else "",
        ]
    return outputs, dump(db), late


def fresh(wbz: Invoke, db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    assert wbz("init").exit_code == 0


@pytest.mark.parametrize(
    ("gap", "lag", "chunk", "too_late"),
    [
        (3, 5, 1, False),  # every repeat within the lag: written while reading, child by child
        (3, 5, 7, False),
        (3, 0, 4, True),  # no lag: the repeats come too late, all written again at the end
        (30, 5, 7, True),
        (30, 40, 3, False),
    ],
)
def test_writing_while_reading_gives_the_same_database(
    wbz: Invoke,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    gap: int,
    lag: int,
    chunk: int,
    too_late: bool,
) -> None:
    fresh(wbz, db_path)  # written once each file is read to its end
    whole = run_imports(wbz, db_path, tmp_path, gap, 10**9, chunk, monkeypatch)
    assert whole[2] == [False, False]
    assert whole[0][0]["counts"]["inserted"] == 20
    assert whole[0][2]["counts"] == {
        "inserted": 3 * gap + 1, "updated": 5, "unchanged": 1, "merged": 1, "rejected": 4,
        "moved": 2,
    }  # fmt: skip
    fresh(wbz, db_path)
    outputs, database, late = run_imports(
        wbz, db_path, tmp_path, gap, lag, chunk, monkeypatch, piece=2
    )
    assert late == [False, too_late]
    assert outputs == whole[0]
    assert database == whole[1]


def test_a_failure_half_way_through_the_writes_leaves_nothing_written(
    station: Invoke, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roster, "FAST", True)  # FastRosterStrategy: writes while reading
    monkeypatch.setattr(roster, "LAG", 5)  # no repeat comes too late: written while reading
    monkeypatch.setattr(roster_write, "CHUNK", 3)
    assert (
        station("import", "roster", str(write_csv(tmp_path / "a.csv", first_file()))).exit_code == 0
    )
    before = dump(db_path)
    from wbz_cli.store import session

    real_connect = session.connect

    def tiny_disk(path: Path, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(path, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 20}")  # full after a few batches
        return conn

    written: list[int] = []
    flush = roster_write.flush

    def counted(*args: Any) -> None:
        flush(*args)
        written.append(1)

    monkeypatch.setattr(session, "connect", tiny_disk)
    monkeypatch.setattr(roster_write, "flush", counted)
    big = write_csv(tmp_path / "b.csv", [*second_file(3), *(child(s) for s in range(300, 700))])
    result = station("import", "roster", str(big))
    assert result.exit_code == 1
    assert "磁盘已满" in result.stderr and "Traceback" not in result.stderr
    assert len(written) >= 2  # the disk filled up after some batches had been written
    assert dump(db_path) == before
    monkeypatch.setattr(session, "connect", real_connect)
    assert station("doctor", "--format", "json").exit_code in (0, 3)
    assert station("import", "roster", str(big), "-f", "json").json()["counts"]["inserted"] == 410
