"""Benchmark: ``wbz import roster`` on a 100,000-row roster .xlsx against ``sqlite-utils insert``
loading the same rows from CSV without any validation, one after the other, each into a fresh
database. Reports both times and the import's peak memory (ru_maxrss).

    .venv/bin/python bench/import_bench.py [--rows 100000] [--keep DIR]

Targets: the validated import takes under half the time of sqlite-utils; peak under 300 MB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from wbz_cli.domain.idnumber import check_digit

HEADERS = [
    "序号", "姓名", "性别", "身份证号码", "出生日期", "所在居民区", "儿童类别",
    "监护人姓名", "与儿童关系", "监护人联系电话", "家庭住址",
]  # fmt: skip
AREAS = ["310105", "320111", "320506", "370682", "650105"]
COMMUNITIES = [
    "长宁支路居民区", "西南居民区", "秀水居民区", "飞乐居民区", "华阳居民区", "大西居民区",
]  # fmt: skip
CATEGORIES = [
    "孤儿", "事实无人抚养儿童", "困境儿童", "困难儿童", "残疾儿童", "留守儿童", "流动儿童",
]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "子涵梓轩雨欣宇浩一诺佳琪明博思睿文嘉俊可远天航泽曦桐若雅紫馨萱怡佑熙"
RELATIONS = ["父亲", "母亲", "祖父", "祖母", "外祖父", "外祖母", "叔叔", "姑姑"]


def make_rows(n: int, seed: int = 7) -> list[list[object]]:
    """``n`` valid, distinct children under 16 on 2026-11-24, dates in the usual formats."""
    rnd = random.Random(seed)
    rows: list[list[object]] = []
    seen: set[str] = set()
    start = date(2011, 1, 1)
    span = (date(2026, 10, 31) - start).days
    while len(rows) < n:
        birth = start + timedelta(days=rnd.randrange(span))
        seq = rnd.randrange(1000)
        first17 = f"{rnd.choice(AREAS)}{birth:%Y%m%d}{seq:03d}"
        if first17 in seen:
            continue
        seen.add(first17)
        number = first17 + check_digit(first17)
        gender = "男" if seq % 2 else "女"
        style = rnd.randrange(4)
        shown: object = (
            birth,
            f"{birth.year}.{birth.month}.{birth.day}",
            f"{birth.year}年{birth.month}月{birth.day}日",
            f"{birth:%Y%m%d}",
        )[style]
        cats = rnd.sample(CATEGORIES, rnd.choice((1, 1, 2)))
        name = rnd.choice(SURNAMES) + "".join(rnd.choices(GIVEN, k=rnd.choice((1, 2))))
        rows.append(
            [
                len(rows) + 1,
                name,
                gender,
                number,
                shown,
                rnd.choice(COMMUNITIES),
                "、".join(cats),
                rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN),
                rnd.choice(RELATIONS),
                f"1{rnd.choice('3589')}{rnd.randrange(10**9):09d}",
                f"华阳路{rnd.randrange(1, 999)}弄{rnd.randrange(1, 40)}号"
                f"{rnd.randrange(101, 1800)}室",
            ]
        )
    return rows


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("花名册")
    ws.append(["华阳路街道困境儿童花名册"])
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    ws.append(["合计", f"{len(rows)}人"])
    book.save(path)


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        for row in rows:
            writer.writerow([v.isoformat() if isinstance(v, date) else v for v in row])


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Run ``cmd`` in a fresh helper process: wall time, CPU time (user + system), the
    command's peak RSS (KB) and its stdout."""
    helper = [sys.executable, __file__, "--measure", json.dumps(cmd)]
    out = subprocess.run(helper, env=env, capture_output=True, text=True, check=True).stdout
    result = json.loads(out.splitlines()[-1])
    return result["seconds"], result["cpu"], result["maxrss_kb"], result["stdout"]


def _measure_child(cmd: list[str]) -> None:
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 3):
        sys.stderr.write(done.stderr)
        raise SystemExit(f"failed: {' '.join(cmd[:4])}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps({"seconds": seconds, "cpu": cpu, "maxrss_kb": usage.ru_maxrss,
                      "stdout": done.stdout}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep the generated files in this directory")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        _measure_child(json.loads(args.measure))
        return
    work = Path(tempfile.mkdtemp(prefix="wbz-import-bench-"))
    try:
        print(f"generating {args.rows:,} rows ...", flush=True)
        rows = make_rows(args.rows)
        xlsx, rows_csv = work / "roster.xlsx", work / "rows.csv"
        write_xlsx(xlsx, rows)
        write_csv(rows_csv, rows)
        del rows
        env = {**os.environ, "WBZ_TODAY": "2026-11-24", "WBZ_OPERATOR": "bench"}
        bin_dir = Path(sys.executable).parent
        wbz_db, su_db = work / "wbz.db", work / "su.db"
        subprocess.run(
            [sys.executable, "-m", "wbz_cli", "--db", str(wbz_db), "init"], env=env, check=True,
            capture_output=True,
        )  # fmt: skip
        wbz_s, wbz_cpu, wbz_kb, summary = measure(
            [sys.executable, "-m", "wbz_cli", "--db", str(wbz_db), "import", "roster", str(xlsx),
             "--format", "json", "--quiet"],
            env,
        )  # fmt: skip
        su_s, su_cpu, su_kb, _ = measure(
            [str(bin_dir / "sqlite-utils"), "insert", str(su_db), "t", str(rows_csv), "--csv"], env
        )
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        print(f"wbz import roster ({xlsx.stat().st_size / 1e6:.1f} MB xlsx): {wbz_s:6.2f} s wall,"
              f" {wbz_cpu:6.2f} s CPU, peak {wbz_kb / 1024:4.0f} MB"
              f"  {json.dumps(json.loads(summary)['counts'])}")  # fmt: skip
        print(f"sqlite-utils insert --csv ({rows_csv.stat().st_size / 1e6:.1f} MB csv): "
              f"{su_s:6.2f} s wall, {su_cpu:6.2f} s CPU, peak {su_kb / 1024:4.0f} MB")  # fmt: skip
        print(f"ratio wbz/sqlite-utils: wall {wbz_s / su_s:.2f}, CPU {wbz_cpu / su_cpu:.2f}"
              f" (target < 0.50); peak {'under' if wbz_kb < 300 * 1024 else 'OVER'} 300 MB"
              f"; load average after: {os.getloadavg()[0]:.2f}")  # fmt: skip
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(xlsx, args.keep / xlsx.name)
            shutil.copy(rows_csv, args.keep / rows_csv.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
