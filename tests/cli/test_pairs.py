"""wbz pair: a child paired with a resource of the library from a day to a day — inside the
child's case, the same pair not twice over the same days, services naming their pairing, in
``wbz show``, voidable, kept by backups and anonymised by purge."""

from __future__ import annotations

from pathlib import Path

from tests.cli.care_records import GIRL, child_on_file, file_text, ok, refused
from tests.conftest import Invoke


def volunteer(station: Invoke, name: str = "李志愿") -> str:
    return ok(station("resource", "add", "--kind", "volunteer", "--name", name)).stdout.strip()


def test_a_pairing_is_listed_shown_and_ended(station: Invoke) -> None:
    child = child_on_file(station)
    helper = volunteer(station)
    ok(station("pair", "add", child, "--resource", helper, "--from", "2026-10-01",
               "--notes", "每周课业辅导"))  # fmt: skip
    rows = station("pair", "list", "--format", "json").json()
    assert rows == [{"id": 1, "child": child, "name": "王小明", "resource": helper,
                     "resource_kind": "volunteer", "resource_name": "李志愿",
                     "started_on": "2026-10-01", "ended_on": None,
                     "notes": "每周课业辅导"}]  # fmt: skip
    assert station("show", child, "--format", "json").json()["pairs"][0]["resource"] == helper
    assert "结对帮扶" in station("show", child).stdout
    assert len(station("pair", "list", "--active", "--format", "json").json()) == 1
    ok(station("pair", "end", "1", "--on", "2026-11-10"))
    assert station("pair", "list", "--active", "--format", "json").json() == []
    refused(station("pair", "end", "1"), "已于 2026-11-10 结束")


def test_the_checks_of_a_pairing(station: Invoke) -> None:
    child = child_on_file(station, on="2026-03-01")
    helper = volunteer(station)
    refused(station("pair", "add", child, "--resource", helper, "--from", "2026-02-01"), "不在册")
    refused(station("pair", "add", child, "--resource", "R000009"), "找不到资源")
    refused(station("pair", "add", child, "--resource", helper, "--from", "2026-11-25"),
            "晚于今天")  # fmt: skip
    ok(station("pair", "add", child, "--resource", helper, "--from", "2026-04-01"))
    refused(station("pair", "add", child, "--resource", helper, "--from", "2026-10-01"), "重叠")
    other = volunteer(station, "王志愿")
    ok(station("pair", "add", child, "--resource", other, "--from", "2026-10-01"))
    refused(station("pair", "end", "1", "--on", "2026-03-31"), "早于开始日期")


def test_a_service_names_its_pairing(station: Invoke) -> None:
    child = child_on_file(station)
    other = child_on_file(station, id_number=GIRL)
    helper = volunteer(station)
    ok(station("pair", "add", child, "--resource", helper, "--from", "2026-10-01",
               "--to", "2026-10-31"))  # fmt: skip
    added = ok(station("service", "add", child, "--type", "education", "--on", "2026-10-05",
                       "--pair", "1", "--format", "json"))  # fmt: skip
    assert added.json()["pair"] == 1
    refused(station("service", "add", child, "--type", "education", "--on", "2026-11-05",
                    "--pair", "1"), "不在结对期间")  # fmt: skip
    refused(station("service", "add", other, "--type", "education", "--on", "2026-10-05",
                    "--pair", "1"), "不是这名儿童")  # fmt: skip
    assert [r["pair"] for r in station("service", "list", "--format", "json").json()] == [1]


def test_void_backup_and_purge(station: Invoke, db_path: Path, tmp_path: Path) -> None:
    child = child_on_file(station, on="2025-01-10")
    helper = volunteer(station)
    ok(station("pair", "add", child, "--resource", helper, "--from", "2025-02-01",
               "--notes", "王小明怕黑"))  # fmt: skip
    ok(station("pair", "void", "1", "--reason", "重复录入"))
    assert station("pair", "list", "--format", "json").json() == []
    ok(station("pair", "unvoid", "1"))
    ok(station("pair", "edit", "1", "--to", "2025-06-30"))
    ok(station("backup", str(tmp_path / "copy.db")))
    copy = station("--db", str(tmp_path / "copy.db"), "pair", "list", "--format", "json").json()
    assert [r["ended_on"] for r in copy] == ["2025-06-30"]
    ok(station("close", child, "--reason", "moved", "--on", "2025-09-15"))
    ok(station("purge", "--closed-before", "2026-01-01", "--yes"))
    assert "王小明怕黑" not in file_text(db_path)
    assert station("pair", "list", "--format", "json").json()[0]["started_on"] == "2025-02-01"
