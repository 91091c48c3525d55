"""wbz show: a child's whole file on screen, in JSON or CSV (also printed by ``update``)."""

from pathlib import Path
from typing import Annotated, Any

import typer

from wbz_cli.cli.child_columns import CSV_COLUMNS
from wbz_cli.cli.context import app_context
from wbz_cli.cli.contract import child_file_keyed
from wbz_cli.cli.options import CHILD_HELP, ForceOpt, FormatOpt, OutputFormat, RevealOpt
from wbz_cli.cli.paper_file import AllOpt, TemplateOpt
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.child_record import ChildFile


def show(
    ctx: typer.Context,
    child: Annotated[str | None, typer.Argument(help=CHILD_HELP)] = None,
    reveal: RevealOpt = False,
    fmt: FormatOpt = OutputFormat.table,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="写入文件而不显示：.csv、.json，或 .docx（按 --template 或自带模板写成一人一档）；"
            "与 --all 同用时是存放档案的文件夹",
        ),
    ] = None,
    force: ForceOpt = False,
    template: TemplateOpt = None,
    every: AllOpt = False,
) -> None:
    """查看一名儿童的完整档案（基本信息、类别、家庭、风险、走访、计划、服务等），或写成 Word 档案。

    --out 档案.docx 写成一人一档（自带模板或 --template 给出的模板），--all 为每名在册儿童各写一份。
    """
    from wbz_cli.cli import paper_file

    if every:
        paper_file.write_all(ctx, child, template, out, force, reveal)
        return
    if child is None:  # as a missing argument is said (CHILD is optional only for --all)
        from wbz_cli.cli.usage_errors import ChineseUsageError

        raise ChineseUsageError(
            f"{ctx.command_path} 缺少参数 CHILD（儿童编号、身份证号或姓名）",
            "例如：wbz show C000001；写全部在册儿童的档案：wbz show --all --out 文件夹",
            ctx,
        )
    key = child
    paper_file.show_or_write(ctx, "child", key, (template, out, force), fmt, reveal,
                             lambda chosen: _show(ctx, key, reveal, chosen))  # fmt: skip


def _show(ctx: typer.Context, child: str, reveal: bool, fmt: OutputFormat) -> None:
    from wbz_cli.services import child_file as svc

    actx = app_context(ctx)
    store = actx.store()
    record = svc.child_file(store, child, actx.today)
    if reveal:
        svc.record_reveal(store, "child", [record.code])
    print_child_file(record, fmt, reveal)


def print_child_file(child: ChildFile, fmt: OutputFormat, reveal: bool) -> None:
    from wbz_cli.cli.care_file import print_care_sections, risk_source
    from wbz_cli.cli.terminal import masked, print_csv, print_fields, print_json, print_table

    record = child_file_keyed(child.as_row())
    if fmt is OutputFormat.json:
        print_json(record, reveal)
        return
    if fmt is OutputFormat.csv:
        print_csv([record], CSV_COLUMNS, reveal)
        return
    r = masked(record, reveal)
    print_fields(
        [
            ("编号", r["child"]),
            ("姓名", r["name"]),
            ("性别", labels.gender(r["gender"])),
            ("出生日期", f"{r['birth_date']}（{r['age']} 岁）"),
            ("身份证号", r["id_number"]),
            ("类别", labels.category(r["categories"])),
            ("居民区", r["community"]),
            ("儿童主任", r["worker"]),
            ("风险等级", labels.risk(r["risk"])),
            ("状态", labels.status(r["status"])),
            ("登记日期", r["registered_on"]),
            *(
                [("退出", f"{r['closed_on']} {labels.close_reason(r['close_reason'])}")]
                if r["closed_on"]
                else []
            ),
            *([("合并自", "、".join(r["merged_from"]))] if r.get("merged_from") else []),
        ],
        title=f"儿童档案 {r['child']}",
    )
    print_table(
        r["category_history"],
        (
            Column("category", "类别", labels.category),
            Column("subtype", "困境类型", labels.subtype),
            Column("start_on", "开始"),
            Column("end_on", "结束"),
        ),
        True,
        title="类别记录",
    )
    print_table(
        r["case_history"],
        (
            Column("opened_on", "立案"),
            Column("closed_on", "退出"),
            Column("close_reason", "退出原因", labels.close_reason),
        ),
        True,
        title="立案记录",
    )
    print_table(
        r["risk_history"],
        (
            Column("code", "编号"),
            Column("effective_on", "日期"),
            Column("risk", "风险等级", labels.risk),
            Column("source", "来源", risk_source),
        ),
        True,
        title="风险变化",
    )
    h = r["household_detail"]
    if h:
        print_household(h)
    print_care_sections(r)


def unnamed_guardian(name: Any) -> str:
    """A guardian row without a name (a roster's phone without the guardian's name)."""
    return str(name) if name else "（姓名待补）"


def print_household(h: dict[str, Any]) -> None:
    from wbz_cli.cli.terminal import print_fields, print_table

    print_fields(
        [
            ("家庭编号", h["code"]),
            ("住址", h["address"]),
            ("居民区", h["community"]),
            ("经济状况", labels.income(h["income_status"])),
            ("家庭儿童", "、".join(f"{c['child']} {c['name']}" for c in h["children"])),
        ],
        title="家庭档案",
    )
    if h["guardians"]:
        print_table(
            h["guardians"],
            (
                Column("name", "监护人", unnamed_guardian),
                Column("relation", "关系"),
                Column("phone", "电话"),
                Column("situation", "状况", labels.situation),
                Column("id_number", "身份证号"),
            ),
            True,
            title="监护人",
        )
