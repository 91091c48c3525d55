"""The root command: global options, the application object, and turning errors into one line."""

import gc
import os
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from wbz_cli.cli import apply as apply_cli
from wbz_cli.cli import (
    attachments,
    audit,
    backup,
    care,
    cases,
    categories,
    children,
    district,
    doctor,
    due,
    duplicates,
    give,
    history,
    household,
    init,
    match,
    privacy,
    project,
    refer,
    report,
    report_explain,
    roster,
    visits,
)
from wbz_cli.cli import pair as pair_cli
from wbz_cli.cli import placement as placement_cli
from wbz_cli.cli import screen as screen_cli
from wbz_cli.cli.context import AppContext, default_operator
from wbz_cli.cli.usage_errors import ARGV_KEY, in_chinese
from wbz_cli.domain.errors import WbzError


class WbzGroup(TyperGroup):
    """Every command runs inside this: our errors become one Chinese line and exit code 1;
    click's usage errors one Chinese line and a suggestion, exit code 2 (``usage_errors``)."""

    def __init__(self, **attrs: Any) -> None:
        """typer builds the whole command tree before this group: its date options refuse an
        empty value (``empty_dates``). Examples and argument descriptions (``help_examples``)
        are added when help is asked for or a usage error is shown; enum values and codes for
        completion (``completion``) when the shell asks."""
        from wbz_cli.cli.empty_dates import refuse_empty_dates
        from wbz_cli.cli.help_chinese import in_chinese_help, tree
        from wbz_cli.cli.help_examples import walk

        super().__init__(**attrs)
        refuse_empty_dates(walk(self))
        in_chinese_help(tree(self))  # help pages in Chinese (help_chinese)

    def get_params(self, ctx: Any) -> list[click.Parameter]:
        from wbz_cli.cli.completion import completion_options_in_chinese

        return completion_options_in_chinese(super().get_params(ctx))

    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: str | None = None
    ) -> None:
        from wbz_cli.cli.completion import run_completion

        var = complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()
        run_completion(self, ctx_args, prog_name, var)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Arguments that are not valid UTF-8 are refused before any command reads them."""
        from wbz_cli.cli.arguments import undecodable_argument, undecodable_message
        from wbz_cli.cli.terminal import error

        bad = undecodable_argument(args)
        if bad is not None:
            error(undecodable_message(bad))
            raise typer.Exit(1)
        ctx.meta[ARGV_KEY] = list(args)
        if any(arg in ("-h", "--help") for arg in args):
            from wbz_cli.cli.help_examples import describe

            describe(self)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise in_chinese(exc, args) from None

    def invoke(self, ctx: Any) -> Any:
        from wbz_cli.cli.terminal import error

        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise in_chinese(exc, ctx.meta.get(ARGV_KEY, ())) from None
        except WbzError as exc:
            error(exc.message)
            raise typer.Exit(1) from None
        except click.exceptions.Abort:
            sys.stderr.write("\n")  # the prompt that was cut short has no line end
            error("已取消，没有做任何修改")
            raise typer.Exit(1) from None
        except sqlite3.DatabaseError as exc:
            from wbz_cli.store.sqlite_file import explain_sqlite_error

            obj = ctx.obj
            error(explain_sqlite_error(exc, obj.db_path if obj else ""))
            raise typer.Exit(1) from None
        except BrokenPipeError:
            # The reader (head, less) stopped reading: nothing went wrong, stop quietly with
            # the status of a program ended by SIGPIPE, as other command-line tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(141) from None
        except OSError as exc:
            if exc.errno is None:
                raise
            error(f"文件操作失败：{exc.strerror}（{exc.filename or ''}），本次操作未完成")
            raise typer.Exit(1) from None
        finally:
            if isinstance(ctx.obj, AppContext):
                ctx.obj.close()


app = typer.Typer(
    cls=WbzGroup,
    name="wbz",
    help="未成年人保护工作站个案管理工具：儿童档案、走访、线索、服务、补贴和月报。",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def print_version(value: bool) -> None:
    """``wbz --version``: the installed package's version and the schema version it writes
    (the number of migrations, kept in the database file's ``user_version``)."""
    if not value:
        return
    from importlib.metadata import PackageNotFoundError, version

    from wbz_cli.store.migrations import available

    try:
        package = version("wbz-cli")
    except PackageNotFoundError:  # run from a source tree that was never installed
        package = "未安装"
    sys.stdout.write(f"wbz {package}（数据库结构版本 {len(available())}）\n")
    raise typer.Exit(0)


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Path, typer.Option("--db", envvar="WBZ_DB", help="数据库文件（环境变量 WBZ_DB）")
    ] = Path("wbz.db"),
    operator: Annotated[
        str | None,
        typer.Option(
            "--operator",
            envvar="WBZ_OPERATOR",
            help="操作人，写入审计日志（环境变量 WBZ_OPERATOR，默认当前系统用户）",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            is_eager=True,
            expose_value=False,
            callback=print_version,
            help="显示 wbz 的版本号和数据库结构版本，然后退出",
        ),
    ] = False,
    wide: Annotated[
        bool,
        typer.Option(
            "--wide",
            envvar="WBZ_WIDE",
            help="表格显示全部列，即使比终端宽（默认窄屏时省略次要的列并注明）",
        ),
    ] = False,
) -> None:
    from wbz_cli.cli.terminal import set_wide

    set_wide(wide)
    ctx.obj = AppContext(db_path=db, operator=(operator or "").strip() or default_operator())


init.register(app)
children.register(app)
household.register(app)
report.register(app)
report_explain.register(report.report_app)
refer.register(app)
care.register(app)
backup.register(app)
audit.register(app)
doctor.register(app)
privacy.register(app)
roster.register(app)
match.register(app)
duplicates.register(app)
visits.register(app)
due.register(app)
history.register(app)
categories.register(app)
cases.register(app)
placement_cli.register(app)
apply_cli.register(app)
pair_cli.register(app)
screen_cli.register(app)
attachments.register(app)
project.register(app)
give.register(app)
district.register(app)


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="wbz")
    except KeyboardInterrupt:
        sys.stderr.write("已中断，未完成的操作没有写入\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # a bug: say so without a traceback unless asked
        if os.environ.get("WBZ_DEBUG"):
            raise
        sys.stderr.write(
            f"错误：程序内部错误（{exc.__class__.__name__}），数据未被修改。"
            "请设置 WBZ_DEBUG=1 重试以查看详情，并报告此问题\n"
        )
        sys.exit(1)
    finally:
        # The process ends here. What is still alive (modules, caches such as the ID numbers
        # a 50,000-row list has checked) is left to the operating system, instead of being
        # walked once more by Python's cycle collector while it shuts down: 30 ms for any
        # command, 0.1 s after ``wbz match``.
        gc.freeze()
