"""Every output of `wbz match` on the benchmark's list, to check that a change to the match
leaves them byte for byte as they were: JSON for each list kind (with and without --reveal and
--complete), tables, and the sheets of the xlsx report (without docProps, which hold the time
of writing). Runs on a copy of the database, as --reveal and xlsx exports write audit rows.

    .venv/bin/python bench/match_bench.py --keep DIR --runs 1     (builds the list once)
    .venv/bin/python bench/match_outputs.py DIR OUT_BEFORE        (on the old code)
    .venv/bin/python bench/match_outputs.py DIR OUT_AFTER         (on the new code)
    diff -r OUT_BEFORE OUT_AFTER
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

BIN = Path(sys.executable).parent
KINDS = ("lowincome", "disability", "detention", "dropout")
OPTIONS = ((), ("--reveal",), ("--complete",), ("--complete", "--reveal"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the --keep directory of match_bench.py")
    parser.add_argument("out", type=Path, help="where to write the outputs (emptied first)")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    listing = args.data / "list.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        shutil.copyfile(args.data / "bench.db", db)
        env = dict(os.environ, WBZ_DB=str(db), WBZ_TODAY="2026-11-24", WBZ_OPERATOR="bench")
        env.update(COLUMNS="200")
        env.pop("PYTHONDONTWRITEBYTECODE", None)

        def run(name: str, *options: str) -> None:
            cmd = [str(BIN / "wbz"), "match", str(listing.resolve()), "--quiet", *options]
            done = subprocess.run(cmd, env=env, capture_output=True, cwd=tmp)
            (args.out / f"{name}.out").write_bytes(done.stdout)
            (args.out / f"{name}.err").write_bytes(done.stderr + f"rc={done.returncode}".encode())

        for kind in KINDS:
            for extra in OPTIONS:
                name = "_".join(("json", kind, *(o[2:] for o in extra)))
                run(name, "-k", kind, "-f", "json", *extra)
        for extra in OPTIONS[:3]:
            tag = "_".join(o[2:] for o in extra)
            run(f"table_lowincome_{tag}", "-k", "lowincome", *extra)
            run(f"table_detention_{tag}", "-k", "detention", *extra)
            book = Path(tmp) / "report.xlsx"  # named relative to tmp: the message shows it
            run(f"xlsx_{tag}", "-k", "lowincome", "-f", "xlsx", "--out", book.name, *extra)
            with zipfile.ZipFile(book) as z:
                for part in z.namelist():
                    if not part.startswith("docProps/"):
                        target = args.out / f"xlsx_{tag}" / part
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(z.read(part))
            book.unlink()
    print(f"{len(list(args.out.rglob('*')))} files in {args.out}")


if __name__ == "__main__":
    main()
