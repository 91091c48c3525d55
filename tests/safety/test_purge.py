"""wbz purge: closed cases anonymised, counts kept, the audit log scrubbed, nothing left on disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import Invoke, make_id

OLD = make_id("2012-09-17", 11)
ZHANG = make_id("2013-05-20", 13)
SISTER = make_id("2016-03-08", 12)
LATER = make_id("2011-01-02", 15)
MONTH_ENDS = [
    "2025-01-31", "2025-02-28", "2025-06-30", "2025-09-30", "2025-12-31",
    "2026-01-31", "2026-06-30", "2026-10-31",
]  # fmt: skip


def seed(station: Invoke) -> None:
    """C000001 and C000002 closed in 2025; C000002's sister C000003 still active in H000002;
    C000004 closed in 2026."""
    steps = [
        ["register", "--name", "王小明", "--id-number", OLD, "-c", "留守儿童", "-c", "孤儿",
         "--guardian", "王大山", "--guardian-phone", "13812345678", "--address", "华阳路1弄2号",
         "--community", "华阳居民区", "--on", "2025-01-10"],
        ["household", "add-guardian", "H000001", "--name", "李秀英", "--phone", "13900001111",
         "--id-number", make_id("1985-02-03", 22)],
        ["register", "--name", "张三", "--id-number", ZHANG, "-c", "difficult",
         "--guardian", "张父", "--guardian-phone", "13700002222", "--address", "延安西路9号",
         "--on", "2025-03-01"],
        ["register", "--name", "张小妹", "--id-number", SISTER, "-c", "other",
         "--household", "H000002", "--on", "2025-03-01"],
        ["register", "--name", "赵四", "--id-number", LATER, "-c", "other", "--on", "2025-02-01"],
        ["update", "C000001", "--risk", "red", "--on", "2025-04-01"],
        ["close", "C000001", "--reason", "moved", "--on", "2025-09-15"],
        ["close", "C000002", "--reason", "moved", "--on", "2025-10-01"],
        ["close", "C000004", "--reason", "moved", "--on", "2026-03-01"],
    ]  # fmt: skip
    for args in steps:
        result = station(*args)
        assert result.exit_code == 0, (args, result.stderr)
    conn = sqlite3.connect(_db(station))
    conn.executemany(
        "INSERT INTO visits (child_id, visited_on, mode, notes, created_at)"
        " VALUES (?, ?, 'home', ?, 't')",
        [
            (1, "2025-05-05", "王小明在家，祖父王大山"),
            (1, "2025-08-08", None),
            (2, "2025-08-09", "好"),
        ],
    )
    conn.execute(
        "INSERT INTO subsidies (child_id, type, month, amount_fen, created_at)"
        " VALUES (1, 'orphan_basic', '2025-06', 190000, 't')"
    )
    conn.commit()
    conn.close()


def _db(station: Invoke) -> Path:
    return Path("wbz.db").resolve()


def month_end_view(station: Invoke) -> list[list[tuple]]:
    views = []
    for day in MONTH_ENDS:
        rows = station("children", "--as-of", day, "--format", "json").json()
        views.append(
            [(r["child"], r["status"], tuple(r["categories"]), r["risk"], r["age"]) for r in rows]
        )
    return views


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("children", "case_periods", "child_categories", "visits", "subsidies",
                      "households", "guardians", "risk_history")
        }  # fmt: skip
    finally:
        conn.close()


def test_purge_anonymises_closed_cases_and_keeps_the_counts(station: Invoke, db_path: Path) -> None:
    seed(station)
    before_view, before_counts = month_end_view(station), counts(db_path)
    result = station("purge", "--closed-before", "2026-01-01", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "已匿名化 2 份儿童档案、1 个家庭" in result.stdout
    assert month_end_view(station) == before_view
    assert counts(db_path) == before_counts
    child = station("show", "C000001", "--format", "json", "--reveal").json()
    assert (child["name"], child["id_number"]) == ("已匿名", "ANON-C000001")
    assert child["birth_date"] == "2012-09-01"
    assert [g["name"] for g in child["household_detail"]["guardians"]] == ["已匿名", "已匿名"]
    assert all(
        g["phone"] is None and g["id_number"] is None
        for g in child["household_detail"]["guardians"]
    )
    assert child["household_detail"]["address"] == "已匿名"
    zhang = station("show", "C000002", "--format", "json", "--reveal").json()
    assert (zhang["name"], zhang["id_number"]) == ("已匿名", "ANON-C000002")
    sister = station("show", "C000003", "--format", "json", "--reveal").json()
    assert (sister["name"], sister["id_number"]) == ("张小妹", SISTER)
    assert sister["household_detail"]["address"] == "延安西路9号"
    assert sister["household_detail"]["guardians"][0]["phone"] == "13700002222"


def test_nothing_personal_is_left_in_the_file(station: Invoke, db_path: Path) -> None:
    seed(station)
    station("purge", "--closed-before", "2026-01-01", "--yes")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = db_path.read_bytes()
    wal = Path(f"{db_path}-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    for secret in ("王小明", OLD, "王大山", "13812345678", "华阳路1弄2号", "李秀英", "13900001111"):
        assert secret.encode() not in raw, secret
    assert "张三".encode() not in raw and ZHANG.encode() not in raw
    for keep in ("张小妹", SISTER, "张父", "延安西路9号", "赵四"):
        assert keep.encode() in raw


def test_the_audit_log_is_scrubbed_and_the_purge_logged(station: Invoke, db_path: Path) -> None:
    seed(station)
    station("purge", "--closed-before", "2026-01-01", "--yes")
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT action, record_key, before, after FROM audit_log").fetchall()
    conn.close()
    text = " ".join(str(r) for r in rows)
    assert "王小明" not in text and OLD not in text and "13812345678" not in text
    assert "张三" not in text and "赵四" in text
    purge = [r for r in rows if r[0] == "purge"]
    assert len(purge) == 1 and '"C000001"' in purge[0][3]


def test_the_placeholder_frees_the_real_number_and_doctor_ignores_it(
    station: Invoke, db_path: Path
) -> None:
    seed(station)
    station("purge", "--closed-before", "2026-01-01", "--yes")
    again = station("register", "--name", "王小明", "--id-number", OLD, "-c", "other")
    assert again.exit_code == 0, again.stderr
    kinds = {f["kind"] for f in station("doctor", "--format", "json").json()}
    assert "invalid_id" not in kinds and "possible_duplicate" not in kinds


def test_dry_run_and_no_change_nothing(station: Invoke, db_path: Path) -> None:
    seed(station)
    dry = station("purge", "--closed-before", "2026-11-24", "--dry-run", "--format", "json")
    assert dry.exit_code == 0, dry.stderr
    assert [c["child"] for c in dry.json()] == ["C000001", "C000002", "C000004"]
    declined = station("purge", "--closed-before", "2026-11-24", input="n\n")
    assert declined.exit_code == 1 and "已取消" in declined.stderr
    assert station("show", "C000001", "--format", "json").json()["name"] == "王小明"
    accepted = station("purge", "--closed-before", "2026-11-24", input="y\n")
    assert accepted.exit_code == 0, accepted.stderr
    assert station("show", "C000004", "--format", "json").json()["name"] == "已匿名"
    assert station("show", "C000003", "--format", "json").json()["name"] == "张小妹"
    twice = station("purge", "--closed-before", "2026-11-24", "--yes")
    assert twice.exit_code == 0 and "0 份" in twice.stdout


def test_purge_refuses_a_future_date(station: Invoke) -> None:
    result = station("purge", "--closed-before", "2027-01-01", "--yes")
    assert result.exit_code == 1 and "晚于今天" in result.stderr


def test_an_anonymised_case_cannot_be_reopened(station: Invoke) -> None:
    seed(station)
    station("purge", "--closed-before", "2026-01-01", "--yes")
    result = station("reopen", "C000001")
    assert (
        result.exit_code == 1
        and "匿名化，不能恢复" in result.stderr
        and "重新登记" in result.stderr
    )
