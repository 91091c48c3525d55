"""Time `wbz report monthly` on a synthetic database (build one with bench/synth.py).

    python bench/synth.py --children 500000 --visits 5000000 --out /tmp/province.db
    python bench/report_bench.py --db /tmp/province.db --month 2026-10 --runs 3

Targets (issue 7): --format json under 1 s, --format xlsx under 3 s. Each format is timed
twice over: "computed" runs pass --recompute (every figure computed from the records, as
after any change to the data), "stored" runs read the snapshot the previous run kept (as
when nothing was written since). The first run also applies any pending migration to the
file; it is reported apart and not counted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(db: Path, month: str, *extra: str) -> float:
    env = {**os.environ, "WBZ_TODAY": "2026-11-24"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "wbz_cli", "--db", str(db), "report", "monthly", "--month", month,
         *extra],
        check=True, stdout=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--month", default="2026-10")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"warm-up (migrations, cache): {run(args.db, args.month, '--format', 'json'):.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for label, extra in (
            ("json", ("--format", "json")),
            ("xlsx", ("--format", "xlsx", "--out", str(Path(tmp) / "r.xlsx"))),
        ):
            for how, more in (("computed", ("--recompute",)), ("stored", ())):
                times = [run(args.db, args.month, *extra, *more) for _ in range(args.runs)]
                print(f"report monthly --format {label} ({how}): median"
                      f" {statistics.median(times):.2f} s (min {min(times):.2f},"
                      f" max {max(times):.2f}, n={len(times)})")  # fmt: skip
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
