"""`wbz due` on a large station: 100,000 children and 1,000,000 visits.

Builds the database with bulk SQL inserts into the real schema (store.db.connect runs the
migrations; no CLI per row), then times `wbz due --format json` as a subprocess, several runs;
prints the build time, the row count, the wall-clock timings and the CPU time of the
subprocess in seconds (target: under 2 s), and the load average: on a shared machine the wall
time grows with the load, the CPU time much less.

    .venv/bin/python bench/due_bench.py [--children 100000] [--visits 1000000] [--runs 5]
                                        [--db /tmp/wbz_due_bench.db] [--reuse]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from wbz_cli.domain.idnumber import check_digit
from wbz_cli.store.db import connect

BIN = Path(sys.executable).parent
TODAY = date(2026, 11, 24)
RISKS = (("red", 0.03, 7), ("orange", 0.07, 14), ("yellow", 0.3, 30), ("green", 0.4, 90))
MODES = ("home", "phone", "wechat", "video", "school", "station")
MODE_WEIGHTS = (0.45, 0.25, 0.12, 0.05, 0.08, 0.05)
CATEGORIES = ("orphan", "de_facto_unsupported", "difficult", "low_income", "left_behind",
              "migrant", "disabled", "other")  # fmt: skip
STAMP = "2026-11-24T09:00:00+08:00"


def pick_risk(rnd: random.Random) -> tuple[str, int]:
    x = rnd.random()
    for risk, share, days in RISKS:
        if x < share:
            return risk, days
        x -= share
    return "unassessed", 30


def build(path: Path, n_children: int, n_visits: int, seed: int = 7) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    rnd = random.Random(seed)
    conn = connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")  # 1 GB: index inserts stay in memory
    conn.execute("PRAGMA foreign_keys = OFF")  # the rows below are consistent by construction
    conn.execute("PRAGMA journal_mode = MEMORY")  # a throwaway file: no WAL copy of 200 MB
    children, periods, risks, cats, visits = [], [], [], [], []
    modes = iter(rnd.choices(MODES, MODE_WEIGHTS, k=n_visits))
    iso = functools.cache(lambda ordinal: date.fromordinal(ordinal).isoformat())
    per_child = n_visits // n_children
    extra = n_visits - per_child * n_children
    for cid in range(1, n_children + 1):
        birth = date(2008, 12, 1) + timedelta(days=rnd.randrange(0, 6200))
        registered = max(birth, date(2020, 1, 1)) + timedelta(days=rnd.randrange(0, 2400))
        registered = min(registered, TODAY - timedelta(days=rnd.randrange(0, 30)))
        first17 = f"{310000 + cid // 1000:06d}{birth:%Y%m%d}{cid % 1000:03d}"  # unique
        number = first17 + check_digit(first17)
        risk, days = pick_risk(rnd)
        closed = rnd.random() < 0.05
        closed_on = (registered + timedelta(days=1)).isoformat() if closed else None
        children.append((cid, f"C{cid:06d}", f"儿童{cid}", number, birth.isoformat(),
                         "MF"[cid % 2], f"第{cid % 21 + 1}居民区", f"主任{cid % 60 + 1}", risk,
                         "closed" if closed else "active", registered.isoformat(), closed_on,
                         STAMP, STAMP))  # fmt: skip
        periods.append((cid, registered.isoformat(), closed_on))
        risks.append((cid, risk, registered.isoformat(), "register"))
        category = rnd.choice(CATEGORIES)
        expires = None
        if category in ("left_behind", "migrant"):
            expires = date(birth.year + 16, birth.month, min(birth.day, 28)).isoformat()
        cats.append((cid, category, registered.isoformat(), expires))
        if rnd.random() < 0.2:
            cats.append((cid, "low_income", registered.isoformat(), None))
        # Visits back from a recent one, about one risk period apart; dates as ordinals.
        count = per_child + (1 if cid <= extra else 0)
        first, last = registered.toordinal(), TODAY.toordinal()
        day = last - rnd.randrange(0, int(days * 1.2) + 1)
        worker = f"主任{cid % 60 + 1}"
        for _ in range(count):
            if day < first:
                day = rnd.randint(first, last)
            visits.append((cid, iso(day), next(modes), worker, STAMP))
            day -= rnd.randrange(1, days + 1)
    print(f"  generated rows in {time.perf_counter() - started:.1f} s")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO children (id, code, name, id_number, birth_date, gender, community, worker,"
        " risk, status, registered_on, closed_on, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        children,
    )
    conn.executemany(
        "INSERT INTO case_periods (child_id, opened_on, closed_on) VALUES (?, ?, ?)", periods
    )
    conn.executemany(
        "INSERT INTO risk_history (child_id, risk, effective_on, source) VALUES (?, ?, ?, ?)",
        risks,
    )
    conn.executemany(
        "INSERT INTO child_categories (child_id, category, start_on, expires_on)"
        " VALUES (?, ?, ?, ?)",
        cats,
    )
    visits.sort(key=lambda v: (v[1], v[0]))  # entered in date order, as in real life
    conn.executemany(
        "INSERT INTO visits (child_id, visited_on, mode, worker, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        visits,
    )
    conn.execute("COMMIT")
    print(f"  inserted in {time.perf_counter() - started:.1f} s, CPU {time.process_time():.1f} s")
    conn.execute("PRAGMA journal_mode = WAL")  # as wbz leaves it
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, default=Path("/tmp/wbz_due_bench.db"))
    parser.add_argument("--reuse", action="store_true", help="keep an existing database")
    args = parser.parse_args()
    if not (args.reuse and args.db.exists()):
        start = time.perf_counter()
        build(args.db, args.children, args.visits)
        print(f"built {args.children:,} children, {args.visits:,} visits"
              f" in {time.perf_counter() - start:.1f} s -> {args.db}")  # fmt: skip
    env = {**os.environ, "WBZ_DB": str(args.db), "WBZ_TODAY": TODAY.isoformat()}
    cmd = [str(BIN / "wbz"), "due", "--format", "json"]
    times, cpu, rows = [], [], []
    for _ in range(args.runs):
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        out = subprocess.run(cmd, env=env, capture_output=True, check=True).stdout
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
        rows = json.loads(out)
    late = sum(1 for r in rows if r["kind"] == "visit" and r["days_overdue"] > 0)
    kinds = {
        k: sum(1 for r in rows if r["kind"] == k) for k in ("visit", "birthday16", "birthday18")
    }
    print(f"wbz due --format json: {len(rows):,} rows ({late:,} overdue; {kinds})")
    print(f"runs {len(times)}: median {statistics.median(times):.2f} s,"
          f" min {min(times):.2f} s, max {max(times):.2f} s;"
          f" CPU (user+sys) median {statistics.median(cpu):.2f} s")  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
