"""``wbz attach``, ``wbz attachments`` and ``wbz attachment export``: scanned files kept inside
the database beside a child's file or one of its records. The content decides the type
(domain/attachments.py); every attach, export, edit and void is in the audit log."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from typing import Any

from wbz_cli.domain.attachments import (
    EXTENSIONS,
    AttachmentKind,
    CheckedFile,
    FileType,
    check_file,
    parse_record,
)
from wbz_cli.domain.children import format_code
from wbz_cli.domain.corrections import Edit
from wbz_cli.domain.errors import InvalidInput, NotFound, RuleViolation
from wbz_cli.sheets import output
from wbz_cli.store import attachments as q
from wbz_cli.store.children import insert, require_child
from wbz_cli.store.records import child_of, void_marks
from wbz_cli.store.session import Store, now_text

_RECORD_LABELS = {"visit": "走访记录", "service": "服务记录", "lead": "线索", "plan": "服务计划"}


def record_text(
    kind: str | None, record_id: int | None, lead_code: str | None = None
) -> str | None:
    """How an attachment's record is written on screen and in JSON: ``visit:12``,
    ``service:3``, ``L000001``, ``P000001``; None when it belongs to the child only."""
    if kind is None or record_id is None:
        return None
    if kind == "lead":
        return lead_code or format_code("L", record_id)
    if kind == "plan":
        return format_code("P", record_id)
    return f"{kind}:{record_id}"


def _owner(conn: sqlite3.Connection, target: str) -> tuple[sqlite3.Row, str | None, int | None]:
    """The child an attachment goes to, and the record it names (kind, id) if any."""
    record = parse_record(target)
    if record is None:
        return require_child(conn, target), None, None
    kind, number = record
    record_id = q.lead_id(conn, format_code("L", number)) if kind == "lead" else number
    row = q.record_child(conn, kind, record_id) if record_id is not None else None
    if row is None or row["child_id"] is None:
        raise NotFound(
            f"找不到{_RECORD_LABELS[kind]}“{target}”：记录的写法如 visit:12、service:3、"
            "L000001（线索）、P000001（服务计划），或直接写儿童编号"
        )
    if row["voided_at"] is not None:
        raise RuleViolation(f"{_RECORD_LABELS[kind]}“{target}”已作废，不能附加文件")
    child = child_of(conn, int(row["child_id"]))
    assert child is not None  # a record's child_id references children (id)
    return child, kind, int(row["id"])


def attach(
    store: Store,
    target: str,
    file_name: str,
    data: bytes,
    kind: AttachmentKind,
    today: date,
) -> dict[str, Any]:
    """Keep ``data`` (read from ``file_name``) in the database beside ``target``: a child
    (code, ID number or name) or one of the child's records (``visit:12``, ``L000001`` ...)."""
    checked: CheckedFile = check_file(file_name, data)
    with store.write() as conn:
        child, record_kind, record_id = _owner(conn, target)
        if child["anonymised_on"] is not None:
            raise RuleViolation(f"{child['code']} 的档案已匿名，不能再附加文件")
        twin = q.same_file(conn, int(child["id"]), checked.sha256)
        if twin is not None:
            raise RuleViolation(
                f"{child['code']} 已有内容相同的附件 {twin['id']}（{twin['name']}），未重复保存"
            )
        values = {
            "child_id": int(child["id"]),
            "record_kind": record_kind,
            "record_id": record_id,
            "kind": kind.value,
            "name": checked.name,
            "file_type": checked.file_type.value,
            "size": checked.size,
            "sha256": checked.sha256,
            "added_on": today.isoformat(),
        }
        aid = insert(conn, "attachments", {**values, "content": data, "created_at": now_text()})
        logged = {k: v for k, v in values.items() if k != "child_id"}
        store.audit("insert", "attachment", f"{child['code']}/{aid}", None, logged)
        [row] = q.list_attachments(conn, attachment_id=aid)
    return attachment_dict(row)


def attachment_dict(row: sqlite3.Row, include_voided: bool = False) -> dict[str, Any]:
    """One attachment as lists, ``wbz show`` and JSON give it: never the bytes."""
    out = {
        "id": int(row["id"]),
        "child": row["child"],
        "name": row["name"],
        "record": record_text(row["record_kind"], row["record_id"], row["lead_code"]),
        "kind": row["kind"],
        "file_name": row["file_name"],
        "file_type": row["file_type"],
        "size": int(row["size"]),
        "sha256": row["sha256"],
        "added_on": row["added_on"],
    }
    if include_voided:
        out.update(void_marks(row))
    return out


def list_attachments(
    store: Store, key: str | None, *, include_voided: bool = False
) -> list[dict[str, Any]]:
    conn = store.conn
    child_id = int(require_child(conn, key)["id"]) if key else None
    rows = q.list_attachments(conn, child_id=child_id, include_voided=include_voided)
    return [attachment_dict(r, include_voided) for r in rows]


def attachments_of_child(conn: sqlite3.Connection, child_id: int) -> list[dict[str, Any]]:
    """The child's attachments in force, for ``wbz show``."""
    return [attachment_dict(r) for r in q.list_attachments(conn, child_id=child_id)]


def parse_attachment_id(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def require_attachment(conn: sqlite3.Connection, number: str) -> sqlite3.Row:
    found = parse_attachment_id(number)
    rows = q.list_attachments(conn, attachment_id=found) if found else []
    if not rows:
        raise NotFound(f"找不到附件“{number}”：请用 wbz attachments 查看附件的记录号")
    return rows[0]


def export_attachment(store: Store, number: str, target: output.Target) -> dict[str, Any]:
    """Write the attachment's bytes to ``target`` (claimed by the caller, 0600) after checking
    them against the stored checksum; one ``export`` audit row."""
    row = require_attachment(store.conn, number)
    if row["voided_at"] is not None:
        raise RuleViolation(
            f"附件 {row['id']} 已作废（{row['void_reason']}）；如需导出，请先用"
            f" wbz attachment unvoid {row['id']}"
        )
    data = q.content(store.conn, int(row["id"]))
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        raise RuleViolation(
            f"附件 {row['id']} 的内容与保存时的校验值不符（数据库可能已损坏）：未导出，"
            "请运行 wbz doctor 检查"
        )
    output.write_bytes(target, data)
    with store.write():
        store.audit(
            "export",
            "attachment",
            f"{row['child']}/{row['id']}",
            None,
            {"file": str(target.path), "name": row["file_name"], "sha256": row["sha256"]},
        )
    return attachment_dict(row)


def output_kind(store: Store, number: str) -> str:
    """The output kind (sheets/output.py) of the attachment's content: its file type."""
    return str(require_attachment(store.conn, number)["file_type"])


def checked_attachment_edit(conn: sqlite3.Connection, e: Edit) -> dict[str, Any]:
    """The columns of an attachment with the changes (kind, record, name) applied: the record
    must be the child's own; the name keeps the extension of the content."""
    values: dict[str, Any] = {
        "kind": AttachmentKind.parse(e.changes["kind"]).value
        if "kind" in e.changes
        else e.row["kind"],
        "name": e.row["name"],
        "child_id": e.row["child_id"],
        "record_kind": e.row["record_kind"],
        "record_id": e.row["record_id"],
    }
    if "name" in e.changes:
        name = str(e.changes["name"]).strip()
        allowed = EXTENSIONS[FileType.of(e.row["file_type"])]
        if not any(name.lower().endswith(s) for s in allowed) or len(name) > 200 or "/" in name:
            raise InvalidInput(
                f"附件的新文件名“{name}”须以 {' 或 '.join(allowed)} 结尾（与内容相符），未修改"
            )
        values["name"] = name
    if "record" in e.changes:
        text = str(e.changes["record"]).strip()
        if text in ("", "-", "none"):
            values["record_kind"], values["record_id"] = None, None
        else:
            child, kind, record_id = _owner(conn, text)
            if kind is None or int(child["id"]) != int(e.row["child_id"]):
                raise InvalidInput(
                    f"“{text}”不是 {e.child} 的记录：附件只能改挂到本人的走访、服务、线索或计划上"
                )
            values["record_kind"], values["record_id"] = kind, record_id
    return values
