"""wbz service list shows the project a service belongs to (``service add --project``): JSON
and CSV key ``project`` (the project's code, null/empty when none), table column 项目 with
the project's name; ``service add -f json`` prints the same row."""

from __future__ import annotations

import csv
import io

from tests.cli.care_records import child_on_file, ok
from tests.conftest import Invoke


def with_a_project(station: Invoke) -> str:
    child = child_on_file(station)
    ok(station("resource", "add", "--kind", "organization", "--name", "阳光社工",
               "--on", "2026-01-01"))  # fmt: skip
    ok(station("project", "add", "--name", "童心守护", "--org", "R000001", "--budget", "50000",
               "--from", "2026-01-01", "--to", "2026-12-31"))  # fmt: skip
    added = ok(station("service", "add", child, "--type", "medical", "--on", "2026-11-02",
                       "--project", "X000001", "-f", "json")).json()  # fmt: skip
    assert added["project"] == "X000001"
    ok(station("service", "add", child, "--type", "legal", "--on", "2026-11-03"))
    return child


def test_json_names_the_project_by_code_or_null(station: Invoke) -> None:
    with_a_project(station)
    rows = station("service", "list", "--format", "json").json()
    assert [(r["type"], r["project"]) for r in rows] == [("medical", "X000001"), ("legal", None)]


def test_csv_has_a_project_column(station: Invoke) -> None:
    with_a_project(station)
    out = ok(station("service", "list", "--format", "csv")).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["type"], r["project"]) for r in rows] == [("medical", "X000001"), ("legal", "")]


def test_the_table_shows_the_projects_name(station: Invoke) -> None:
    with_a_project(station)
    out = ok(station("service", "list")).stdout
    assert "项目" in out
    [medical] = [line for line in out.splitlines() if "助医" in line]
    assert "童心守护" in medical and "X000001" not in out
    [legal] = [line for line in out.splitlines() if "法律援助" in line]
    assert "童心守护" not in legal
