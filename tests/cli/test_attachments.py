"""wbz attach / attachments / attachment export: scanned files kept inside the database,
checked by content, listed in ``wbz show``, kept in backups, gone from the file after a purge."""

from __future__ import annotations

import io
import json
import sqlite3
import stat
import zipfile
from pathlib import Path

from tests.conftest import Invoke, make_id

CHILD = make_id("2015-06-01", 11)
OTHER = make_id("2014-03-02", 13)
#: Text inside the scanned consent form that must not survive a purge.
SECRET = b"CONSENT-SIGNED-BY-WANG-DASHAN-0042"
PDF = b"%PDF-1.4\n" + SECRET + b"\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"photo of the home visit" * 20
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>研讨纪要</w:document>")
    return buffer.getvalue()


def seeded(station: Invoke, tmp_path: Path) -> Invoke:
    steps = [
        ["register", "--name", "王小明", "--id-number", CHILD, "-c", "留守儿童",
         "--on", "2026-10-01"],
        ["register", "--name", "李小红", "--id-number", OTHER, "-c", "other", "--on", "2026-10-01"],
        ["visit", "add", "C000001", "--mode", "home", "--on", "2026-11-10"],
        ["refer", "add", "C000001", "--type", "schooling", "--source", "school",
         "--summary", "长期缺课", "--on", "2026-11-11"],
    ]  # fmt: skip
    for args in steps:
        result = station(*args)
        assert result.exit_code == 0, (args, result.stderr)
    (tmp_path / "同意书.pdf").write_bytes(PDF)
    (tmp_path / "home.jpg").write_bytes(JPEG)
    (tmp_path / "纪要.docx").write_bytes(docx_bytes())
    return station


def attach(station: Invoke, *args: str) -> dict:
    result = station("attach", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    [row] = result.json()
    return row


def test_a_file_is_kept_with_its_checksum_and_listed_without_its_bytes(
    station: Invoke, tmp_path: Path
) -> None:
    seeded(station, tmp_path)
    row = attach(station, "C000001", "同意书.pdf", "--kind", "consent")
    assert row["child"] == "C000001" and row["file_type"] == "pdf" and row["size"] == len(PDF)
    import hashlib

    assert row["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert attach(station, "visit:1", "home.jpg", "--kind", "photo")["record"] == "visit:1"
    assert attach(station, "L000001", "纪要.docx", "--kind", "minutes")["record"] == "L000001"
    listed = station("attachments", "C000001", "--format", "json").json()
    assert [a["kind"] for a in listed] == ["consent", "photo", "minutes"]
    assert SECRET.decode() not in station("attachments", "--format", "json").stdout
    table = station("attachments").stdout
    assert "知情同意书" in table and "同意书.pdf" in table and "visit:1" in table
    csv_lines = station("attachments", "--format", "csv").stdout.splitlines()
    assert csv_lines[0].startswith("id,added_on,child,name,record,kind,file_name")


def test_show_lists_the_attachments_in_table_and_json(station: Invoke, tmp_path: Path) -> None:
    seeded(station, tmp_path)
    attach(station, "C000001", "同意书.pdf", "--kind", "consent")
    shown = station("show", "C000001", "--format", "json").json()
    [a] = shown["attachments"]
    assert set(a) == {"id", "kind", "name", "record", "file_type", "size", "sha256", "added_on"}
    assert a["name"] == "同意书.pdf" and a["added_on"] == "2026-11-24"
    table = station("show", "C000001").stdout
    assert "附件" in table and "同意书.pdf" in table
    assert station("show", "C000002", "--format", "json").json()["attachments"] == []


def test_the_content_decides_the_type_not_the_name(station: Invoke, tmp_path: Path) -> None:
    seeded(station, tmp_path)
    (tmp_path / "假照片.jpg").write_bytes(PDF)  # a PDF named as a picture
    result = station("attach", "C000001", "假照片.jpg", "--kind", "photo")
    assert result.exit_code == 1
    assert "扩展名与内容不符" in result.stderr and "PDF" in result.stderr
    (tmp_path / "病毒.pdf").write_bytes(b"MZ\x90\x00 not a pdf")
    result = station("attach", "C000001", "病毒.pdf", "--kind", "other")
    assert result.exit_code == 1 and "不是可接受的格式" in result.stderr
    (tmp_path / "pic.png").write_bytes(PNG)
    assert station("attach", "C000001", "pic.png", "--kind", "photo").exit_code == 0
    assert len(station("attachments", "--format", "json").json()) == 1


def test_a_file_over_the_size_limit_is_refused_with_its_size(
    station: Invoke, tmp_path: Path
) -> None:
    seeded(station, tmp_path)
    big = tmp_path / "扫描.pdf"
    with big.open("wb") as f:
        f.write(b"%PDF-1.4\n")
        f.truncate(21 * 1024 * 1024)
    result = station("attach", "C000001", str(big), "--kind", "consent")
    assert result.exit_code == 1
    assert "21.0 MB" in result.stderr and "20 MB" in result.stderr and "未保存" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_targets_are_refused_in_one_line(station: Invoke, tmp_path: Path) -> None:
    seeded(station, tmp_path)
    for target, words in (("visit:99", "visit:12"), ("C000009", "C000009"),
                          ("P000001", "服务计划")):  # fmt: skip
        result = station("attach", target, "同意书.pdf", "--kind", "consent")
        assert result.exit_code == 1 and words in result.stderr, (target, result.stderr)
    result = station("attach", "C000001", "同意书.pdf", "--kind", "passport")
    assert result.exit_code != 0
    attach(station, "C000001", "同意书.pdf", "--kind", "consent")
    twin = station("attach", "C000001", "同意书.pdf", "--kind", "consent")
    assert twin.exit_code == 1 and "内容相同" in twin.stderr


def test_export_writes_the_same_bytes_owner_only_and_is_audited(
    station: Invoke, tmp_path: Path, db_path: Path
) -> None:
    seeded(station, tmp_path)
    attach(station, "C000001", "同意书.pdf", "--kind", "consent")
    out = tmp_path / "exported.pdf"
    result = station("attachment", "export", "1", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == PDF
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    again = station("attachment", "export", "1", "--out", str(out))
    assert again.exit_code == 1 and "--force" in again.stderr
    assert station("attachment", "export", "1", "--out", str(out), "--force").exit_code == 0
    refused = station("attachment", "export", "1", "--out", str(db_path))
    assert refused.exit_code == 1 and "数据库" in refused.stderr
    wrong = station("attachment", "export", "1", "--out", str(tmp_path / "x.png"))
    assert wrong.exit_code == 1 and ".pdf" in wrong.stderr
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "SELECT record_key, after FROM audit_log WHERE action = 'export'"
        " AND record_type = 'attachment'"
    ).fetchall()
    conn.close()
    assert len(rows) == 2 and rows[0][0] == "C000001/1"
    assert json.loads(rows[0][1])["file"].endswith("exported.pdf")


def test_void_edit_and_unvoid_follow_the_other_records(station: Invoke, tmp_path: Path) -> None:
    seeded(station, tmp_path)
    attach(station, "C000001", "同意书.pdf", "--kind", "consent")
    edited = station("attachment", "edit", "1", "--kind", "agreement", "--record", "visit:1")
    assert edited.exit_code == 0, edited.stderr
    [row] = station("attachments", "--format", "json").json()
    assert row["kind"] == "agreement" and row["record"] == "visit:1"
    wrong = station("attachment", "edit", "1", "--name", "同意书.jpg")
    assert wrong.exit_code == 1 and ".pdf" in wrong.stderr
    assert station("attachment", "void", "1", "--reason", "附错了儿童").exit_code == 0
    assert station("attachments", "--format", "json").json() == []
    assert station("show", "C000001", "--format", "json").json()["attachments"] == []
    voided = station("attachments", "--all", "--format", "json").json()
    assert voided[0]["voided"] is True and voided[0]["void_reason"] == "附错了儿童"
    refused = station("attachment", "export", "1", "--out", str(tmp_path / "a.pdf"))
    assert refused.exit_code == 1 and "unvoid" in refused.stderr
    assert station("attachment", "unvoid", "1").exit_code == 0
    assert len(station("attachments", "--format", "json").json()) == 1
    history = station("history", "attachment", "1").stdout
    assert "作废" in history


def test_backups_hold_the_files(station: Invoke, tmp_path: Path) -> None:
    seeded(station, tmp_path)
    attach(station, "C000001", "同意书.pdf", "--kind", "consent")
    backup = tmp_path / "copy.db"
    assert station("backup", str(backup)).exit_code == 0
    conn = sqlite3.connect(backup)
    [(content,)] = conn.execute("SELECT content FROM attachments").fetchall()
    conn.close()
    assert bytes(content) == PDF


def test_purge_removes_the_childs_files_from_the_file_bytes(
    station: Invoke, tmp_path: Path, db_path: Path
) -> None:
    seeded(station, tmp_path)
    attach(station, "C000001", "同意书.pdf", "--kind", "consent")
    attach(station, "visit:1", "home.jpg", "--kind", "photo")
    (tmp_path / "kept.pdf").write_bytes(b"%PDF-1.4 KEEP-THIS-ONE %%EOF")
    attach(station, "C000002", "kept.pdf", "--kind", "other")
    assert station("close", "C000001", "--reason", "moved", "--on", "2026-11-20").exit_code == 0
    result = station("purge", "--closed-before", "2026-11-24", "--yes")
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = db_path.read_bytes()
    wal = Path(f"{db_path}-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    assert SECRET not in raw
    assert b"photo of the home visit" not in raw
    assert "同意书.pdf".encode() not in raw
    assert b"KEEP-THIS-ONE" in raw
    assert [a["child"] for a in station("attachments", "--format", "json").json()] == ["C000002"]
