"""The paper file (一人一档、一户一档) written by ``wbz show`` and ``wbz household show``:
``--template T.docx --out FILE`` fills a Word template with the whole file, ``--out X.docx``
alone the bundled one, and ``wbz show --all --out DIR`` every active child's, one file each.

Every file is claimed before any work (never the database, its journals or the template),
written owner-only, and logged in the audit as one export."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import click
import typer

from wbz_cli.domain.errors import InvalidInput

if TYPE_CHECKING:
    from wbz_cli.cli.context import AppContext
    from wbz_cli.sheets.output import Target

E = TypeVar("E", bound=Enum)

TemplateOpt = Annotated[
    Path | None,
    typer.Option(
        "--template",
        help="按 Word 模板（.docx）填写档案并写入 --out；只给 --out 档案.docx 时用自带模板"
        "（一人一档.docx，家庭用一户一档.docx）",
    ),
]
AllOpt = Annotated[
    bool,
    typer.Option(
        "--all",
        help="为每名在册儿童各写一份档案（<编号>-<姓名>.docx）到 --out 指定的已有文件夹",
    ),
]

#: The bundled templates, inside the package (copies of data/templates/, make_templates.py).
BUNDLED = Path(__file__).resolve().parent.parent / "data" / "templates"
CHILD_TEMPLATE = "一人一档.docx"
HOUSEHOLD_TEMPLATE = "一户一档.docx"


def wants_paper(out: Path | None, template: Path | None) -> bool:
    """Whether the command writes a paper file: a template given, or ``--out X.docx``."""
    return template is not None or (out is not None and out.suffix.lower() == ".docx")


def _check(ctx: click.Context, out: Path | None) -> None:
    if out is None:
        raise InvalidInput("按模板填写档案需要 --out 指定输出文件，例如 --out 档案.docx")
    source = ctx.get_parameter_source("fmt")
    if source not in (None, click.core.ParameterSource.DEFAULT):
        raise InvalidInput(
            "--format 不用于填写 Word 档案：写档案请去掉 --format，写 CSV 或 JSON 请用 "
            "--out X.csv 或 --out X.json"
        )


def _claim(actx: AppContext, out: Path, template: Path, force: bool) -> Target:
    return actx.output(out, ("docx",), force=force, template=template)


def _write(
    actx: AppContext, what: str, code: str, template: Path, target: Target,
    context: dict[str, Any], reveal: bool,
) -> None:  # fmt: skip
    from wbz_cli.services.audit import record_disclosure
    from wbz_cli.sheets.word_template import render

    render(template, context, target)
    details = {"file": str(target.path), "format": "docx", "template": template.name}
    record_disclosure(actx.store(), "export", what, [code], **details, reveal=reveal)


#: What each paper file is: its bundled template, its audit record type, what it is called.
PAPERS = {
    "child": (CHILD_TEMPLATE, "child_file", " {code} 的档案"),
    "household": (HOUSEHOLD_TEMPLATE, "household_file", "家庭 {code} 的档案"),
}


def write_one(
    ctx: click.Context, kind: str, key: str, template: Path | None, out: Path | None,
    force: bool, reveal: bool,
) -> None:  # fmt: skip
    """The paper file of a child or a household (``kind``), filled into ``template`` (the
    bundled one when None)."""
    from wbz_cli.cli.context import app_context
    from wbz_cli.cli.terminal import info
    from wbz_cli.services.paper_file import child_paper, household_paper

    _check(ctx, out)
    assert out is not None
    actx = app_context(ctx)  # type: ignore[arg-type]
    bundled, what, called = PAPERS[kind]
    template = template or BUNDLED / bundled
    target = _claim(actx, out, template, force)
    paper = child_paper if kind == "child" else household_paper
    context = paper(actx.store(), key, actx.today, reveal)
    code = context[kind]["code"]
    _write(actx, what, code, template, target, context, reveal)
    info(f"已按模板 {template.name} 写好{called.format(code=code)}：{target.path}")


def show_or_write(
    ctx: click.Context, kind: str, key: str, files: tuple[Path | None, Path | None, bool],
    fmt: E, reveal: bool, show: Callable[[E], None],
) -> None:  # fmt: skip
    """What ``wbz show`` and ``wbz household show`` do with ``files`` (``--template``,
    ``--out``, ``--force``): write the paper file, the CSV or JSON shown, or just show."""
    from wbz_cli.cli.list_out import list_file

    template, out, force = files
    if wants_paper(out, template):
        write_one(ctx, kind, key, template, out, force, reveal)
    elif out is not None:
        with list_file(out, fmt, force, reveal=reveal) as chosen:
            show(chosen)
    else:
        show(fmt)


def write_all(
    ctx: click.Context, key: str | None, template: Path | None, folder: Path | None,
    force: bool, reveal: bool,
) -> None:  # fmt: skip
    """Every active child's paper file into ``folder``: every file is claimed before the
    first is written, so a refusal writes none."""
    from wbz_cli.cli.context import app_context
    from wbz_cli.cli.terminal import info
    from wbz_cli.cli.usage_errors import ChineseUsageError
    from wbz_cli.services.paper_file import active_children, child_paper, file_name

    if key is not None:
        raise ChineseUsageError(
            "--all 与儿童编号不能同时给出",
            "写一名儿童的档案用 wbz show 编号 --out 档案.docx，写全部在册儿童的用 "
            "wbz show --all --out 文件夹",
            ctx,
        )
    if folder is None:
        raise InvalidInput("--all 需要 --out 指定存放档案的文件夹，例如 --all --out 档案")
    _check(ctx, folder)
    if not folder.is_dir():
        raise InvalidInput(
            f"{folder} 不是已有的文件夹：--all 的 --out 应是存放档案的文件夹，请先创建它"
        )
    actx = app_context(ctx)  # type: ignore[arg-type]
    template = template or BUNDLED / CHILD_TEMPLATE
    store = actx.store()
    children = active_children(store, actx.today)
    targets = [
        (code, _claim(actx, folder / file_name(code, name), template, force))
        for code, name in children
    ]
    for code, target in targets:
        context = child_paper(store, code, actx.today, reveal)
        _write(actx, "child_file", code, template, target, context, reveal)
    info(f"{len(targets)} 份档案已写入 {folder}")
