"""The care record's command groups: resource, service, subsidy, activity, assess,
care-agreement and plan. ``register(app)`` adds them all."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from wbz_cli.cli import activity, assess, care_agreement, plan, resource, service, subsidy

    for module in (resource, service, subsidy, activity, assess, care_agreement, plan):
        module.register(app)
