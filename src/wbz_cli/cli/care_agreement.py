"""wbz care-agreement add / list / rate / edit / void / unvoid: entrusted-care agreements of
left-behind children."""

from typing import Annotated

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.corrections import AllOpt, IdArg, add_void_commands, list_columns, run_edit
from wbz_cli.cli.list_out import with_out
from wbz_cli.cli.options import ChildArg, FormatOpt, OnOpt, OutputFormat, RevealOpt, parse_on
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels

agreement_app = typer.Typer(
    help="委托照护协议：留守儿童的受托照护人、关系、电话、签订日期和告知学校、村（居）委会情况。",
    no_args_is_help=True,
)

COLUMNS = (
    Column("child", "儿童编号", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("carer", "受托照护人"),
    Column("relation", "关系"),
    Column("carer_phone", "电话", wrap=False),
    Column("signed_on", "签订日期", wrap=False),
    Column("valid_until", "有效期至", wrap=False, drop=2),  # narrow: 今日有效 stays
    Column("school_notified", "已告知学校", labels.yes_no),
    Column("committee_notified", "已告知村（居）委", labels.yes_no),
    Column("valid", "今日有效", labels.yes_no, drop=0),
    Column("id", "记录号", justify="right", wrap=False),
)

RATE_CSV = (
    Column("on", "统计日期"),
    Column("left_behind", "留守儿童"),
    Column("with_agreement", "有有效协议"),
    Column("without_agreement", "无有效协议"),
    Column("rate_percent", "签订率(%)"),
)


def register(app: typer.Typer) -> None:
    add_void_commands(agreement_app, "care_agreement", "委托照护协议")
    app.add_typer(agreement_app, name="care-agreement")


@agreement_app.command("add")
def add(
    ctx: typer.Context,
    child: ChildArg,
    carer: Annotated[str, typer.Option("--carer", help="受托照护人姓名")],
    relation: Annotated[str, typer.Option("--relation", help="与儿童关系，如 祖母")],
    phone: Annotated[str, typer.Option("--phone", help="受托照护人电话")],
    signed_on: Annotated[str, typer.Option("--signed-on", help="签订日期 YYYY-MM-DD")],
    school_notified: Annotated[
        bool, typer.Option("--school-notified", help="已书面告知学校")
    ] = False,
    committee_notified: Annotated[
        bool, typer.Option("--committee-notified", help="已告知村（居）民委员会")
    ] = False,
    valid_until: Annotated[
        str | None, typer.Option("--valid-until", help="有效期至（含），不填为长期")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
) -> None:
    """登记一份委托照护协议（仅限农村留守儿童）。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.agreements import add_agreement

    actx = app_context(ctx)
    row = add_agreement(
        actx.store(),
        child,
        actx.today,
        carer=carer,
        relation=relation,
        phone=phone,
        signed_on=parse_date(signed_on, "签订日期"),
        valid_until=parse_date(valid_until, "有效期") if valid_until else None,
        school_notified=school_notified,
        committee_notified=committee_notified,
        notes=notes,
    )
    info(f"已登记 {row['child']} {row['name']} 的委托照护协议（受托人 {row['carer']}）")


@agreement_app.command("list")
@with_out
def list_(
    ctx: typer.Context,
    child: Annotated[
        str | None, typer.Argument(help="儿童编号、身份证号或姓名（不填列出全部）")
    ] = None,
    reveal: RevealOpt = False,
    fmt: FormatOpt = OutputFormat.table,
    all_: AllOpt = False,
) -> None:
    """列出委托照护协议。"""
    from wbz_cli.cli.terminal import render
    from wbz_cli.services.agreements import list_agreements
    from wbz_cli.services.child_file import record_reveal

    actx = app_context(ctx)
    store = actx.store()
    rows = list_agreements(store, child, actx.today, include_voided=all_)
    if reveal and rows:
        record_reveal(store, "care_agreements", sorted({r["child"] for r in rows}))
    render(rows, list_columns(COLUMNS, all_), fmt.value, reveal=reveal, title="委托照护协议")


@agreement_app.command("edit")
def edit(
    ctx: typer.Context,
    record_id: IdArg,
    carer: Annotated[str | None, typer.Option("--carer", help="受托照护人姓名")] = None,
    relation: Annotated[str | None, typer.Option("--relation", help="与儿童关系")] = None,
    phone: Annotated[str | None, typer.Option("--phone", help="受托照护人电话")] = None,
    signed_on: Annotated[str | None, typer.Option("--signed-on", help="签订日期")] = None,
    valid_until: Annotated[str | None, typer.Option("--valid-until", help="有效期至")] = None,
    school_notified: Annotated[
        bool | None,
        typer.Option("--school-notified/--school-not-notified", help="是否已书面告知学校"),
    ] = None,
    committee_notified: Annotated[
        bool | None,
        typer.Option(
            "--committee-notified/--committee-not-notified", help="是否已告知村（居）民委员会"
        ),
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="备注")] = None,
) -> None:
    """修改一份委托照护协议的指定字段，检查与登记时相同；未给出的字段不变。"""
    changes = {"carer": carer, "relation": relation, "phone": phone, "signed_on": signed_on,
               "valid_until": valid_until, "school_notified": school_notified,
               "committee_notified": committee_notified, "notes": notes}  # fmt: skip
    run_edit(ctx, "care_agreement", record_id, changes, False)


@agreement_app.command("rate")
@with_out
def rate(
    ctx: typer.Context,
    on: OnOpt = None,
    missing: Annotated[bool, typer.Option("--missing", help="列出没有有效协议的留守儿童")] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """委托照护协议签订率：当天在册的农村留守儿童中有有效协议的比例。"""
    from wbz_cli.cli.terminal import info, print_json, render
    from wbz_cli.services.agreements import agreement_rate

    actx = app_context(ctx)
    result = agreement_rate(actx.store().conn, parse_on(on, actx.today, "统计日期"))
    if fmt is OutputFormat.json:
        print_json(result)
        return
    if fmt is OutputFormat.table:
        shown = f"{result['rate_percent']}%" if result["rate_percent"] is not None else "—"
        info(
            f"{result['on']}：农村留守儿童 {result['left_behind']} 人，"
            f"有有效委托照护协议 {result['with_agreement']} 人，签订率 {shown}"
        )
    if fmt is OutputFormat.csv and not missing:
        from wbz_cli.cli.terminal import print_csv

        print_csv([result], RATE_CSV, True)
        return
    if missing:
        render(
            result["missing"],
            (
                Column("child", "儿童编号"),
                Column("name", "姓名"),
                Column("community", "居民区"),
            ),
            fmt.value,
            title="没有有效协议的留守儿童",
            empty="所有留守儿童都有有效协议",
        )
