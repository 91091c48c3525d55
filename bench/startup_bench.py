"""Start-up time: `wbz --help` and `wbz children --format json` on a small database against
`sqlite-utils --help`, run interleaved several times; prints the medians in milliseconds.

    .venv/bin/python bench/startup_bench.py [--runs 15]
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

BIN = Path(sys.executable).parent


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def small_database(path: Path, env: dict[str, str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from wbz_cli.domain.idnumber import check_digit

    subprocess.run(
        [str(BIN / "wbz"), "init", "--station", "基准站"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for i in range(20):
        first17 = f"3101052015{(i % 12) + 1:02d}{(i % 27) + 1:02d}{i + 1:03d}"
        subprocess.run(
            [
                str(BIN / "wbz"),
                "register",
                "--name",
                f"儿童{i}",
                "--id-number",
                first17 + check_digit(first17),
                "--category",
                "other",
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "WBZ_DB": str(Path(tmp) / "small.db"), "WBZ_TODAY": "2026-11-24"}
        # An installed wbz has its bytecode compiled; with PYTHONDONTWRITEBYTECODE set (as in
        # some shells) an editable install would compile every changed module on every run.
        # The untimed set-up commands below write the bytecode.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        small_database(Path(tmp) / "small.db", env)
        commands = {
            "sqlite-utils --help": [str(BIN / "sqlite-utils"), "--help"],
            "wbz --help": [str(BIN / "wbz"), "--help"],
            "wbz children --format json": [str(BIN / "wbz"), "children", "--format", "json"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(timed(cmd, env))
    print(f"load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, values in times.items():
        print(
            f"{name:30s} median {statistics.median(values):6.1f} ms"
            f"  (min {min(values):.1f}, max {max(values):.1f}, n={len(values)})"
        )


if __name__ == "__main__":
    main()
