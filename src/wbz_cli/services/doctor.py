"""wbz doctor: the file's integrity, and data problems a user can fix, each with what to do."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from wbz_cli.domain.dates import age_on
from wbz_cli.domain.enums import Category
from wbz_cli.domain.errors import WbzError
from wbz_cli.domain.idnumber import normalise, parse_id_number
from wbz_cli.domain.safety import name_key, needs_consent, past_category_limit
from wbz_cli.store import safety as q
from wbz_cli.store import schema_check
from wbz_cli.store.session import Store

KINDS = {
    "integrity": "文件损坏",
    "schema": "表结构不符",
    "foreign_key": "关联错误",
    "invalid_id": "身份证号无效",
    "id_mismatch": "出生日期或性别与身份证号不符",
    "duplicate_id": "身份证号重复",
    "possible_duplicate": "疑似重复登记",
    "adult_active": "已满18岁仍在册",
    "category_over_age": "类别超龄未结束",
    "orphaned": "孤立记录",
    "empty_household": "家庭无儿童",
    "consent_missing": "缺监护人同意",
}

#: Findings that are notes (提示): routine work to do in due course, not a problem with the
#: data. ``wbz doctor`` exits 3 only for the others (需处理).
NOTE_KINDS = frozenset({"consent_missing", "empty_household"})


@dataclass(frozen=True)
class Finding:
    kind: str
    codes: tuple[str, ...]
    detail: str
    action: str

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "codes": list(self.codes)}

    @property
    def is_note(self) -> bool:
        """A 提示 (routine work) rather than a 需处理 finding."""
        return self.kind in NOTE_KINDS


def examine(store: Store, today: date) -> list[Finding]:
    """Every problem found, file-level first."""
    conn = store.conn
    found = _file_checks(store)
    if found and found[0].kind == "integrity":
        return found  # reading a damaged file further can give nonsense
    differences = schema_check.compare(conn)
    found += [_schema_finding(d) for d in differences]
    if any(d.type in ("table", "view") for d in differences):
        return found  # so can reading tables wbz did not make
    children = q.children_for_checks(conn, today.isoformat())
    found += _id_checks(children)
    found += _duplicates(children)
    found += _age_checks(store, children, today)
    found += _orphans(store)
    found += _consent(children, today)
    return found


def _file_checks(store: Store) -> list[Finding]:
    check = q.integrity(store.conn)
    if check != ["ok"]:
        return [
            Finding(
                "integrity",
                (),
                f"数据库完整性检查失败：{check[0][:120]}",
                "请先用 wbz backup 另存一份当前文件，再用 wbz restore 从最近的备份恢复",
            )
        ]
    covered = {(table, target) for table, _, target, _ in q.REFERENCES}
    found = []
    for row in q.foreign_key_problems(store.conn):
        if (row[0], row[2]) in covered:
            continue  # reported below with the record's own words
        found.append(
            Finding(
                "foreign_key",
                (f"{row[0]}#{row[1]}",),
                f"{row[0]} 表第 {row[1]} 行指向 {row[2]} 中不存在的记录",
                "请从备份恢复，或联系技术人员核对这条记录",
            )
        )
    return found


def _schema_finding(d: schema_check.Difference) -> Finding:
    """A table, column, index, trigger or view that differs from what the migrations recorded
    in the file create."""
    if d.type in schema_check.CODE and d.kind != "missing":
        why = "这不是 wbz 创建的，可能由其他程序加入，会在 wbz 写入时运行；wbz 拒绝打开此文件："
    else:
        why = "表结构与 wbz 创建的不一致，部分命令会出错或显示错误的数据："
    return Finding(
        "schema",
        (d.name,),
        d.describe(),
        why + "请用 wbz restore 从可信的备份恢复，或联系技术人员核对",
    )


def _id_checks(children: list[Any]) -> list[Finding]:
    found = []
    by_number: dict[str, list[str]] = defaultdict(list)
    for c in children:
        if c["anonymised_on"] or c["merged_into"] is not None:
            continue  # a merged child's file is the one it was merged into
        by_number[normalise(c["id_number"])].append(c["code"])
        try:
            info = parse_id_number(c["id_number"])
        except WbzError as exc:
            found.append(
                Finding(
                    "invalid_id",
                    (c["code"],),
                    exc.message,
                    "核对户口簿或身份证原件；号码有误时请用正确号码重新登记，并将此档案结案"
                    f"（wbz close {c['code']} --reason other）",
                )
            )
            continue
        if info.birth_date.isoformat() != c["birth_date"] or info.gender.value != c["gender"]:
            found.append(
                Finding(
                    "id_mismatch",
                    (c["code"],),
                    f"档案中的出生日期 {c['birth_date']} 或性别与身份证号不一致",
                    "以身份证号为准核对档案；如身份证号有误请重新登记正确号码",
                )
            )
    for codes in by_number.values():
        if len(codes) > 1:
            found.append(
                Finding(
                    "duplicate_id",
                    tuple(codes),
                    "这些档案的身份证号相同（大小写或空格不同）",
                    "保留一份档案，其余结案（wbz close CODE --reason other）",
                )
            )
    return found


def _duplicates(children: list[Any]) -> list[Finding]:
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c in children:
        if not c["anonymised_on"] and c["merged_into"] is None:  # merged: already one file
            groups[(name_key(c["name"]), c["birth_date"])].append(c["code"])
    return [
        Finding(
            "possible_duplicate",
            tuple(codes),
            f"姓名相同且出生日期同为 {birth}，可能是同一名儿童重复登记",
            "用 wbz show 逐一核对；若确为同一人，保留一份，其余结案（--reason other）",
        )
        for (_, birth), codes in groups.items()
        if len(codes) > 1
    ]


def _age_checks(store: Store, children: list[Any], today: date) -> list[Finding]:
    found = []
    for c in children:
        if c["active"] and age_on(date.fromisoformat(c["birth_date"]), today) >= 18:
            found.append(
                Finding(
                    "adult_active",
                    (c["code"],),
                    f"出生于 {c['birth_date']}，已满 18 周岁，个案仍在册",
                    f"请复核：结案（wbz close {c['code']} --reason aged_out），"
                    "或作为在读成年学生继续保留",
                )
            )
    for row in q.open_categories(store.conn, today.isoformat()):
        limit = past_category_limit(row["category"], date.fromisoformat(row["birth_date"]), today)
        if limit is not None:
            label = Category.parse(row["category"]).label
            found.append(
                Finding(
                    "category_over_age",
                    (row["code"],),
                    f"{label}限未满 {limit} 周岁，此儿童已满 {limit} 周岁，类别仍未结束",
                    f"wbz update {row['code']} --end-category {row['category']}",
                )
            )
    return found


def _orphans(store: Store) -> list[Finding]:
    present = q.tables(store.conn)
    found = []
    for table, column, target, label in q.REFERENCES:
        if table not in present or target not in present:
            continue
        ids = q.dangling(store.conn, table, column, target)
        if ids:
            shown = "、".join(str(i) for i in ids[:10]) + ("……" if len(ids) > 10 else "")
            found.append(
                Finding(
                    "orphaned",
                    tuple(f"{table}#{i}" for i in ids),
                    f"{len(ids)} 条{label}（{table} 第 {shown} 行）指向不存在的{target}",
                    "这些记录无法归属到档案：请从备份恢复，或联系技术人员核对后删除",
                )
            )
    empty = q.households_without_children(store.conn)
    if empty:
        found.append(
            Finding(
                "empty_household",
                tuple(empty),
                f"{len(empty)} 个家庭档案中没有儿童",
                "把儿童加入该家庭（wbz update CHILD --household 家庭编号），如为误建可忽略",
            )
        )
    return found


def _consent(children: list[Any], today: date) -> list[Finding]:
    return [
        Finding(
            "consent_missing",
            (c["code"],),
            "未满 14 周岁，档案中没有监护人同意记录，也没有免于同意的依据",
            f"wbz consent {c['code']} --by 监护人姓名 --on 日期，或 --exempt 依据",
        )
        for c in children
        if c["active"]
        and not c["anonymised_on"]
        and not c["consent_on"]
        and not c["consent_exempt_reason"]
        and needs_consent(date.fromisoformat(c["birth_date"]), today)
    ]
