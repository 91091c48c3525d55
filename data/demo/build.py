"""Build the demo database from data/demo/ and print the register (``make demo``).

Every step is a real ``wbz`` command, as a station administrator would type it; the database
path comes from ``WBZ_DB`` and today's date from ``WBZ_TODAY`` (both set by the Makefile).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def wbz(*args: str, show: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "wbz_cli", *args], capture_output=not show, text=True, check=False
    )
    if result.returncode not in (0, 3):
        sys.stderr.write(result.stderr or "")
        raise SystemExit(f"demo step failed: wbz {' '.join(args[:2])}")
    return result.stdout or ""


def register_children() -> int:
    with (HERE / "children.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        args = [
            "register",
            "--name",
            row["name"],
            "--id-number",
            row["id_number"],
            "--community",
            row["community"],
            "--guardian",
            row["guardian"],
            "--relation",
            row["relation"],
            "--guardian-phone",
            row["guardian_phone"],
            "--address",
            row["address"],
            "--worker",
            row["worker"],
            "--on",
            row["registered_on"],
        ]
        for category in row["categories"].split("、"):
            args += ["--category", category]
        if row["risk"]:
            args += ["--risk", row["risk"]]
        wbz(*args)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--month", default="2026-10", help="the month of the report")
    parser.parse_args()
    wbz("init", "--station", "华阳路街道未成年人保护工作站", "--district", "上海市长宁区")
    count = register_children()
    print(f"已登记 {count} 名儿童。花名册：")
    wbz("children", show=True)


if __name__ == "__main__":
    main()
