"""wbz duplicates / wbz merge: possible duplicate children, and merging two files into one."""

from typing import Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.contract import child_rows
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import FormatOpt, OutputFormat, RevealOpt, SummaryFormat
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels

COLUMNS = (
    Column("group", "组", justify="right", wrap=False),
    Column("child", "编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("id_number", "身份证号", wrap=False),
    Column("birth_date", "出生日期", wrap=False),
    Column("gender", "性别", labels.gender, wrap=False),
    Column("community", "居民区"),
    Column("household", "家庭", wrap=False, drop=2),  # on a narrow terminal, before 居民区
    Column("status", "状态", labels.status, wrap=False),
    Column("registered_on", "登记日期", wrap=False, drop=3),
)


def register(app: typer.Typer) -> None:
    app.command("duplicates")(list_duplicates)
    app.command("merge")(merge)


@with_out
def list_duplicates(
    ctx: typer.Context, reveal: RevealOpt = False, fmt: FormatOpt = OutputFormat.table
) -> None:
    """列出可能重复登记的儿童：姓名相同（忽略全角半角、空格和间隔号）且出生日期相同。

    每组列出各自的编号；确认是同一人后用 wbz merge 保留的编号 被合并的编号 合并。
    """
    from wbz_cli.cli.terminal import print_json, render
    from wbz_cli.services import merge as svc

    store = app_context(ctx).store()
    groups = svc.duplicates(store)
    if reveal and groups:
        from wbz_cli.services.child_file import record_reveal

        record_reveal(store, "duplicates", [c["code"] for g in groups for c in g])
    if fmt is OutputFormat.json:
        print_json(
            [
                {"group": n, "codes": [c["code"] for c in g], "children": child_rows(g)}
                for n, g in enumerate(groups, start=1)
            ],
            reveal,
        )
        return
    rows = [{"group": n, **c} for n, g in enumerate(groups, start=1) for c in child_rows(g)]
    render(
        rows,
        COLUMNS,
        fmt.value,
        reveal=reveal,
        title="可能重复登记的儿童",
        empty="没有发现可能重复登记的儿童",
    )


def merge(
    ctx: typer.Context,
    child_a: Annotated[str, typer.Argument(help="保留的儿童（编号、身份证号或姓名）")],
    child_b: Annotated[str, typer.Argument(help="被合并的儿童（编号、身份证号或姓名）")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="不再询问，直接合并")] = False,
    undo: Annotated[
        bool,
        typer.Option("--undo", help="撤销 B 到 A 的合并，两人恢复原样（合并后两人都无新改动时）"),
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="两个身份证号的出生日期或性别不同时仍然合并（确认是同一人）"),
    ] = False,
    fmt: Annotated[
        SummaryFormat, typer.Option("--format", "-f", help="输出格式：table 或 json")
    ] = SummaryFormat.table,
) -> None:
    """把重复登记的儿童 B 合并到 A，保留全部历史。

    \b
    B 的类别、立案、风险、走访、线索、服务、补贴、活动等记录全部转到 A，
    重叠的立案和类别期间合并；B 的档案标记为“已合并到 A”并保留，
    用 B 的编号或身份证号查询时显示 A。
    两人同月有同类补贴时拒绝合并并列出冲突；
    两个身份证号所含出生日期或性别不同时须加 --force。
    每天的类别、立案和风险按两份档案合起来的历史计算：风险取两人中日期最近的评估或变更，
    同一天以 A 为准。合并记入审计日志；合并后两人都没有新的记录或修改时，
    可用 wbz merge A B --undo 撤销。
    """

    from wbz_cli.cli.terminal import info, print_json
    from wbz_cli.domain.printable import printable
    from wbz_cli.services import child_file as children_svc
    from wbz_cli.services import merge as svc

    actx = app_context(ctx)
    store = actx.store()
    if undo:
        undone = svc.undo_merge(store, child_a, child_b)
        if fmt is SummaryFormat.json:
            print_json(undone)
        else:
            info(
                f"已撤销 {undone['merged_on']} 把 {undone['merged']} 合并到 {undone['kept']}，"
                "两名儿童恢复为合并前的档案"
            )
        return
    svc.check_pair(store.conn, child_a, child_b)
    a = children_svc.child_file(store, child_a, actx.today)
    b = children_svc.child_file(store, child_b, actx.today)
    if not yes:
        question = (
            f"把 {b.code} {b.child.name}（{b.child.birth_date}）的全部记录合并到 "
            f"{a.code} {a.child.name}（{a.child.birth_date}），并把 {b.code} 标记为已合并？"
        )
        if not typer.confirm(printable(question), default=False, err=True):
            info("已取消，没有修改")
            raise typer.Exit(1)
    done = svc.merge(store, child_a, child_b, actx.today, force=force)
    if fmt is SummaryFormat.json:
        print_json(done)
        return
    moved = "、".join(f"{labels.record_kind(k)} {v} 条" for k, v in done["moved"].items() if v)
    moved = moved or "无"
    info(f"已把 {done['merged']} 合并到 {done['kept']}（转移记录：{moved}）")
    if done["other_household"]:
        info(
            f"{done['merged']} 原属家庭 {done['other_household']} 未改动；"
            "如两户是同一家庭，请用 wbz household 核对监护人"
        )
