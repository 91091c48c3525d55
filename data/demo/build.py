"""Build the demo database from data/demo/ and print the register (``make demo``).

Every step is a real ``wbz`` command, as a station administrator would type it; the database
path comes from ``WBZ_DB`` and today's date from ``WBZ_TODAY`` (both set by the Makefile).
"""

from __future__ import annotations

import argparse
import os
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


def import_roster() -> Path:
    """The messy roster of data/demo/roster.xlsx (made by make_roster.py): title rows, synonyms,
    mixed dates, merged cells, a footer and a few rows the import must refuse or merge."""
    errors = Path(os.environ.get("WBZ_DB", "demo.db")).resolve().with_name("demo-errors.xlsx")
    wbz("import", "roster", str(HERE / "roster.xlsx"), "--errors", str(errors), "--quiet",
        show=True)  # fmt: skip
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--month", default="2026-10", help="the month of the report")
    parser.parse_args()
    wbz("init", "--station", "华阳路街道未成年人保护工作站", "--district", "上海市长宁区")
    errors = import_roster()
    print(f"被拒绝的行见 {errors}。花名册：")
    wbz("children", show=True)


if __name__ == "__main__":
    main()
