"""Finding a child by name: what counts as a name in a CHILD argument, how names compare
(spaces, middle dots and full/half width ignored: ``name_key``), and the messages when a name
fits several children or none."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from wbz_cli.domain.errors import InvalidInput, NotFound
from wbz_cli.domain.privacy import mask_id
from wbz_cli.domain.safety import name_key

#: How many children a message lists.
LISTED = 10
_CODE = re.compile(r"^[Cc]\d+$")


def is_name(key: str) -> bool:
    """A CHILD argument that is neither a code (``C000123``) nor an ID number (six digits or
    more, whole or mistyped): a name."""
    text = key.strip()
    return bool(name_key(text)) and not _CODE.match(text) and sum(c.isdigit() for c in text) < 6


def search_key(text: str) -> str:
    """``text`` as names are compared: ``王　小明``, ``王小明`` and ``王 小明`` are one name."""
    return name_key(text)


def several_named(name: str, rows: Sequence[Mapping[str, Any]]) -> InvalidInput:
    """More than one child has the name: list them (code, masked ID number, community)."""
    listed = "；".join(
        f"{r['code']}（{mask_id(r['id_number']) if r['id_number'] else '无身份证号'}，"
        f"{r['community'] or '未填居民区'}）"
        for r in rows[:LISTED]
    )
    more = f"，等共 {len(rows)} 名" if len(rows) > LISTED else ""
    return InvalidInput(
        f"有 {len(rows)} 名儿童叫“{name.strip()}”：{listed}{more}；请改用儿童编号或身份证号"
    )


def nobody_named(name: str, near: Sequence[Mapping[str, Any]]) -> NotFound:
    """No child has the name; ``near``: children whose names contain it."""
    shown = name.strip()
    text = f"找不到儿童“{shown}”：没有儿童叫这个名字"
    if near:
        names = "、".join(f"{r['code']} {r['name']}" for r in near[:LISTED])
        more = f" 等 {len(near)} 名" if len(near) > LISTED else ""
        text += f"；姓名含“{shown}”的有 {names}{more}，请用其编号"
    return NotFound(text + "。请输入儿童编号（如 C000123）、完整的 18 位身份证号或唯一的姓名")
