"""wbz screen import: a screening sheet (摸排表) in one transaction."""

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.import_options import SheetImport, sheet_import


@sheet_import("摸排表")
def import_screenings(ctx: typer.Context, imp: SheetImport) -> None:
    """导入摸排表：每行登记一名摸排对象及结果。

    必需的列：姓名、摸排日期、来源（入户摸排、部门名单、学校）、结果（已纳入、不符合条件、
    待跟进）；可选：身份证号（尚不知道可空）、居民区/村、摸排人、纳入编号（已纳入时必填，
    登记的儿童编号）、原因（不符合条件时必填）、跟进期限（待跟进时必填）。自动识别表头
    （可在标题行之下）。有问题的行被拒绝并说明原因，不影响其他行；有效行在一个事务中写入，
    写入前自动备份数据库。同一身份证号同一摸排日期已有记录的行计为“未变”，同一张表重复
    导入不会重复登记。有行被拒绝时退出码为 3。
    """
    from wbz_cli.cli.import_report import finish_import
    from wbz_cli.cli.terminal import progress_bar
    from wbz_cli.services import screening_import as svc

    actx = app_context(ctx)
    errors_out = imp.claim_errors(actx)
    store = actx.store()
    source = imp.source()
    table = svc.open_screening_sheet(source)
    with progress_bar(imp.quiet, "导入摸排表", table.size) as advance:
        result = svc.import_screenings(
            store, table, actx.today, source=source, dry_run=imp.dry_run, progress=advance
        )
    finish_import(
        result,
        store=store,
        command="screen import",
        fmt=imp.fmt,
        errors=errors_out,
        fields=[
            ("新增", result.counts["inserted"]),
            ("未变（已有记录）", result.counts["unchanged"]),
            ("拒绝", len(result.rejects)),
        ],
        title="摸排表导入",
    )
