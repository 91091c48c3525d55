"""Filling a bureau's template: a typo is reported at the cell the user typed it in, the
leads linked to no child get a row of the communities only when asked for, and every list the
report has can be repeated over with ``{{#each}}``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from tests.conftest import Invoke, Result

MONTH = ("report", "monthly", "--month", "2026-10")
UNLINKED = "（未关联儿童）"


def template(path: Path, rows: list[list[Any]], title: str = "走访情况") -> Path:
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def fill(wbz: Invoke, source: Path, out: Path, *extra: str) -> Result:
    return wbz(*MONTH, "--template", source, "--out", out, *extra)


def rows_of(path: Path) -> list[tuple[Any, ...]]:
    return list(load_workbook(path).active.iter_rows(values_only=True))


def report_json(wbz: Invoke, *extra: str) -> dict[str, Any]:
    result = wbz(*MONTH, "-f", "json", *extra)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = result.json()
    return data


def test_a_typo_below_a_list_is_named_at_its_cell_in_the_template(
    october: Invoke, tmp_path: Path
) -> None:
    rows: list[list[Any]] = [
        ["走访情况"],
        ["编号", "姓名"],
        ["", ""],
        ["{{#each children}}{{code}}", "{{name}}{{/each}}"],
        [""],
        ["走访", "{{visits.totl}}"],
    ]
    source = template(tmp_path / "模板.xlsx", rows)
    out = tmp_path / "填报.xlsx"
    result = fill(october, source, out)
    assert result.exit_code == 1
    # Six children fill rows 4 to 9: the typo would be at B11 of the filled sheet.
    assert "走访情况!B6" in result.stderr and "{{visits.totl}}" in result.stderr
    assert "visits.total" in result.stderr  # the name nearest to the typo
    assert "METRICS.md" not in result.stderr and not out.exists()


def test_a_typo_in_a_list_row_is_named_at_that_row(october: Invoke, tmp_path: Path) -> None:
    rows = [["{{#each children}}{{code}}", "{{nmae}}{{/each}}"], ["合计", "{{children.actve}}"]]
    result = fill(october, template(tmp_path / "模板.xlsx", rows), tmp_path / "填报.xlsx")
    assert result.exit_code == 1
    assert "走访情况!B1" in result.stderr and "{{nmae}}" in result.stderr
    assert "是不是：name" in result.stderr


def test_the_unlinked_leads_get_a_community_row_only_when_asked(
    october: Invoke, tmp_path: Path
) -> None:
    rows = [["{{#each community_figures}}{{name}}", "{{referrals.found}}{{/each}}"]]
    source = template(tmp_path / "社区.xlsx", rows)
    plain, asked = tmp_path / "默认.xlsx", tmp_path / "含未关联.xlsx"
    assert fill(october, source, plain).exit_code == 0
    assert fill(october, source, asked, "--include-unlinked").exit_code == 0
    assert [r[0] for r in rows_of(plain)] == ["乙社区", "甲社区"]
    groups = report_json(october, "--by", "community")["by_community"]
    assert {r[0]: r[1] for r in rows_of(asked)} == {
        name: figures["referrals"]["found"] for name, figures in groups.items()
    }
    assert UNLINKED in groups


def test_include_unlinked_without_a_template_is_refused(october: Invoke) -> None:
    result = october(*MONTH, "-f", "json", "--include-unlinked")
    assert result.exit_code == 1 and "--template" in result.stderr and result.stdout == ""


def _breakdowns(figures: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f"{section}.{key}": node
        for section, members in figures.items()
        if isinstance(members, dict)
        for key, node in members.items()
        if isinstance(node, dict)
    }


def test_every_breakdown_of_the_report_is_a_list_for_each(october: Invoke, tmp_path: Path) -> None:
    figures = report_json(october)
    lists = {**_breakdowns(figures), "subsidies.by_type": {}}
    for name, node in lists.items():
        source = template(tmp_path / "列表.xlsx", [[f"{{{{#each {name}}}}}{{{{key}}}}",
                                                   "{{label}}", "{{index}}{{/each}}"]])  # fmt: skip
        out = tmp_path / f"{name}.xlsx"
        result = fill(october, source, out)
        assert result.exit_code == 0, (name, result.stderr)
        rows = rows_of(out)
        assert [r[0] for r in rows] == list(node or [r[0] for r in rows]), name
        assert [r[2] for r in rows] == list(range(1, len(rows) + 1))
        assert all(r[1] and r[1] != r[0] for r in rows), (name, rows)  # a Chinese label
    values = [["{{#each children.by_category}}{{label}}", "{{value}}{{/each}}"]]
    out = tmp_path / "类别.xlsx"
    assert fill(october, template(tmp_path / "类别模板.xlsx", values), out).exit_code == 0
    assert dict(rows_of(out))["孤儿"] == figures["children"]["by_category"]["orphan"] == 1


def test_subsidies_by_type_and_the_trend_are_lists(october: Invoke, tmp_path: Path) -> None:
    rows = [
        ["{{#each subsidies.by_type}}{{label}}", "{{payments}}", "{{amount_yuan}}{{/each}}"],
        ["{{#each trend}}{{month}}", "{{visits}}", "{{leads}}{{/each}}"],
    ]
    out = tmp_path / "补贴.xlsx"
    assert fill(october, template(tmp_path / "模板.xlsx", rows), out).exit_code == 0
    filled = rows_of(out)
    by_type = {r[0]: (r[1], r[2]) for r in filled[:7]}
    payments, amount = by_type["孤儿基本生活费"]
    assert (payments, Decimal(str(amount))) == (1, Decimal("1200.50"))  # a number, not text
    trend = {r[0]: (r[1], r[2]) for r in filled[7:]}
    assert list(trend)[-1] == "2026-10" and len(trend) == 12
    assert trend["2026-10"] == (3, 3)
