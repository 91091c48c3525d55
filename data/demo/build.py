"""Build the demo database from data/demo/ and print the month's report (``make demo``).

Every step is a real ``wbz`` command, as a station administrator would type it; the database
path comes from ``WBZ_DB`` and today's date from ``WBZ_TODAY`` (both set by the Makefile).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import date, timedelta
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


MODES = ("入户", "电话", "入户", "微信", "入户", "到校", "视频", "到站")
NOTES = ("孩子在家，状态良好", "与祖母交流学习情况", "作业完成较好", "家中卫生需改善")


def record_the_months_work(month: str) -> None:
    """A quarter of a station's work, every step a real command: visits by each child director,
    leads (one a mandatory report), services, subsidies at the stored rates, activities and
    the resource library. Dates are spread over the report month and the two before it."""
    children = json.loads(wbz("children", "--format", "json"))
    first = date.fromisoformat(f"{month}-01")
    before = (first - timedelta(days=1)).replace(day=1)
    months = [(before - timedelta(days=1)).replace(day=1), before, first]
    for n, child in enumerate(children):
        for k, start in enumerate(months):
            day = start + timedelta(days=(n * 7 + k * 3) % 27)
            if day.isoformat() <= child["registered_on"] or (n + k) % 3 == 0:
                continue
            mode, note = MODES[(n + k) % len(MODES)], NOTES[n % len(NOTES)]
            wbz("visit", "add", child["child"], "--mode", mode, "--on", day.isoformat(),
                "--notes", note)  # fmt: skip
    for kind, name in (("专家", "王心怡（心理咨询师）"), ("律师", "陈律师"), ("社工", "李社工"),
                       ("社会组织", "阳光社工事务所"), ("志愿者", "张志愿者")):  # fmt: skip
        wbz("resource", "add", "--kind", kind, "--name", name, "--on", months[0].isoformat())
    older = [c for c in children if c["registered_on"] < months[0].isoformat()]
    lead = wbz("refer", "add", older[0]["child"], "--type", "暴力伤害", "--source", "入户走访",
               "--on", f"{month}-06", "--summary", "走访发现身上多处淤青").split()[-1]  # fmt: skip
    wbz("refer", "move", lead, "--status", "transferred", "--on", f"{month}-06",
        "--agency", "华阳路派出所")  # fmt: skip
    wbz("refer", "move", lead, "--status", "accepted", "--on", f"{month}-07")
    wbz("refer", "move", lead, "--status", "done", "--on", f"{month}-09", "--note", "已立案处理")
    lead = wbz("refer", "add", older[1]["child"], "--type", "辍学", "--source", "学校",
               "--on", f"{month}-12").split()[-1]  # fmt: skip
    wbz("refer", "move", lead, "--status", "verified", "--on", f"{month}-13")
    wbz("refer", "move", lead, "--status", "transferred", "--on", f"{month}-14",
        "--agency", "区教育局")  # fmt: skip
    wbz("refer", "add", "--type", "其他", "--source", "12345热线", "--on", f"{month}-20",
        "--summary", "热线反映某小区有儿童独自在家")  # fmt: skip
    for n, child in enumerate(older[:8]):
        kind = ("助学", "心理关爱", "助医", "家庭教育指导")[n % 4]
        wbz("service", "add", child["child"], "--type", kind, "--on", f"{month}-{10 + n:02d}",
            "--provider", "阳光社工事务所")  # fmt: skip
    wbz("subsidy", "rate", "set", "孤儿基本生活费", "2290", "--from", f"{months[1]:%Y-%m}")
    wbz("subsidy", "rate", "set", "事实无人抚养儿童基本生活补贴", "2290",
        "--from", f"{months[1]:%Y-%m}")  # fmt: skip
    wbz("subsidy", "run", "--month", f"{months[1]:%Y-%m}")
    wbz("subsidy", "run", "--month", month)
    wbz("activity", "add", "--title", "“护苗”安全教育主题活动", "--kind", "主题服务",
        "--on", f"{month}-15", "--participants", "42")  # fmt: skip
    wbz("activity", "add", "--title", "儿童主任业务培训", "--kind", "培训",
        "--on", f"{month}-22", "--participants", "23")  # fmt: skip
    record_projects_and_gifts(month, older)


def record_projects_and_gifts(month: str, older: list[dict]) -> None:
    """A purchased-service project run by the social work agency, two children enrolled and a
    payment against it; a gift pack and a wish fulfilled."""
    wbz("project", "add", "--name", "童心守护", "--org", "阳光社工事务所", "--budget", "50000",
        "--from", f"{month[:4]}-01-01", "--to", f"{month[:4]}-12-31")  # fmt: skip
    wbz("project", "enrol", "X000001", older[0]["child"], older[1]["child"])
    wbz("project", "spend", "X000001", "--amount", "12000", "--on", f"{month}-05",
        "--note", "第一期服务费")  # fmt: skip
    wbz("give", "add", older[0]["child"], "--what", "温暖包", "--kind", "goods", "--value", "200",
        "--on", f"{month}-18", "--donor", "区妇联")  # fmt: skip
    wbz("give", "add", older[1]["child"], "--what", "书包", "--kind", "wish", "--value", "99.5",
        "--on", f"{month}-19", "--donor", "爱心企业")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--month", default="2026-10", help="the month of the report")
    args = parser.parse_args()
    wbz("init", "--station", "华阳路街道未成年人保护工作站", "--district", "上海市长宁区")
    import_roster()
    record_the_months_work(args.month)
    print(f"\n{args.month} 月报（wbz report monthly --month {args.month}）：\n")
    wbz("report", "monthly", "--month", args.month, show=True)


if __name__ == "__main__":
    main()
