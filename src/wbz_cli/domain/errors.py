"""The project's own exceptions. The CLI turns each into one Chinese line and exit code 1."""

from __future__ import annotations


class WbzError(Exception):
    """A refusal the user can act on. ``str(err)`` is the Chinese message shown to them."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(WbzError):
    """A value the user typed or a file holds is malformed."""


class RuleViolation(WbzError):
    """Well-formed input that a rule of the station's work refuses."""


class NotFound(WbzError):
    """A code or number that names nothing on file."""


class Conflict(WbzError):
    """The record already exists (e.g. the same ID number twice)."""
