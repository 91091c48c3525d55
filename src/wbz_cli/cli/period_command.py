"""The report commands over a period (``report monthly|range``, ``district report
monthly|range``): the options naming the period, then the options every command of the group
takes, declared once for the group and spliced into each command's signature."""

from collections.abc import Callable
from datetime import date
from inspect import Parameter, Signature, signature
from typing import Any, TypeVar

import typer

Options = TypeVar("Options")  # what the group's options are gathered into

#: What a command of the group does: given the context, the period (from today's date; the
#: file to write is claimed before it is read) and the group's options.
Run = Callable[[typer.Context, Callable[[date], Any], Options], None]


def period_command(
    period_of: Callable[..., Any], options_of: Callable[..., Options], run: Run[Options]
) -> Callable[..., None]:
    """A command taking the options of ``period_of`` (all but its ``today``), which turn them
    into the period, then those of ``options_of``, which gathers the group's options into one
    value; its help is ``period_of``'s docstring."""
    own = [p for p in signature(period_of).parameters.values() if p.name != "today"]
    shared = list(signature(options_of).parameters.values())
    context = Parameter("ctx", Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)

    def command(ctx: typer.Context, **given: Any) -> None:
        options = options_of(**{p.name: given.pop(p.name) for p in shared})
        run(ctx, lambda today: period_of(**given, today=today), options)

    command.__name__ = period_of.__name__
    command.__doc__ = period_of.__doc__
    command.__signature__ = Signature([context, *own, *shared])  # type: ignore[attr-defined]
    return command
