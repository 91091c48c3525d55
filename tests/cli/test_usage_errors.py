"""click's usage errors in Chinese: one line, one suggestion, exit code 2 (CLI.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import Result


def _run(*args: str) -> Result:
    """``wbz ARGS`` as typed, without the fixture's leading --db."""
    from typer.testing import CliRunner

    from wbz_cli.cli.app import app

    result = CliRunner().invoke(app, list(args))
    return Result(result.exit_code, result.stdout, result.stderr)


@pytest.mark.parametrize(
    ("args", "line", "hint"),
    [
        # an unknown command: one suggestion, not click's list printed twice
        (("regist",), "错误：wbz 没有命令“regist”", "提示：是不是 wbz register？"),
        (("visit", "lst"), "错误：wbz visit 没有子命令“lst”", "提示：是不是 wbz visit list？"),
        (
            ("children", "--comunity", "红星村"),
            "错误：wbz children 没有选项 --comunity",
            "提示：是不是 --community？",
        ),
        # a global option after the command: where it goes, on the user's own command line
        (
            ("children", "--db", "demo.db", "--format", "json"),
            "错误：wbz children 没有选项 --db",
            "提示：--db 是 wbz 的全局选项，要写在命令之前：wbz --db demo.db children --format json",
        ),
        (
            ("due", "--operator=张三"),
            "错误：wbz due 没有选项 --operator",
            "wbz --operator=张三 due",
        ),
        # a missing argument is named, described, and an example given
        (("show",), "错误：wbz show 缺少参数 CHILD（儿童编号", "提示：例如：wbz show C000001"),
        (("visit", "add", "C000001"), "错误：wbz visit add 缺少选项 --mode（走访方式", "例如："),
        # bad values: what is wrong and what is allowed
        (
            ("due", "--within", "八"),
            "错误：--within 的值“八”不是整数，请填写阿拉伯数字（如 30）",
            "提示：运行 wbz due --help 查看用法",
        ),
        (("audit", "--limit", "0"), "错误：--limit 的值 0 超出范围：只能填 1 到 1000000", "--help"),
        (
            ("children", "--format", "xml"),
            "错误：--format 的值“xml”无效，可选：table、json、csv",
            "提示：运行 wbz children --help",
        ),
        (("show", "C000001", "C000002"), "错误：多余的参数：C000002", "wbz show --help"),
        (("--db",), "错误：选项 --db 后面缺少要填的值", "--help"),
        (("children", "--reveal=yes"), "错误：选项 --reveal 是开关，不带值", "--help"),
    ],
)
def test_usage_error_is_one_chinese_line_and_one_suggestion(
    args: tuple[str, ...], line: str, hint: str
) -> None:
    result = _run(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith(line), result.stderr
    assert lines[1].startswith("提示：") and hint in lines[1], result.stderr
    assert "restore" not in result.stderr  # the one suggestion, not every close match
    for english in ("Error", "Usage", "Try ", "Traceback", "Did you mean"):
        assert english not in result.stderr


def test_version_prints_package_and_schema_version() -> None:
    from importlib.metadata import version

    from wbz_cli.store.migrations import available

    result = _run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"wbz {version('wbz-cli')}（数据库结构版本 {len(available())}）\n"
    assert not Path("wbz.db").exists()  # nothing opened or created
