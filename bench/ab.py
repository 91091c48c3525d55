"""Old code against new, back to back: runs one wbz command with the code of a git revision and
with the working tree, alternately, each on a fresh copy of a database, and prints every pair
and the medians. On a machine whose speed drifts from minute to minute (this one does, by
15%), pairs taken one right after the other compare two versions where single runs cannot.

    .venv/bin/python bench/ab.py --rev cb04dde --pairs 5 [--db FILE] -- import roster X.xlsx
        -f json -q

--db: a database to copy before each run (default: a fresh ``wbz init``). The revision's
code is checked out once into a temporary worktree and run by this same interpreter.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(src: Path, args: list[str], db: Path | None, work: Path) -> float:
    """Seconds the command takes with the code in ``src``, on a fresh database."""
    target = work / "ab.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(src), "WBZ_TODAY": "2026-11-24"}
    wbz = [sys.executable, "-m", "wbz_cli", "--db", str(target)]
    if db is None:
        subprocess.run([*wbz, "init"], env=env, check=True, capture_output=True)
    else:
        shutil.copy(db, target)
    started = time.perf_counter()
    done = subprocess.run([*wbz, *args], env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 3):
        sys.stderr.write(done.stderr)
        raise SystemExit(f"wbz {' '.join(args[:2])} failed with the code in {src}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rev", required=True, help="the old code: a commit, tag or branch")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="database to start each run from")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="-- then the wbz arguments")
    opts = parser.parse_args()
    args = opts.args[1:] if opts.args[:1] == ["--"] else opts.args
    if not args:
        parser.error("give the wbz command after --")
    work = Path(tempfile.mkdtemp(prefix="wbz-ab-"))
    old = work / "old"
    try:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), opts.rev],
            check=True, capture_output=True,
        )  # fmt: skip
        times: dict[str, list[float]] = {"old": [], "new": []}
        for n in range(1, opts.pairs + 1):
            for label, src in (("old", old / "src"), ("new", ROOT / "src")):
                times[label].append(run(src, args, opts.db, work))
            print(
                f"pair {n}: old {times['old'][-1]:.2f} s, new {times['new'][-1]:.2f} s"
                f" (load {os.getloadavg()[0]:.2f})",
                flush=True,
            )
        gains = [a - b for a, b in zip(times["old"], times["new"], strict=True)]
        print(
            f"median: old {statistics.median(times['old']):.2f} s,"
            f" new {statistics.median(times['new']):.2f} s;"
            f" median gain per pair {statistics.median(gains):+.2f} s"
            f" ({sum(g > 0 for g in gains)} of {len(gains)} pairs faster)"
        )
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)],
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
