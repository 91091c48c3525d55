"""wbz screen add / list / void / unvoid: people screened (摸排) and the outcome."""

from typing import Annotated, Any

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.corrections import AllOpt, add_void_commands, record_list_command
from wbz_cli.cli.options import (
    FormatOpt,
    OnOpt,
    OutputFormat,
    RevealOpt,
    enum_help,
    parse_enum,
    parse_on,
)
from wbz_cli.cli.terminal import Column
from wbz_cli.domain import labels
from wbz_cli.domain.record_vocab import ScreeningOutcome, ScreeningSource

screen_app = typer.Typer(
    help="摸排：入户摸排、部门名单比对、学校排查到的人员及结果（已纳入、不符合条件、待跟进）；"
    "待跟进的到期后列入 wbz due。",
    no_args_is_help=True,
)

COLUMNS = (
    Column("id", "记录号", justify="right", wrap=False),
    Column("name", "姓名", wrap=False),
    Column("id_number", "身份证号", wrap=False),
    Column("community", "居民区"),
    Column("screened_on", "摸排日期", wrap=False),
    Column("source", "来源", labels.screening_source, wrap=False, drop=2),
    Column("outcome", "结果", labels.screening_outcome, wrap=False),
    Column("child", "纳入编号", wrap=False),
    Column("follow_up_by", "跟进期限", wrap=False),
    Column("reason", "不符合原因", drop=2),
    Column("worker", "摸排人", drop=2),
)


def register(app: typer.Typer) -> None:
    from wbz_cli.cli.screen_import import import_screenings

    screen_app.command("import")(import_screenings)
    add_void_commands(screen_app, "screening", "摸排记录", "screen")
    app.add_typer(screen_app, name="screen")


@screen_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="姓名")],
    source: Annotated[str, typer.Option("--source", help=enum_help(ScreeningSource, "来源"))],
    outcome: Annotated[
        str, typer.Option("--outcome", help=enum_help(ScreeningOutcome, "摸排结果"))
    ],
    id_number: Annotated[
        str | None, typer.Option("--id-number", help="身份证号（尚不知道可不填）")
    ] = None,
    community: Annotated[str | None, typer.Option("--community", help="居民区")] = None,
    on: OnOpt = None,
    worker: Annotated[str | None, typer.Option("--worker", help="摸排人")] = None,
    child: Annotated[str | None, typer.Option("--child", help="已纳入时：登记的儿童编号")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="不符合条件的原因")] = None,
    follow_up_by: Annotated[
        str | None, typer.Option("--follow-up-by", help="待跟进时：跟进期限")
    ] = None,
) -> None:
    """登记一名摸排对象及结果：已纳入（--child）、不符合条件（--reason）或待跟进（--follow-up-by）。"""
    from wbz_cli.cli.terminal import info
    from wbz_cli.domain.dates import parse_date
    from wbz_cli.services.screenings import add_screening

    actx = app_context(ctx)
    row = add_screening(
        actx.store(), actx.today, name=name, id_number=id_number, community=community,
        screened_on=parse_on(on, actx.today, "摸排日期"), worker=worker,
        source=ScreeningSource.parse(source), outcome=ScreeningOutcome.parse(outcome),
        child=child, reason=reason,
        follow_up_by=parse_date(follow_up_by, "跟进期限") if follow_up_by else None,
    )  # fmt: skip
    info(f"已登记摸排 {row['id']} {row['name']}：{labels.screening_outcome(row['outcome'])}")


@record_list_command(screen_app, COLUMNS, "摸排", "没有摸排记录")
def list_(
    ctx: typer.Context,
    outcome: Annotated[
        str | None, typer.Option("--outcome", help=enum_help(ScreeningOutcome, "摸排结果"))
    ] = None,
    reveal: RevealOpt = False,
    fmt: FormatOpt = OutputFormat.table,
    all_: AllOpt = False,
) -> list[dict[str, Any]]:
    """列出摸排记录（身份证号默认遮蔽）。"""
    from wbz_cli.services.child_file import record_reveal
    from wbz_cli.services.screenings import list_screenings

    store = app_context(ctx).store()
    rows = list_screenings(
        store, outcome=parse_enum(ScreeningOutcome, outcome), include_voided=all_
    )
    if reveal and rows:
        record_reveal(store, "screenings", [str(r["id"]) for r in rows])
    return rows
