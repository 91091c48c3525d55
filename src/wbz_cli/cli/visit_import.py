"""wbz visit import: a child director's visit sheet (走访记录表) in one transaction."""

import typer

from wbz_cli.cli.context import app_context
from wbz_cli.cli.import_options import SheetImport, sheet_import


@sheet_import("走访记录表")
def import_visits(ctx: typer.Context, imp: SheetImport) -> None:
    """导入走访记录表：每行按儿童编号或身份证号码找到儿童，登记一次走访。

    必需的列：儿童编号或身份证号码、走访日期、走访方式；可选：姓名（用于核对）、走访人、
    情况记录、发现问题、处理措施。自动识别表头（可在标题行之下）。已结案、未来日期、
    登记之前的走访等有问题的行被拒绝并说明原因，不影响其他行；有效行在一个事务中写入，
    写入前自动备份数据库。同一儿童同一天同一方式已有记录的行计为“未变”，同一张表重复
    导入不会重复登记。有行被拒绝时退出码为 3。走访日期、方式、情况等都没填的行（如
    wbz due --by worker 任务单上未走访的儿童）跳过并计数，不算拒绝。
    """
    from wbz_cli.cli.import_report import finish_import
    from wbz_cli.cli.terminal import progress_bar
    from wbz_cli.services import visit_import as svc

    actx = app_context(ctx)
    errors_out = imp.claim_errors(actx)
    store = actx.store()
    source = imp.source()
    table = svc.open_visit_sheet(source)
    with progress_bar(imp.quiet, "导入走访记录", table.size) as advance:
        result = svc.import_visits(
            store, table, actx.today, source=source, dry_run=imp.dry_run, progress=advance
        )
    finish_import(
        result,
        store=store,
        command="visit import",
        fmt=imp.fmt,
        errors=errors_out,
        fields=[
            ("新增", result.counts["inserted"]),
            ("未变（已有记录）", result.counts["unchanged"]),
            ("拒绝", len(result.rejects)),
            *_skipped(result.counts),
        ],
        title="走访记录导入",
    )


def _skipped(counts: dict[str, int]) -> list[tuple[str, int]]:
    """The rows left blank (a task sheet's children not visited), when there are any."""
    blank = counts.get("skipped_blank", 0)
    return [("跳过（未填写）", blank)] if blank else []
