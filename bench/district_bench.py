"""Time the district's roll-up on a year of station submissions (issue 21).

    python bench/district_bench.py --work /tmp/district-bench --month 2026-10 --runs 3

In the work folder (kept, so that a second run reuses the year; a new temporary folder when
``--work`` is not given):

1. ``wbz --db WORK/empty.db district init --name 莱阳市 --key-out WORK/district.key`` (once);
2. ``python bench/district_synth.py --stations 1500 --months 12 --out WORK/files
   --key-out WORK/district.key`` (once: the files are sealed with that district's key);
3. WORK/empty.db copied to WORK/district.db, then timed:
   ``wbz --db WORK/district.db district import WORK/files`` (the whole year at once), and
   ``--runs`` times each of ``wbz --db WORK/district.db district report monthly --month M
   --format json`` and the same with ``--by station``.

Targets: import under 60 s for the year, a month's report under 2 s, ``--by station`` under
3 s. Each command runs as its own process (start-up included, as a clerk sees it); the table
gives the median and the slowest run's wall-clock
time and the median CPU time (user + system), which a loaded machine inflates less.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENV = {**os.environ, "WBZ_TODAY": "2026-11-24", "WBZ_OPERATOR": "bench"}
HERE = Path(__file__).resolve().parent
#: CPU seconds (user + system) of each run, by the command's arguments.
CPU: dict[tuple[str, ...], list[float]] = {}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wbz(db: Path, *args: str, ok: tuple[int, ...] = (0, 3)) -> float:
    """The command's wall-clock seconds; its CPU seconds are added to CPU[args]."""
    before = _cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "wbz_cli", "--db", str(db), *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, check=False,
    )  # fmt: skip
    took = time.perf_counter() - started
    CPU.setdefault(args, []).append(_cpu() - before)
    if done.returncode not in ok:
        sys.exit(f"wbz {' '.join(args)} failed ({done.returncode}): {done.stderr.decode()}")
    return took


def build_year(work: Path, stations: int, months: int) -> None:
    """The district (WORK/empty.db, its key WORK/district.key) and its year (WORK/files)."""
    if not (work / "empty.db").exists():
        wbz(work / "empty.db", "district", "init", "--name", "莱阳市",
            "--key-out", str(work / "district.key"))  # fmt: skip
    if not any((work / "files").glob("*.wbzpkg")):
        subprocess.run(
            [sys.executable, str(HERE / "district_synth.py"), "--stations", str(stations),
             "--months", str(months), "--out", str(work / "files"),
             "--key-out", str(work / "district.key")],
            check=True,
        )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="work folder (kept and reused)")
    parser.add_argument("--stations", type=int, default=1500)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--month", default="2026-10", help="the month to report")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="district-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    build_year(work, args.stations, args.months)
    count = sum(1 for _ in (work / "files").glob("*.wbzpkg"))
    db = work / "district.db"
    for old in work.glob("district.db*"):
        old.unlink()
    shutil.copyfile(work / "empty.db", db)
    if (work / "empty.db-wal").exists():
        shutil.copyfile(work / "empty.db-wal", work / "district.db-wal")
    db.chmod(0o600)
    load: tuple[str, ...] = ("district", "import", str(work / "files"))
    monthly: tuple[str, ...] = (
        "district",
        "report",
        "monthly",
        "--month",
        args.month,
        "-f",
        "json",
    )
    by = (*monthly, "--by", "station")
    rows: list[tuple[str, tuple[str, ...], list[float], float]] = [
        ("district import (year)", load, [wbz(db, *load)], 60.0)
    ]
    rows.append(
        ("district report monthly", monthly, [wbz(db, *monthly) for _ in range(args.runs)], 2.0)
    )
    rows.append(("  --by station", by, [wbz(db, *by) for _ in range(args.runs)], 3.0))
    size = db.stat().st_size / 1e6
    print(f"{count} files, district file {size:.0f} MB, {os.cpu_count()} cores")
    print(f"load average {os.getloadavg()[0]:.1f} (wall-clock times grow with it; CPU less so)")
    print(f"{'command':<28}{'median s':>10}{'max s':>10}{'CPU s':>10}{'target s':>10}")
    for name, command, times, target in rows:
        median, cpu = statistics.median(times), statistics.median(CPU[command])
        mark = "" if max(times) <= target else "  over"
        print(f"{name:<28}{median:>10.2f}{max(times):>10.2f}{cpu:>10.2f}{target:>10.0f}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
