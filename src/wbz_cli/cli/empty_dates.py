"""An empty date or month option (``--on ''``) is refused, instead of silently meaning its
default (today, this month, no limit): a script that builds ``--on "$DAY"`` from an empty
variable must not record a visit today. Applied to the whole command tree by ``WbzGroup``.

``care-agreement edit --valid-until ''`` is not here: there an empty value clears the end date.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from wbz_cli.domain.errors import InvalidInput

#: Options that take a date (YYYY-MM-DD) or, for ``--month`` and ``subsidy rate set --from``, a
#: month (YYYY-MM). ``--from``/``--to`` count when their help speaks of a date or month
#: (``refer add --to`` names an agency).
DATE_OPTIONS = frozenset(
    {"--on", "--as-of", "--month", "--closed-before", "--case-start", "--registered-on",
     "--review-on", "--next-review", "--signed-on", "--starts-on", "--follow-up-by"}
)  # fmt: skip
RANGE_OPTIONS = frozenset({"--from", "--to"})


def is_date_option(param: click.Parameter) -> bool:
    if not isinstance(param, click.Option) or param.is_flag:
        return False
    name = max(param.opts, key=len)
    if name in RANGE_OPTIONS:
        text = param.help or ""
        return "日期" in text or "YYYY" in text
    return name in DATE_OPTIONS


def refuse_empty_dates(commands: list[tuple[str, click.Command]]) -> None:
    """Make every date option of ``commands`` refuse an empty value with a one-line message."""
    for _path, command in commands:
        for param in command.params:
            if is_date_option(param):
                param.callback = _refusing_empty(param.callback)


def _refusing_empty(
    then: Callable[[click.Context, click.Parameter, Any], Any] | None,
) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            name = max(param.opts, key=len)
            form = (
                "YYYY-MM"
                if "YYYY-MM-DD" not in (param.help or "")
                and (name == "--month" or "YYYY-MM" in (param.help or ""))
                else "YYYY-MM-DD"
            )
            leave_out = "" if param.required else f"；不写 {name} 则用默认值"
            raise InvalidInput(f"{name} 的值为空：请按 {form} 填写{leave_out}")
        return then(ctx, param, value) if then is not None else value

    return callback
