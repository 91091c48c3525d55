"""改错 for the resource library: a resource entered twice or wrongly is edited with the checks
of ``resource add``, voided (it leaves the lists, the provider look-up and the report's
``resources.by_kind``) and restored, each step audited."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_corrections import audit_rows, dump, monthly, ok, refused
from tests.conftest import Invoke, make_id


def lawyers(wbz: Invoke) -> int:
    return int(monthly(wbz)["resources"]["by_kind"]["lawyer"])


def test_a_resource_entered_twice_is_voided_edited_and_restored(
    station: Invoke, db_path: Path
) -> None:
    wbz = station
    ok(wbz("resource", "add", "--kind", "律师", "--name", "李律师", "--on", "2026-10-01"))
    ok(wbz("resource", "add", "--kind", "律师", "--name", "李律帅", "--on", "2026-11-02"))
    assert lawyers(wbz) == 2

    ok(wbz("resource", "void", "R000002", "--reason", "同一人，名字打错了"))
    assert lawyers(wbz) == 1
    assert [r["code"] for r in ok(wbz("resource", "list", "-f", "json")).json()] == ["R000001"]
    listed = ok(wbz("resource", "list", "--all", "-f", "json")).json()
    assert [(r["code"], r["voided"]) for r in listed] == [("R000001", False), ("R000002", True)]
    refused(wbz("resource", "remove", "R000002"), "已作废", "wbz resource unvoid R000002")
    ok(wbz("register", "--name", "王小明", "--id-number", make_id("2015-06-01", 11), "-c", "孤儿"))
    refused(wbz("service", "add", "C000001", "--type", "legal", "--provider", "R2"), "已作废")

    ok(wbz("resource", "edit", "R1", "--phone", "13812345678", "--specialty", "未成年人法律"))
    [(kind, key, old, new)] = audit_rows(db_path, "edit")
    assert (kind, key, old, new) == (
        "resource",
        "R000001",
        {"phone": None, "specialty": None},
        {"phone": "13812345678", "specialty": "未成年人法律"},
    )
    before = dump(db_path)
    refused(wbz("resource", "edit", "R1", "--on", "2026-12-01"), "晚于今天")
    refused(wbz("resource", "edit", "R1", "--kind", "魔法师"), "魔法师")
    refused(wbz("resource", "edit", "R1", "--name", " "), "名称")
    refused(wbz("resource", "edit", "R9"), "没有要修改的内容")
    refused(wbz("resource", "edit", "R9", "--name", "x"), "找不到资源 R000009")
    refused(wbz("resource", "void", "X12", "--reason", "x"), "不是资源的编号")
    assert dump(db_path) == before

    ok(wbz("resource", "unvoid", "R000002"))
    assert lawyers(wbz) == 2
    history = ok(wbz("history", "资源", "R000002", "-f", "json")).json()
    assert [h["action"] for h in history] == ["insert", "void", "unvoid"]
    shown = ok(wbz("history", "resource", "R000001")).stdout
    assert "电话: （空） → 138****5678" in shown  # masked, as on every screen
