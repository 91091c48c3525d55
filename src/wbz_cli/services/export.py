"""The 花名册 export: one row per child with Chinese headers, as bureaus and committees use it.

Columns are chosen so that the file (written with ``--reveal``) imports back unchanged:
``wbz import roster`` reads 姓名, 性别, 身份证号码, 出生日期, 儿童类别, 所在社区, 风险等级, 监护人,
与儿童关系, 监护人电话, 家庭住址, 儿童主任 and 登记日期, and knows the others as columns to skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from wbz_cli.domain.enums import CaseStatus, Category, Gender, Risk
from wbz_cli.domain.privacy import mask_id, mask_phone
from wbz_cli.services import child_file as svc
from wbz_cli.sheets.output import Target
from wbz_cli.sheets.writer import write_table
from wbz_cli.store import children as children_q
from wbz_cli.store import roster as q
from wbz_cli.store.session import Store

HEADERS = (
    "序号",
    "儿童编号",
    "姓名",
    "性别",
    "身份证号码",
    "出生日期",
    "年龄",
    "儿童类别",
    "所在社区",
    "风险等级",
    "监护人",
    "与儿童关系",
    "监护人电话",
    "家庭住址",
    "儿童主任",
    "登记日期",
    "最近走访",
    "状态",
)
WIDTHS = (6, 10, 10, 6, 21, 12, 6, 24, 16, 9, 10, 10, 14, 30, 10, 12, 12, 8)
TEXT_COLUMNS = (HEADERS.index("身份证号码"), HEADERS.index("监护人电话"))

_CATEGORY = {c.value: c.label for c in Category}
_RISK = {r.value: r.label for r in Risk}
_GENDER = {g.value: g.label for g in Gender}
_STATUS = {s.value: s.label for s in CaseStatus}


def _rows(children: list[dict[str, Any]], visits: dict[int, str], reveal: bool) -> Iterator[list]:
    for n, c in enumerate(children, start=1):
        yield [
            n,
            c["code"],
            c["name"],
            _GENDER.get(c["gender"], c["gender"]),
            c["id_number"] if reveal else mask_id(c["id_number"]),
            c["birth_date"],
            c["age"],
            "、".join(_CATEGORY.get(k, k) for k in c["categories"]),
            c["community"],
            _RISK.get(c["risk"], c["risk"]),
            c["guardian"],
            c["guardian_relation"],
            (c["guardian_phone"] if reveal else mask_phone(c["guardian_phone"])) or None,
            c["address"],
            c["worker"],
            c["registered_on"],
            visits.get(c["id"]),
            _STATUS.get(c["status"], c["status"]),
        ]


def export_children(
    store: Store, out: Target, today: date, *, reveal: bool, as_of: date | None = None,
    **filters: Any,
) -> int:  # fmt: skip
    """Write the roster of the children matching ``filters`` to ``out``; audit the export."""
    day = as_of or today
    children = [c.as_row() for c in svc.list_children(store, day, **filters)]
    ids = {c["code"]: c for c in children}
    visits_by_id = q.last_visits(store.conn)
    id_of = children_q.ids_by_code(store.conn)
    for code, c in ids.items():
        c["id"] = id_of.get(code)
    count = write_table(
        out,
        HEADERS,
        _rows(children, visits_by_id, reveal),
        text_columns=TEXT_COLUMNS,
        sheet="花名册",
        widths=WIDTHS,
    )
    with store.write():
        store.audit(
            "export",
            "children",
            out.name,
            None,
            {
                "count": count,
                "reveal": reveal,
                "as_of": day.isoformat(),
                "filters": {k: str(v) for k, v in filters.items() if v is not None},
            },
        )
    return count
