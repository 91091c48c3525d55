"""Time `wbz report monthly` on a synthetic database (build one with bench/synth.py).

    python bench/synth.py --children 500000 --visits 5000000 --out /tmp/province.db
    python bench/report_bench.py --db /tmp/province.db --month 2026-10 --runs 3

Targets (issue 7): --format json under 1 s, --format xlsx under 3 s. Each format is timed
three ways: "after a visit" runs first record one visit with `wbz visit add` (a different
child each time, so one stored part of the report is stale, as in a station's day), "from
scratch" runs pass --recompute (every figure computed from the records, as after a roster
import or a policy change), "unchanged" runs read what the previous run kept. The first run
also applies any pending migration to the file; it is reported apart and not counted. The
visits recorded stay in the file. Each line gives wall seconds and the reports' CPU seconds
(user + system), the steadier figure on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: An installed wbz has its bytecode compiled (pip does it): without it every run compiles
#: ~140 modules first (1.4 s CPU), so the cache may be written whatever the caller's setting.
ENV = {**os.environ, "WBZ_TODAY": "2026-11-24"}
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
#: CPU seconds of each report run, in order: on a shared machine the steadier figure.
CPU: list[float] = []


def run(db: Path, month: str, *extra: str) -> float:
    """Wall seconds of one report; its CPU seconds (user + system) go into ``CPU``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "wbz_cli", "--db", str(db), "report", "monthly", "--month", month,
         *extra],
        check=True, stdout=subprocess.DEVNULL, env=ENV,
    )  # fmt: skip
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return took


def visit(db: Path, code: str, day: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "wbz_cli", "--db", str(db), "visit", "add", code, "--mode",
         "phone", "--on", day, "--again"],  # --again: a rerun on the same file
        check=True, stdout=subprocess.DEVNULL, env=ENV,
    )  # fmt: skip


def children_to_visit(db: Path, month: str, n: int) -> list[str]:
    """Codes of ``n`` children spread over the register with a case open all month."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT c.code FROM children c JOIN case_periods p ON p.child_id = c.id"
        " WHERE p.opened_on <= ? AND p.closed_on IS NULL AND c.merged_into IS NULL",
        (f"{month}-01",),
    ).fetchall()
    conn.close()
    return [code for (code,) in random.Random(7).sample(rows, n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"warm-up (migrations, cache): {run(args.db, args.month, '--format', 'json'):.2f} s")
    codes = iter(children_to_visit(args.db, args.month, 2 * args.runs))
    with tempfile.TemporaryDirectory() as tmp:
        for label, extra in (
            ("json", ("--format", "json")),
            ("xlsx", ("--format", "xlsx", "--out", str(Path(tmp) / "r.xlsx"), "--force")),
        ):
            for how in ("after a visit", "from scratch", "unchanged"):
                times = []
                CPU.clear()
                for _ in range(args.runs):
                    if how == "after a visit":
                        visit(args.db, next(codes), f"{args.month}-15")
                    more = ("--recompute",) if how == "from scratch" else ()
                    times.append(run(args.db, args.month, *extra, *more))
                print(f"report monthly --format {label} ({how}): median"
                      f" {statistics.median(times):.2f} s (min {min(times):.2f},"
                      f" max {max(times):.2f}, n={len(times)}); CPU median"
                      f" {statistics.median(CPU):.2f} s")  # fmt: skip
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
