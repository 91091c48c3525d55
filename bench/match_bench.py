"""Policy finds people at scale: 100,000 registered children (each with a household and a
guardian whose ID number is on file) and a 50,000-row 低保 list (.xlsx) of registered
children, their guardians, unregistered children, unknown adults and malformed numbers;
times `wbz match list.xlsx --kind lowincome --format json` as a subprocess. Target: < 3 s.

    .venv/bin/python bench/match_bench.py [--children 100000] [--rows 50000] [--runs 3]
        [--keep DIR]   (build in DIR and keep the files; a later run with the same sizes
                        reuses them instead of building again)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from wbz_cli.domain.idnumber import check_digit
from wbz_cli.store.db import connect

BIN = Path(sys.executable).parent
TODAY = date(2026, 11, 24)
AREAS = ("310105", "310104", "110105")  # area codes valid for every birth year used


def id_number(birth: date, seq: int, area: str) -> str:
    first17 = f"{area}{birth:%Y%m%d}{seq % 1000:03d}"
    return first17 + check_digit(first17)


def people(
    count: int, first: date, span_days: int, rng: random.Random, used: set[str]
) -> list[str]:
    out = []
    while len(out) < count:
        birth = first + timedelta(days=rng.randrange(span_days))
        number = id_number(birth, rng.randrange(1, 1000), rng.choice(AREAS))
        if number not in used:
            used.add(number)
            out.append(number)
    return out


def build_register(db: Path, children: list[str], guardians: list[str], rng: random.Random) -> None:
    """Bulk inserts into the real schema (migrated by store.db.connect)."""
    conn = connect(db)
    stamp = "2026-01-01T00:00:00+08:00"
    conn.execute("BEGIN")
    conn.execute("INSERT INTO settings (key, value) VALUES ('station', '基准站')")
    conn.executemany(
        "INSERT INTO households (id, code, community, income_status, created_on)"
        " VALUES (?, ?, ?, ?, '2025-01-01')",
        [
            (i, f"H{i:06d}", f"第{i % 21 + 1}居民区", rng.choice(("dibao", "none", "none")))
            for i in range(1, len(children) + 1)
        ],
    )
    conn.executemany(
        "INSERT INTO guardians (household_id, name, relation, id_number, is_primary)"
        " VALUES (?, ?, '父亲', ?, 1)",
        [(i, f"家长{i}", number) for i, number in enumerate(guardians, start=1)],
    )
    conn.executemany(
        "INSERT INTO children (id, code, name, id_number, birth_date, gender, household_id,"
        " community, risk, status, registered_on, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'unassessed', 'active', '2025-01-01', ?, ?)",
        [
            (
                i,
                f"C{i:06d}",
                f"儿童{i}",
                n,
                f"{n[6:10]}-{n[10:12]}-{n[12:14]}",
                "M" if int(n[16]) % 2 else "F",
                i,
                f"第{i % 21 + 1}居民区",
                stamp,
                stamp,
            )
            for i, n in enumerate(children, start=1)
        ],
    )
    ids = range(1, len(children) + 1)
    conn.executemany(
        "INSERT INTO case_periods (child_id, opened_on) VALUES (?, '2025-01-01')",
        [(i,) for i in ids],
    )
    conn.executemany(
        "INSERT INTO risk_history (child_id, risk, effective_on, source)"
        " VALUES (?, 'unassessed', '2025-01-01', 'register')",
        [(i,) for i in ids],
    )
    conn.executemany(
        "INSERT INTO child_categories (child_id, category, start_on) VALUES (?, ?, '2025-01-01')",
        [(i, rng.choice(("low_income", "difficult", "other", "disabled"))) for i in ids],
    )
    conn.execute("COMMIT")
    conn.close()


def build_list(
    path: Path,
    rows: int,
    children: list[str],
    guardians: list[str],
    rng: random.Random,
    used: set[str],
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    registered = rng.sample(children, rows * 2 // 5)
    parents = rng.sample(guardians, rows // 5)
    new_children = people(rows * 3 // 10, date(2009, 1, 1), 16 * 365, rng, used)
    adults = people(rows * 2 // 25, date(1960, 1, 1), 30 * 365, rng, used)
    malformed = [n[:17] + ("0" if n[17] != "0" else "1") for n in rng.sample(children, rows // 50)]
    numbers = registered + parents + new_children + adults + malformed
    numbers = (numbers + rng.sample(numbers, max(0, rows - len(numbers))))[:rows]
    rng.shuffle(numbers)
    book = Workbook(write_only=True)
    ws = book.create_sheet("低保名单")
    ws.append(["2026年11月城乡低保对象名单"])
    ws.append(["序号", "户主姓名", "姓名", "与户主关系", "身份证号码", "保障状态"])
    for n, number in enumerate(numbers, start=1):
        cell = WriteOnlyCell(ws, value=number)
        cell.data_type = "s"
        ws.append([n, f"户主{n}", f"成员{n}", "子女", cell, "正常"])
    book.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build in (and keep) this directory")
    args = parser.parse_args()
    rng = random.Random(20261124)
    with tempfile.TemporaryDirectory() as tmp:
        where = args.keep or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        db, listing = where / "bench.db", where / "list.xlsx"
        built = where / "built.txt"  # what the kept files were built with
        what = f"{args.children} children, {args.rows} rows"
        if args.keep and built.exists() and built.read_text() == what and listing.exists():
            print(f"reusing {what} in {where} (wbz match writes nothing)")
        else:
            for stale in (db, listing, built, where / "bench.db-wal", where / "bench.db-shm"):
                stale.unlink(missing_ok=True)
            start = time.perf_counter()
            used: set[str] = set()
            children = people(args.children, date(2009, 1, 1), 17 * 365 - 60, rng, used)
            guardians = people(args.children, date(1970, 1, 1), 20 * 365, rng, used)
            build_register(db, children, guardians, rng)
            build_list(listing, args.rows, children, guardians, rng, used)
            built.write_text(what)
            took = time.perf_counter() - start
            print(f"built {args.children} children and a {args.rows}-row list in {took:.1f} s")
        env = dict(os.environ, WBZ_DB=str(db), WBZ_TODAY=TODAY.isoformat(), WBZ_OPERATOR="bench")
        # An installed wbz has its bytecode compiled; with PYTHONDONTWRITEBYTECODE set (as in
        # some shells) an editable install would compile every changed module on every run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cmd = [str(BIN / "wbz"), "match", str(listing), "--kind", "lowincome", "--format", "json"]
        subprocess.run(cmd, env=env, capture_output=True, check=True)  # untimed: bytecode
        load_before = os.getloadavg()[0]
        t0 = time.process_time()
        sum(range(10_000_000))  # a fixed amount of CPU work, to compare machines and loads
        calibration = time.process_time() - t0
        times, cpu, out = [], [], b""
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done = subprocess.run(cmd, env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            out = done.stdout
        summary = json.loads(out)["summary"]
        print("$ WBZ_DB=bench.db wbz match list.xlsx --kind lowincome --format json")
        print("summary:", json.dumps(summary, ensure_ascii=False))
        print(f"output: {len(out) / 1e6:.1f} MB of JSON")
        print("wall (s):", " ".join(f"{t:.2f}" for t in times))
        print("cpu  (s):", " ".join(f"{t:.2f}" for t in cpu), "(user + sys of the wbz process)")
        print(f"median wall: {statistics.median(times):.2f} s (target < 3 s)")
        print(
            f"load average (1 min) before/after measuring: {load_before:.1f}/"
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        print(f"calibration: sum(range(10_000_000)) took {calibration:.2f} s of CPU")


if __name__ == "__main__":
    main()
