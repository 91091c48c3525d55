"""Benchmark: ``wbz subsidy import`` of an N-row 补贴发放表 (.csv), then the same file again
(every row unchanged). The children are loaded first with ``wbz import roster``.

    .venv/bin/python bench/subsidy_import_bench.py [--rows 5000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wbz_cli.domain.idnumber import check_digit


def ident(n: int) -> str:
    first17 = f"310105{2010 + n % 8}0{1 + n % 9}1{n % 9}{n % 1000:03d}"
    return first17 + check_digit(first17)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        numbers = list(dict.fromkeys(ident(n) for n in range(args.rows * 3)))[: args.rows]
        roster, sheet = folder / "roster.csv", folder / "subsidy.csv"
        with roster.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["姓名", "身份证号码", "儿童类别"])
            w.writerows([f"儿童{i}", n, "孤儿"] for i, n in enumerate(numbers))
        with sheet.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["序号", "姓名", "身份证号码", "补贴类型", "发放月份", "金额(元)"])
            w.writerows(
                [i + 1, f"儿童{i}", n, "孤儿基本生活费", "2026年10月", "1,500.50"]
                for i, n in enumerate(numbers)
            )
        env = {**os.environ, "WBZ_TODAY": "2026-11-24", "WBZ_OPERATOR": "bench"}
        db = str(folder / "wbz.db")

        def wbz(*a: str) -> str:
            done = subprocess.run(
                [sys.executable, "-m", "wbz_cli", "--db", db, *a],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            assert done.returncode in (0, 3), done.stderr
            return done.stdout

        wbz("init", "--station", "测试站", "--district", "长宁区")
        wbz("import", "roster", str(roster), "--on", "2026-01-10", "--quiet")
        for label in ("first", "again"):
            start = time.perf_counter()
            out = json.loads(wbz("subsidy", "import", str(sheet), "--format", "json"))["counts"]
            print(f"{label}: {len(numbers)} rows in {time.perf_counter() - start:.2f} s {out}")


if __name__ == "__main__":
    main()
