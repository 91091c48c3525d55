"""Pydantic models of what a user asks to record, validated field by field.

Each validator calls the pure rules of this package, so a message is the same whether it
comes from ``wbz register`` or a roster row. ``validate_input`` turns pydantic's errors into
one InvalidInput whose lines each name a field in Chinese.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from wbz_cli.domain.children import check_name, normalise_phone, normalise_text
from wbz_cli.domain.dates import parse_date
from wbz_cli.domain.enums import (
    Category,
    DifficultSubtype,
    GuardianSituation,
    IncomeStatus,
    Risk,
)
from wbz_cli.domain.errors import InvalidInput, WbzError
from wbz_cli.domain.idnumber import IdInfo, parse_id_number
from wbz_cli.domain.labels import FIELD_LABELS

M = TypeVar("M", bound=BaseModel)


def validate_input(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else ""
            label = FIELD_LABELS.get(field, field)
            ctx_error = (err.get("ctx") or {}).get("error")
            message = str(ctx_error) if ctx_error is not None else err["msg"]
            lines.append(f"{label}：{message}" if label else message)
        raise InvalidInput("；".join(lines)) from None


def _wrap(func: Any, value: Any) -> Any:
    """Run a domain check; pydantic needs ValueError, ours carry the Chinese text."""
    try:
        return func(value)
    except WbzError as exc:
        raise ValueError(exc) from None


class ChildInput(BaseModel):
    """A child to register (``wbz register``) or a valid roster row."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    name: str
    id_number: IdInfo
    categories: tuple[Category, ...]
    subtype: DifficultSubtype | None = None
    community: str | None = None
    worker: str | None = None
    risk: Risk | None = None
    guardian: str | None = None
    relation: str | None = None
    guardian_phone: str | None = None
    guardian_situation: GuardianSituation | None = None
    address: str | None = None
    income_status: IncomeStatus | None = None
    household: str | None = None
    on: date

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v: Any) -> str:
        return _wrap(check_name, v)

    @field_validator("id_number", mode="before")
    @classmethod
    def _id(cls, v: Any) -> IdInfo:
        return _wrap(parse_id_number, v)

    @field_validator("categories", mode="before")
    @classmethod
    def _categories(cls, v: Any) -> tuple[Category, ...]:
        items = [v] if isinstance(v, str) else list(v or [])
        parsed: list[Category] = []
        for item in items:
            cat = _wrap(Category.parse, item)
            if cat not in parsed:
                parsed.append(cat)
        if not parsed:
            raise ValueError(InvalidInput(f"至少需要一个类别，可选：{Category.choices_text()}"))
        return tuple(parsed)

    @field_validator("subtype", mode="before")
    @classmethod
    def _subtype(cls, v: Any) -> DifficultSubtype | None:
        return None if v in (None, "") else _wrap(DifficultSubtype.parse, v)

    @field_validator("risk", mode="before")
    @classmethod
    def _risk(cls, v: Any) -> Risk | None:
        return None if v in (None, "") else _wrap(Risk.parse, v)

    @field_validator("guardian_situation", mode="before")
    @classmethod
    def _situation(cls, v: Any) -> GuardianSituation | None:
        return None if v in (None, "") else _wrap(GuardianSituation.parse, v)

    @field_validator("income_status", mode="before")
    @classmethod
    def _income(cls, v: Any) -> IncomeStatus | None:
        return None if v in (None, "") else _wrap(IncomeStatus.parse, v)

    @field_validator("guardian_phone", mode="before")
    @classmethod
    def _phone(cls, v: Any) -> str | None:
        return _wrap(normalise_phone, v)

    @field_validator("guardian", mode="before")
    @classmethod
    def _guardian(cls, v: Any) -> str | None:
        return None if v in (None, "") else _wrap(check_name, v)

    @field_validator("community", "worker", "relation", "address", "household", mode="before")
    @classmethod
    def _text(cls, v: Any) -> str | None:
        text = _wrap(normalise_text, v)
        return text or None

    @field_validator("on", mode="before")
    @classmethod
    def _on(cls, v: Any) -> date:
        return _wrap(lambda x: parse_date(x, "登记日期"), v)
