"""``wbz report keys`` and the one key table it prints: the same keys, labels and definitions
as METRICS.md (read from the specification beside the repository), and the same keys as a
report's JSON."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from tests.conftest import Invoke

from wbz_cli.domain.metrics import flatten
from wbz_cli.domain.report_keys import CARE_RECORDS, FIRST_WAVE, REPORT_KEYS, SECOND_WAVE
from wbz_cli.domain.vocab import SubsidyType

REPO = Path(__file__).resolve().parents[2]
METRICS = REPO.parent / "shared" / "docs" / "METRICS.md"
#: The METRICS.md tables the package's table covers whole, with its part for each.
COVERED = {
    "# The monthly report's figures": FIRST_WAVE,
    "## Added (second wave)": SECOND_WAVE,
    "## Added with the screening, pairing, project, placement, application and gift records": (
        CARE_RECORDS
    ),
}
#: The head of a key table (METRICS.md's, or a copy of one in the repository's docs/).
KEY_TABLE_HEAD = "| key | label | definition |"


def metrics_tables(path: Path = METRICS) -> dict[str, list[tuple[str, str, str]]]:
    """{heading: [(key, label, definition)]} of every key table of METRICS.md (or ``path``)."""
    if not path.exists():
        pytest.skip(f"没有找到规格说明 {path}（仓库旁的 shared/docs）")
    tables: dict[str, list[tuple[str, str, str]]] = {}
    heading = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            heading = line.strip()
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if "|" in line else []
        if len(cells) != 3 or cells[0] == "key" or set(cells[0]) <= {"-"}:
            continue
        tables.setdefault(heading, []).append((cells[0], cells[1], cells[2]))
    return tables


@pytest.mark.parametrize("heading", list(COVERED))
def test_the_key_table_is_metrics_tables_row_for_row(heading: str) -> None:
    documented = metrics_tables()[heading]
    assert [(k.key, k.label, k.definition) for k in COVERED[heading]] == documented


def test_every_key_table_of_metrics_is_covered() -> None:
    """A key table added to METRICS.md (a new record kind's keys) must join COVERED."""
    assert sorted(metrics_tables()) == sorted(COVERED)


def key_table_files() -> list[Path]:
    """METRICS.md and every copy of a key table under the repository's docs/."""
    docs = sorted((REPO / "docs").rglob("*.md"))
    copies = [p for p in docs if KEY_TABLE_HEAD in p.read_text(encoding="utf-8")]
    return [METRICS, *copies]


@pytest.mark.parametrize("path", key_table_files(), ids=lambda p: p.name)
def test_every_documented_key_is_a_report_key(path: Path) -> None:
    known = {entry.key for entry in REPORT_KEYS}
    documented = [row[0] for rows in metrics_tables(path).values() for row in rows]
    assert documented
    assert [key for key in documented if key not in known] == []


def test_every_key_of_the_package_is_in_metrics_with_its_label_and_definition() -> None:
    """Keys appended later (new record kinds) must be documented as they are labelled."""
    documented = {row[0]: row for rows in metrics_tables().values() for row in rows}
    for entry in REPORT_KEYS:
        assert documented.get(entry.key) == (entry.key, entry.label, entry.definition)


def test_keys_lists_every_key_with_label_definition_and_placeholder(station: Invoke) -> None:
    result = station("report", "keys", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {row["key"]: row for row in result.json()}
    assert list(rows) == [k.key for k in REPORT_KEYS]
    paid = rows["subsidies.by_type.KEY.children"]
    assert paid["label"] == "分类型人数"
    assert paid["definition"] == "distinct children paid per type"
    assert paid["placeholder"] == "{{subsidies.by_type.KEY.children}}"
    assert paid["members"] == [t.value for t in SubsidyType]
    assert paid["station_only"] is False
    assert rows["activities.by_kind.KEY.count"]["station_only"] is True
    assert rows["care.agreement_rate"]["members"] == []


def test_expanded_keys_are_exactly_the_report_json_keys(station: Invoke) -> None:
    keys = station("report", "keys", "--expand", "--format", "json").json()
    expanded = [row["key"] for row in keys]
    report = station("report", "monthly", "--month", "2026-10", "--format", "json").json()
    # as_of is present once a period ends after today (another change of this stop)
    assert set(expanded) - {"as_of"} == {key for key, _ in flatten(report)} - {"as_of"}
    assert len(expanded) == len(set(expanded))
    by_key = {row["key"]: row for row in keys}
    assert by_key["children.new_by_source.roster"]["label"] == "新增来源·花名册导入"
    assert by_key["children.new_by_source.roster"]["placeholder"] == (
        "{{children.new_by_source.roster}}"
    )


def test_keys_as_csv_and_as_a_table(station: Invoke) -> None:
    text = station("report", "keys", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["key", "label", "definition", "placeholder", "members", "station_only"]
    by_key = {row[0]: row for row in rows[1:]}
    assert by_key["visits.by_mode.MODE"][4] == "home;phone;wechat;video;school;station"
    assert by_key["resources.by_kind.KEY"][5] == "1"
    table = station("report", "keys").stdout
    assert "协议签订率" in table and "计划逾期未复核" in table


def test_report_labels_come_from_the_key_table(station: Invoke) -> None:
    text = station("report", "monthly", "--month", "2026-10", "--format", "csv").stdout
    labels = {row[0]: row[1] for row in csv.reader(io.StringIO(text))}
    assert labels["subsidies.by_type.orphan.children"] == "分类型人数·孤儿基本生活费"
    assert labels["activities.by_kind.training.participants"] == "分类活动人次·培训"
    assert labels["plans.reviews_overdue"] == "计划逾期未复核"
    table = station("report", "monthly", "--month", "2026-10").stdout
    assert re.search(r"各类别覆盖儿童·农村留守儿童\s*│\s*0\s*│", table)
