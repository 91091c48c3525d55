"""The examples every command's ``--help`` ends with, and what shared arguments mean.

One table for the whole tree, applied by ``WbzGroup`` (``describe``) when help is asked for or
a usage error is shown, so that the command modules stay as they are and other runs do not pay
for it. Every example is a real command
line: tests/cli/test_help_examples.py parses each against its command and runs a sample of
them on a test station (codes C000001, H000001, L000001, P000001, R000001, A000001, record 1).
"""

from __future__ import annotations

from typing import Any

import click

#: Command path (without ``wbz``) -> example command lines, the first the most common use.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "init": (
        "wbz init --station 华阳路街道未保站 --district 长宁区",
        "wbz init --district-key 区县密钥.txt",
    ),
    "register": (
        "wbz register --name 王小明 --id-number 31010520150601011X --category 留守儿童 "
        "--community 华阳居民区 --guardian 王建国 --relation 父亲 --on 2026-11-01",
    ),
    "children": (
        "wbz children --category 留守儿童 --community 华阳居民区",
        "wbz children --status active --out 花名册.csv",
    ),
    "show": (
        "wbz show C000001",
        "wbz show C000001 --out 一人一档-C000001.docx",
        "wbz show --all --out .",
    ),
    "update": (
        "wbz update C000001 --risk 橙 --community 东风村",
        "wbz update C000001 --add-category 困境儿童 --subtype guardianship",
    ),
    "close": ("wbz close C000001 --reason moved --on 2026-11-05",),
    "reopen": ("wbz reopen C000001 --on 2026-11-08",),
    "backup": ("wbz backup 备份-2026-11-24.db",),
    "restore": ("wbz restore 备份-2026-11-24.db",),
    "audit": ("wbz audit --action reveal --from 2026-11-01", "wbz audit --record C000001"),
    "doctor": ("wbz doctor", "wbz doctor --format json"),
    "consent": (
        "wbz consent C000001 --by 王建国 --on 2026-11-20",
        "wbz consent C000001 --exempt 依法履行法定职责",
    ),
    "purge": ("wbz purge --closed-before 2020-01-01 --dry-run",),
    "match": ("wbz match 低保名单.xlsx --kind lowincome",),
    "duplicates": ("wbz duplicates", "wbz duplicates --format json"),
    "merge": ("wbz merge C000001 C000002", "wbz merge C000001 C000002 --undo"),
    "due": ("wbz due", "wbz due --overdue --worker 张敏 --format json"),
    "history": ("wbz history C000001", "wbz history visit 1"),
    "household list": ("wbz household list --community 华阳居民区",),
    "household show": (
        "wbz household show H000001",
        "wbz household show H000001 --out 一户一档-H000001.docx",
    ),
    "household update": ("wbz household update H000001 --address 华阳路100弄5号",),
    "household add-guardian": (
        "wbz household add-guardian H000001 --name 李芳 --relation 母亲 --situation 外出务工",
    ),
    "report monthly": (
        "wbz report monthly --month 2026-10",
        "wbz report monthly --month 2026-10 --format xlsx --out 月报-2026-10.xlsx",
        "wbz report monthly --month 2026-10 --format package --out 报送-2026-10.wbzpkg",
    ),
    "report range": ("wbz report range --from 2026-07-01 --to 2026-09-30",),
    "report explain": (
        "wbz report explain visits.by_mode.home --month 2026-10",
        "wbz report explain subsidies.amount_yuan --from 2026-07-01 --to 2026-09-30 -f csv",
        "wbz report explain children.active --month 2026-10 --by community --group 华阳居民区",
    ),
    "refer add": (
        "wbz refer add C000001 --type 暴力伤害 --source 入户走访 --to 华阳路派出所",
        "wbz refer add --type abandonment --source neighbour --summary 邻居反映孩子独自在家",
    ),
    "refer link": ("wbz refer link L000001 C000001",),
    "refer move": ("wbz refer move L000001 --status accepted --note 派出所已受理",),
    "refer undo": ("wbz refer undo L000001 --reason 误点了受理",),
    "refer show": ("wbz refer show L000001",),
    "refer list": ("wbz refer list --overdue", "wbz refer list --status new --format json"),
    "refer policy show": ("wbz refer policy show",),
    "refer policy set": ("wbz refer policy set accept 5", "wbz refer policy set done.police 7"),
    "resource add": ("wbz resource add --kind lawyer --name 陈律师 --phone 13800138000",),
    "resource list": ("wbz resource list --kind 律师",),
    "resource remove": ("wbz resource remove R000001",),
    "resource edit": ("wbz resource edit R000001 --phone 13900139000",),
    "resource void": ("wbz resource void R000001 --reason 重复录入",),
    "resource unvoid": ("wbz resource unvoid R000001",),
    "service add": ("wbz service add C000001 --type psychological --provider 王心怡 --hours 2",),
    "service list": ("wbz service list C000001", "wbz service list --from 2026-11-01"),
    "service edit": ("wbz service edit 1 --hours 3",),
    "service void": ("wbz service void 1 --reason 重复录入",),
    "service unvoid": ("wbz service unvoid 1",),
    "subsidy add": ("wbz subsidy add C000001 --type orphan --month 2026-11 --amount 1900",),
    "subsidy run": ("wbz subsidy run --month 2026-11 --type orphan --dry-run",),
    "subsidy list": ("wbz subsidy list --month 2026-11", "wbz subsidy list --totals"),
    "subsidy edit": ("wbz subsidy edit 1 --amount 1800",),
    "subsidy import": ("wbz subsidy import 补贴发放表.xlsx --month 2026-11 --dry-run",),
    "subsidy void": ("wbz subsidy void 1 --reason 重复录入",),
    "subsidy unvoid": ("wbz subsidy unvoid 1",),
    "subsidy rate set": ("wbz subsidy rate set orphan 2400 --from 2026-11",),
    "subsidy rate list": ("wbz subsidy rate list",),
    "activity add": (
        "wbz activity add --title 暑期安全教育 --kind publicity --participants 35 --on 2026-11-20",
    ),
    "activity list": ("wbz activity list --from 2026-11-01",),
    "activity edit": ("wbz activity edit 1 --participants 40",),
    "activity void": ("wbz activity void 1 --reason 活动取消",),
    "activity unvoid": ("wbz activity unvoid 1",),
    "assess risk": ("wbz assess risk C000001 --item guardian_absent=3 --item neglect=1",),
    "assess sheet": ("wbz assess sheet",),
    "assess guardianship": ("wbz assess guardianship C000001 --result insufficient",),
    "assess list": ("wbz assess list C000001 --all",),
    "assess edit": ("wbz assess edit A000001 --on 2026-11-20",),
    "assess void": ("wbz assess void A000001 --reason 评错了儿童",),
    "assess unvoid": ("wbz assess unvoid A000001",),
    "care-agreement add": (
        "wbz care-agreement add C000001 --carer 王秀英 --relation 祖母 --phone 13800138000 "
        "--signed-on 2026-11-20 --school-notified",
    ),
    "care-agreement list": ("wbz care-agreement list C000001",),
    "care-agreement edit": ("wbz care-agreement edit 1 --phone 13900139000",),
    "care-agreement rate": ("wbz care-agreement rate --missing",),
    "care-agreement void": ("wbz care-agreement void 1 --reason 重复录入",),
    "care-agreement unvoid": ("wbz care-agreement unvoid 1",),
    "plan add": (
        "wbz plan add C000001 --goal 按时上学 --service education --on 2026-11-10 "
        "--review-on 2027-02-20",
    ),
    "plan review": (
        "wbz plan review P000001 --on 2026-11-20 --next-review 2027-05-20 --note 出勤好转",
    ),
    "plan close": ("wbz plan close P000001 --note 目标达成",),
    "plan list": ("wbz plan list --overdue", "wbz plan list C000001"),
    "plan edit": ("wbz plan edit P000001 --review-on 2027-03-01",),
    "plan void-review": ("wbz plan void-review P000001 2026-11-20 --reason 复核日期录错",),
    "plan unvoid-review": ("wbz plan unvoid-review P000001 2026-11-20",),
    "plan void": ("wbz plan void 1 --reason 重复录入",),
    "plan unvoid": ("wbz plan unvoid 1",),
    "import roster": ("wbz import roster 花名册.xlsx --dry-run --errors 问题行.xlsx",),
    "export children": ("wbz export children 花名册.xlsx --community 华阳居民区",),
    "visit add": (
        "wbz visit add C000001 --mode 入户 --notes 孩子在家，状态良好",
        "wbz visit add C000001 --mode 电话 --on 2026-11-20 --worker 张敏",
    ),
    "visit list": ("wbz visit list C000001", "wbz visit list --from 2026-11-01 --out 走访记录.csv"),
    "visit edit": ("wbz visit edit 1 --on 2026-11-19 --mode 电话",),
    "visit import": ("wbz visit import 走访记录.xlsx --errors 问题行.xlsx",),
    "visit void": ("wbz visit void 1 --reason 重复录入",),
    "visit unvoid": ("wbz visit unvoid 1",),
    "policy show": ("wbz policy show",),
    "policy set": ("wbz policy set risk.red 5", "wbz policy set strong_modes home,school"),
    "category void": ("wbz category void C000001 left_behind --reason 误登留守儿童",),
    "category unvoid": ("wbz category unvoid C000001 left_behind",),
    "case void": ("wbz case void C000001 2026-11-08 --reason 误恢复在册",),
    "case unvoid": ("wbz case unvoid C000001 2026-11-08",),
    # issue 25's records
    "placement start": (
        "wbz placement start C000001 --place 区儿童福利院 --reason 父亲被羁押 --on 2026-11-02",
        "wbz placement start C000001 --kind emergency --place 童心驿站",
    ),
    "placement end": ("wbz placement end 1 --on 2026-11-20 --note 返回家庭",),
    "placement list": ("wbz placement list --open", "wbz placement list C000001 --format json"),
    "placement edit": ("wbz placement edit 1 --place 区儿童福利院",),
    "placement void": ("wbz placement void 1 --reason 重复录入",),
    "placement unvoid": ("wbz placement unvoid 1",),
    "apply add": (
        "wbz apply add C000001 --category de_facto_unsupported --to 区民政局 --on 2026-10-08",
        "wbz apply add C000001 --subsidy study_grant",
    ),
    "apply decide": (
        "wbz apply decide 1 --approve --starts-on 2026-11-01 --on 2026-10-28",
        "wbz apply decide 2 --refuse --reason 不符合条件",
    ),
    "apply list": ("wbz apply list --status pending", "wbz apply list C000001 --format json"),
    "apply edit": ("wbz apply edit 1 --to 区民政局",),
    "apply void": ("wbz apply void 1 --reason 重复录入",),
    "apply unvoid": ("wbz apply unvoid 1",),
    "pair add": ("wbz pair add C000001 --resource R000003 --from 2026-09-01 --notes 每周课业辅导",),
    "pair end": ("wbz pair end 1 --on 2026-12-31",),
    "pair list": ("wbz pair list --active", "wbz pair list --resource R000003 --format json"),
    "pair edit": ("wbz pair edit 1 --to 2027-06-30",),
    "pair void": ("wbz pair void 1 --reason 重复录入",),
    "pair unvoid": ("wbz pair unvoid 1",),
    "screen add": (
        "wbz screen add --name 王小明 --source door_to_door --outcome follow_up "
        "--follow-up-by 2026-12-10 --community 华阳居民区",
        "wbz screen add --name 李小红 --source school --outcome enrolled --child C000002",
    ),
    "screen list": ("wbz screen list --outcome follow_up",),
    "screen void": ("wbz screen void 1 --reason 重复录入",),
    "screen unvoid": ("wbz screen unvoid 1",),
    "screen import": ("wbz screen import 摸排表.xlsx --dry-run --errors 问题行.xlsx",),
    "report keys": ("wbz report keys", "wbz report keys --expand --out 指标.csv"),
    "attach": (
        "wbz attach C000001 同意书.pdf --kind consent",
        "wbz attach visit:1 走访照片.jpg --kind photo",
        "wbz attach L000001 研讨纪要.docx --kind minutes",
    ),
    "attachments": ("wbz attachments C000001", "wbz attachments --all --format json"),
    "attachment export": ("wbz attachment export 1 --out 同意书.pdf",),
    "attachment edit": ("wbz attachment edit 1 --kind agreement --record P000001",),
    "attachment void": ("wbz attachment void 1 --reason 附错了儿童",),
    "attachment unvoid": ("wbz attachment unvoid 1",),
    "project add": (
        "wbz project add --name 童心守护 --org R000001 --budget 50000 --from 2026-01-01 "
        "--to 2026-12-31",
    ),
    "project list": ("wbz project list --active", "wbz project list --format csv"),
    "project show": ("wbz project show X000001",),
    "project enrol": ("wbz project enrol X000001 C000001 C000002",),
    "project unenrol": ("wbz project unenrol X000001 C000002",),
    "project spend": (
        "wbz project spend X000001 --amount 12000 --on 2026-11-05 --note 第一期服务费",
    ),
    "project edit": ("wbz project edit X000001 --budget 60000 --to 2027-06-30",),
    "project void": ("wbz project void X000001 --reason 重复登记",),
    "project unvoid": ("wbz project unvoid X000001",),
    "project payment edit": ("wbz project payment edit 1 --amount 1200",),
    "project payment void": ("wbz project payment void 1 --reason 金额录错",),
    "project payment unvoid": ("wbz project payment unvoid 1",),
    "give add": (
        "wbz give add C000001 --what 温暖包 --kind goods --value 200 --donor 区妇联",
        "wbz give add H000001 --what 过冬棉被 --kind goods --value 150 --on 2026-11-20",
        "wbz give add C000001 --what 自行车 --kind wish --value 399 --donor 爱心企业",
    ),
    "give list": ("wbz give list --from 2026-11-01", "wbz give list H000001 --format csv"),
    "give edit": ("wbz give edit 1 --value 180",),
    "give void": ("wbz give void 1 --reason 重复录入",),
    "give unvoid": ("wbz give unvoid 1",),
    "district init": ("wbz district init --name 莱阳市 --key-out 莱阳市区县密钥.key",),
    "district import": (
        "wbz district import 报送包",
        "wbz district import 城厢街道-2026-10.wbzpkg 古柳街道-2026-10.wbzpkg --format json",
    ),
    "district duplicates": (
        "wbz district duplicates --month 2026-10",
        "wbz district duplicates --month 2026-10 --format csv --out 重复报送.csv",
    ),
    "district stations": ("wbz district stations", "wbz district stations --format json"),
    "district report monthly": (
        "wbz district report monthly --month 2026-10",
        "wbz district report monthly --month 2026-10 --by station -f xlsx -o 区县汇总-2026-10.xlsx",
    ),
    "district report range": ("wbz district report range --from 2026-07 --to 2026-09",),
}

#: What an argument means, by its name, where a command does not say it itself.
ARGUMENTS: dict[str, str] = {
    "child": "儿童编号或身份证号，如 C000123",
    "child_a": "保留的儿童（编号或身份证号）",
    "child_b": "被合并的儿童（编号或身份证号）",
    "lead": "线索编号，如 L000001",
    "plan": "计划编号，如 P000001",
    "household": "家庭编号，如 H000012",
    "resource": "资源编号，如 R000003",
    "record_id": "记录号（列表中的“记录号”一栏，JSON 中为 id）",
    "file": "要读取的文件",
    "out": "要写入的文件",
}


def examples_for(path: str) -> tuple[str, ...]:
    """The examples of ``wbz PATH`` (``visit add``); none for an unknown path."""
    return EXAMPLES.get(path, ())


def describe(group: click.Group) -> None:
    """Give every command in ``group``'s tree its examples and every argument its help."""
    for path, command in walk(group):
        arguments = [p for p in command.params if isinstance(p, click.Argument)]
        missing = [p for p in arguments if not getattr(p, "help", None)]
        own = _own_help(command) if missing else {}
        for param in missing:
            name = param.name or ""
            param.help = own.get(name) or ARGUMENTS.get(name)
        # typer's own section ("Arguments") lists them already; click 8.5 adds a second one
        # ("Positional arguments") once an argument has help
        setattr(command, "format_arguments", _listed_by_typer)  # noqa: B010
        found = examples_for(path)
        if found and not command.epilog:
            command.epilog = "\b\n示例：\n" + "\n".join(f"  {line}" for line in found)


def walk(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every command (not group) below ``group``, with its path such as ``visit add``."""
    found: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}".strip()
        if isinstance(command, click.Group):
            found.extend(walk(command, path))
        else:
            found.append((path, command))
    return found


def _listed_by_typer(ctx: click.Context, formatter: click.HelpFormatter) -> None:
    return None


def _own_help(command: click.Command) -> dict[str, str]:
    """The help the command's function gives its arguments (``typer.Argument(help=...)``).

    typer 0.24 sets it before click 8.5's ``Parameter.__init__`` resets it to None, so it is
    read back from the function typer wrapped."""
    from typer.models import ArgumentInfo
    from typer.utils import get_params_from_function

    function: Any = getattr(command.callback, "__wrapped__", None)
    if function is None:
        return {}
    found = {}
    for name, meta in get_params_from_function(function).items():
        if isinstance(meta.default, ArgumentInfo) and meta.default.help:
            found[name] = meta.default.help
    return found
