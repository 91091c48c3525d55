"""Benchmark: ``wbz visit import`` of a visit sheet (CSV) for children imported from a roster,
then the same sheet again (everything unchanged). Reports both times.

    .venv/bin/python bench/visit_import_bench.py [--children 5000] [--visits 20000]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from wbz_cli.domain.idnumber import check_digit

WBZ = str(Path(sys.executable).parent / "wbz")
MODES = ["入户", "电话", "微信", "视频", "到校", "到站"]


def id_number(seq: int) -> str:
    birth = date(2012, 1, 1) + timedelta(days=seq % 3000)
    first17 = f"310105{birth:%Y%m%d}{seq // 3000 + 1:03d}"
    return first17 + check_digit(first17)


def run(db: Path, *args: str) -> float:
    env = {"WBZ_TODAY": "2026-11-24", "WBZ_OPERATOR": "bench", "PATH": "/usr/bin:/bin"}
    start = time.perf_counter()
    done = subprocess.run([WBZ, "--db", str(db), *args], env=env, capture_output=True, text=True)
    if done.returncode not in (0, 3):
        sys.exit(done.stderr)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=5000)
    parser.add_argument("--visits", type=int, default=20000)
    args = parser.parse_args()
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "wbz.db"
        run(db, "init", "--station", "测试未保站")
        ids = sorted({id_number(seq) for seq in range(1, args.children * 3)})[: args.children]
        roster = folder / "roster.csv"
        lines = ["姓名,身份证号码,儿童类别,登记日期"]
        lines += [f"儿童{i},{n},困境儿童,2026-01-05" for i, n in enumerate(ids)]
        roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
        run(db, "import", "roster", str(roster), "-q")
        sheet = folder / "visits.csv"
        rows = ["身份证号码,走访日期,走访方式,走访人,情况记录"]
        for _ in range(args.visits):
            day = date(2026, 1, 6) + timedelta(days=rng.randrange(320))
            rows.append(f"{rng.choice(ids)},{day},{rng.choice(MODES)},李主任,情况良好")
        sheet.write_text("\n".join(rows) + "\n", encoding="utf-8")
        first = run(db, "visit", "import", str(sheet), "-q", "-f", "json")
        again = run(db, "visit", "import", str(sheet), "-q", "-f", "json")
    print(f"{len(ids)} children, {args.visits} visit rows: first import {first:.2f} s, "
          f"again (all unchanged) {again:.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
