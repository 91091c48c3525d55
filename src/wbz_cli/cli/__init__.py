"""The Typer layer: parse options, call a service, render the result. Nothing else.

Command modules import services inside their functions so that ``wbz --help`` and the
listings start without pydantic, rich, openpyxl or calamine.
"""
