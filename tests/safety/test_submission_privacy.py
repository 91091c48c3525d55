"""No name, ID number, phone or address of the station's people is anywhere in the submission
(报送包) a station emails to its district (issue 21): the file's bytes are searched as
written (compressed) and decompressed, with and without the district's key."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from tests.conftest import Invoke, make_id

from wbz_cli.domain import submission

KEY = bytes(range(32))

#: (child, ID number, guardian, guardian's phone, address, community)
PEOPLE = [
    ("王小明", make_id("2014-03-01", 1), "王建国", "13912345678", "华阳路101弄7号", "华阳居民区"),
    ("李思思", make_id("2012-05-02", 2), "李春花", "13800001111", "长宁路88号302室", "华阳居民区"),
    ("张伟", make_id("2015-07-03", 3), "张大山", "15900002222", "江苏路5号", "江苏居民区"),
    ("赵晓雪", make_id("2013-01-04", 4), "赵国强", "18600003333", "安西路12号", "江苏居民区"),
    ("陈阳", make_id("2011-02-05", 5), "陈美丽", "13500004444", "武夷路300号", "华阳居民区"),
]
GUARDIAN_ID = make_id("1985-06-15", 7)


@pytest.fixture
def people(station: Invoke) -> Invoke:
    categories = ["left_behind", "orphan", "difficult", "migrant", "disabled"]
    risks = ["red", "orange", "yellow", "green", "red"]
    for (name, number, guardian, phone, address, community), cat, risk in zip(
        PEOPLE, categories, risks, strict=True
    ):
        result = station(
            "register", "--name", name, "--id-number", number, "--category", cat,
            "--community", community, "--guardian", guardian, "--relation", "父亲",
            "--guardian-phone", phone, "--address", address, "--risk", risk,
            "--worker", "周主任", "--on", "2026-09-01",
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    result = station("visit", "add", "C000001", "--mode", "home", "--on", "2026-10-10",
                     "--notes", "王建国外出务工，电话13912345678")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return station


def secrets() -> list[str]:
    found = [GUARDIAN_ID]
    for name, number, guardian, phone, address, _ in PEOPLE:
        found += [name, number, number[:14], number[-8:], guardian, phone, phone[-8:], address]
    return found


@pytest.mark.parametrize("keyed", [True, False])
def test_no_name_id_phone_or_address_is_in_the_submissions_bytes(
    people: Invoke, tmp_path: Path, keyed: bool
) -> None:
    if keyed:
        key_file = tmp_path / "区县密钥.txt"
        key_file.write_text(submission.key_text(KEY, "长宁区"), encoding="utf-8")
        assert people("init", "--district-key", str(key_file)).exit_code == 0
    result = people("report", "monthly", "--month", "2026-10", "--format", "package",
                    "--out", "报送.wbzpkg")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    raw = Path("报送.wbzpkg").read_bytes()
    plain = gzip.decompress(raw)
    body = submission.unpack(raw, KEY if keyed else None)
    assert len(body["children"]) == (5 if keyed else 0)  # the list is there when keyed
    assert "华阳居民区" in body["by_community"]  # places are reported; people are not
    for secret in secrets():
        for encoded in (secret.encode("utf-8"), secret.encode("unicode_escape")):
            assert encoded not in raw, secret
            assert encoded not in plain, secret
    assert KEY.hex().encode() not in plain
