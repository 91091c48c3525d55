"""The child directors' task sheets and reminders (``wbz due --by worker``): the visits of
the due list grouped by 儿童主任 (children with none under 未分配), one .xlsx per director
(``sheets.task_sheet``), or one short reminder per director to paste into a message.

Neither shows an ID or phone number: a child is named by code, name and community.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from wbz_cli.domain.vocab import Problem, VisitMode
from wbz_cli.services.due import due_list
from wbz_cli.sheets.output import Target
from wbz_cli.sheets.task_sheet import TaskSheet, write_task_sheet
from wbz_cli.store.session import Store

UNASSIGNED = "未分配"
#: Characters no file name (or Excel sheet name) may hold on Windows, macOS or Linux.
_UNSAFE = re.compile(r'[\\/:*?"<>|\[\]\x00-\x1f\x7f]')


@dataclass(frozen=True)
class WorkerTasks:
    """One 儿童主任's visits due (``worker``: 未分配 for children without one)."""

    worker: str
    rows: list[dict[str, Any]]


def tasks_by_worker(
    store: Store,
    today: date,
    *,
    within: int,
    overdue_only: bool = False,
    worker: str | None = None,
    community: str | None = None,
) -> list[WorkerTasks]:
    """The visits of ``wbz due`` (same window and filters, birthday alerts left out) by
    儿童主任, the director with the earliest visit due first, 未分配 last."""
    rows = due_list(
        store, today, within=within, overdue_only=overdue_only, worker=worker,
        community=community,
    )  # fmt: skip
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["kind"] == "visit":
            groups.setdefault(row["worker"] or UNASSIGNED, []).append(row)
    order = sorted(groups, key=lambda w: w == UNASSIGNED)
    return [WorkerTasks(w, groups[w]) for w in order]


def safe_name(text: str) -> str:
    """``text`` usable as a file or sheet name: no path separators or characters Windows
    refuses, no control characters, no leading dot, at most 31 characters (Excel's limit)."""
    value = _UNSAFE.sub("_", unicodedata.normalize("NFC", text)).strip(" .\u3000")
    return value[:31] or "_"


def file_names(groups: list[WorkerTasks], today: date) -> list[str]:
    """``走访任务-儿童主任-日期.xlsx`` for each group; two names made the same by
    ``safe_name`` are told apart by a number."""
    names: list[str] = []
    for group in groups:
        stem = f"走访任务-{safe_name(group.worker)}-{today.isoformat()}"
        name, n = f"{stem}.xlsx", 1
        while name in names:
            n += 1
            name = f"{stem}-{n}.xlsx"
        names.append(name)
    return names


def _sheet(group: WorkerTasks, today: date, within: int) -> TaskSheet:
    end = (today + timedelta(days=within)).isoformat()
    title = (
        f"走访任务单　儿童主任：{group.worker}　{end} 前应走访 {len(group.rows)} 名儿童"
        f"（{today.isoformat()} 生成）"
    )
    rows = [
        (r["child"], r["name"], r["community"], r["last_visit"], r["next_due"], r["reason"])
        for r in group.rows
    ]
    return TaskSheet(
        name=safe_name(group.worker),
        title=title,
        rows=rows,
        modes=[m.label for m in VisitMode],
        problems=[p.label for p in Problem],
    )


def write_task_sheets(
    store: Store,
    sheets: list[tuple[WorkerTasks, Target]],
    today: date,
    *,
    within: int,
) -> int:
    """Write each group's sheet to its claimed target; one audit row (export) per file.
    Return the number of children written."""
    total = 0
    for group, target in sheets:
        total += write_task_sheet(target, _sheet(group, today, within))
    with store.write():
        for group, target in sheets:
            store.audit(
                "export",
                "task_sheet",
                target.name,
                None,
                {
                    "file": str(target.path),
                    "worker": group.worker,
                    "count": len(group.rows),
                    "within": within,
                    "masked": True,
                },
            )
    return total


def reminders(groups: list[WorkerTasks], today: date, within: int) -> list[str]:
    """One short message per 儿童主任: who, how many, then a line per child (code, name,
    community, due date, days overdue)."""
    end = (today + timedelta(days=within)).isoformat()
    messages = []
    for group in groups:
        lines = [f"【走访提醒】{group.worker}：{end} 前需走访 {len(group.rows)} 名儿童"]
        for r in group.rows:
            late = f"，已逾期 {r['days_overdue']} 天" if r["days_overdue"] else ""
            place = f"（{r['community']}）" if r["community"] else ""
            lines.append(f"{r['child']} {r['name']}{place} 应访 {r['next_due']}{late}")
        messages.append("\n".join(lines))
    return messages
