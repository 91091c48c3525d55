"""The care record at a station's scale: a month's subsidy run over N children (default 3,297
paid, the Laiyang figure), the month's totals, the agreement rate, the monthly report (computed)
and one child's file.
Each command runs as the user runs it (a `wbz` subprocess) several times; prints medians in ms.

    .venv/bin/python bench/care_bench.py [--children 3297] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def wbz(env: dict[str, str], *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "wbz"), *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def build(db: Path, env: dict[str, str], children: int) -> None:
    from wbz_cli.domain.idnumber import check_digit

    wbz(env, "init", "--station", "基准站")
    conn = sqlite3.connect(db)
    cats = ("orphan", "de_facto_unsupported", "disabled", "left_behind")
    with conn:
        for n in range(1, children + 1):
            first17 = f"{310000 + n // 1000}2012030{4 + n % 5}{n % 1000:03d}"
            conn.execute(
                "INSERT INTO children (id, code, name, id_number, birth_date, gender,"
                " registered_on, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, 'M', '2026-01-01', 't', 't')",
                (
                    n,
                    f"C{n:06d}",
                    f"儿童{n}",
                    first17 + check_digit(first17),
                    f"2012-03-0{4 + n % 5}",
                ),
            )
            conn.execute(
                "INSERT INTO case_periods (child_id, opened_on) VALUES (?, '2026-01-01')", (n,)
            )
            conn.execute(
                "INSERT INTO child_categories (child_id, category, start_on) VALUES (?, ?, ?)",
                (n, cats[n % len(cats)], "2026-01-01"),
            )
            for k in range(n % 4):
                conn.execute(
                    "INSERT INTO services (child_id, type, served_on, created_at)"
                    " VALUES (?, 'education', ?, 't')",
                    (n, f"2026-10-{k + 1:02d}"),
                )
    conn.close()
    for kind, amount in (
        ("orphan", "1500"),
        ("de_facto_unsupported", "1500"),
        ("disability_living", "1133.33"),
        ("disability_care", "869.87"),
    ):
        wbz(env, "subsidy", "rate", "set", kind, amount, "--from", "2026-01")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=3297)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "care.db"
        env = {**os.environ, "WBZ_DB": str(db), "WBZ_TODAY": "2026-11-24"}
        build(db, env, args.children)
        for month in range(1, args.runs + 1):
            m = f"2026-{month:02d}"
            times.setdefault("subsidy run (new month)", []).append(
                wbz(env, "subsidy", "run", "--month", m, "--format", "json")
            )
            times.setdefault("subsidy run (all duplicates)", []).append(
                wbz(env, "subsidy", "run", "--month", m, "--format", "json")
            )
            times.setdefault("subsidy list --totals", []).append(
                wbz(env, "subsidy", "list", "--month", m, "--totals", "--format", "json")
            )
            times.setdefault("show C000003 --format json", []).append(
                wbz(env, "show", "C000003", "--format", "json")
            )
            times.setdefault("care-agreement rate", []).append(
                wbz(env, "care-agreement", "rate", "--format", "json")
            )
            report = ("report", "monthly", "--month", "2026-10", "--format", "json")
            times.setdefault("report monthly --recompute", []).append(
                wbz(env, *report, "--recompute")
            )
        conn = sqlite3.connect(db)
        paid, fen = conn.execute(
            "SELECT count(*), sum(amount_fen) FROM subsidies WHERE month = '2026-01'"
        ).fetchone()
        conn.close()
    print(f"{args.children} children; 2026-01: {paid} payments, {fen // 100}.{fen % 100:02d} 元")
    print("(subprocess timings include start-up; see bench/startup_bench.py)")
    for name, values in times.items():
        print(
            f"{name:30s} median {statistics.median(values):7.1f} ms"
            f"  (min {min(values):.1f}, max {max(values):.1f}, n={len(values)})"
        )


if __name__ == "__main__":
    main()
