"""``wbz due --by worker``: the child directors' task sheets (``--out DIR``, one .xlsx each)
and reminders (``--format text``). The options are declared here and used by ``cli/due.py``."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wbz_cli.domain.errors import InvalidInput

if TYPE_CHECKING:
    from wbz_cli.cli.context import AppContext
    from wbz_cli.services.task_sheets import WorkerTasks


class DueFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    text = "text"


class DueGrouping(str, Enum):
    worker = "worker"


DueFormatOpt = Annotated[
    DueFormat,
    typer.Option(
        "--format",
        "-f",
        help="输出格式：table（表格）、json、csv，或 text（每位儿童主任一段提醒，可直接粘贴发送）",
    ),
]
ByOpt = Annotated[
    DueGrouping | None,
    typer.Option("--by", help="worker：按儿童主任分开（与 --out 或 --format text 一起用）"),
]
OutDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="与 --by worker 一起用：在这个已有的文件夹里为每位儿童主任写一份走访任务单"
        "（.xlsx，可填写后用 wbz visit import 导回）；不与 --by 一起用：把清单写入 .csv"
        "（带 BOM，Excel 可直接打开）或 .json 文件",
    ),
]


def by_worker(
    actx: AppContext,
    out: Path | None,
    force: bool,
    within: int,
    overdue_only: bool,
    worker: str | None,
    community: str | None,
) -> bool:
    """The task sheets into the folder ``out``, or (``out`` None) the reminders; whether a
    visit among them is overdue."""
    from wbz_cli.services.task_sheets import tasks_by_worker

    if out is not None and not out.is_dir():
        raise InvalidInput(
            f"文件夹 {out} 不存在（或不是文件夹）：请先创建它，或用 --out 指定已有的文件夹；"
            "未写入任何文件"
        )
    groups = tasks_by_worker(
        actx.store(), actx.today, within=within, overdue_only=overdue_only, worker=worker,
        community=community,
    )  # fmt: skip
    if out is None:
        _reminders(actx, groups, within)
    else:
        _task_sheets(actx, groups, out, force, within)
    return any(row["days_overdue"] for group in groups for row in group.rows)


def _task_sheets(
    actx: AppContext, groups: list[WorkerTasks], out: Path, force: bool, within: int
) -> None:
    """Write one task sheet per 儿童主任 into the folder ``out``."""
    from wbz_cli.cli.terminal import info
    from wbz_cli.services import task_sheets as svc

    if not groups:
        info("没有需要走访的儿童，未写入任何文件")
        return
    names = svc.file_names(groups, actx.today)
    targets = [actx.output(out / name, ("xlsx",), force=force) for name in names]
    sheets = list(zip(groups, targets, strict=True))
    total = svc.write_task_sheets(actx.store(), sheets, actx.today, within=within)
    for group, target in sheets:
        info(f"{target.path}：{group.worker}，{len(group.rows)} 名儿童")
    info(f"已写入 {len(targets)} 份走访任务单，共 {total} 名儿童（不含身份证号和电话）")


def _reminders(actx: AppContext, groups: list[WorkerTasks], within: int) -> None:
    """Print one reminder per 儿童主任, a blank line between them."""
    from wbz_cli.cli.terminal import info
    from wbz_cli.domain.printable import printable
    from wbz_cli.services import task_sheets as svc

    if not groups:
        info("没有需要走访的儿童")
        return
    messages = svc.reminders(groups, actx.today, within)
    typer.echo("\n\n".join(printable(m, keep_lines=True) for m in messages))


def check_options(by: DueGrouping | None, out: Path | None, fmt: DueFormat) -> None:
    """``--out`` with ``--by worker`` writes one file per 儿童主任 into a folder, in table
    format; without it, the list into one .csv or .json file (``list_out``)."""
    if out is not None and by is None and out.is_dir():
        raise InvalidInput(
            f"{out} 是文件夹：走访任务单需与 --by worker 一起使用（wbz due --by worker --out "
            "文件夹）；把清单写入文件请给出 .csv 或 .json 文件名"
        )
    if out is not None and by is not None and fmt is not DueFormat.table:
        raise InvalidInput(f"--out 写的是走访任务单（.xlsx），不能与 --format {fmt.value} 同时使用")
