"""A subsidy payment as the services hand it to the CLI, with its amount in integer fen and
its type an enum, and the totals of a listing. ``as_row()`` gives the row ``wbz subsidy
list`` prints (the amount as yuan text, "1900.00", the same keys in the same order)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wbz_cli.domain.money import format_fen
from wbz_cli.domain.vocab import SubsidyType
from wbz_cli.domain.void_mark import VoidMark, void_columns


@dataclass(frozen=True, slots=True)
class SubsidyPayment:
    id: int
    #: the month paid for, "YYYY-MM"
    month: str
    child: str
    name: str
    type: SubsidyType
    amount_fen: int
    #: how it was recorded: "manual", "import" or "run"
    source: str
    #: set in a list with ``--all`` only
    void: VoidMark | None = None

    @property
    def voided(self) -> bool:
        return self.void is not None and self.void.voided

    def as_row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "month": self.month,
            "child": self.child,
            "name": self.name,
            "type": self.type._value_,
            "amount_yuan": format_fen(self.amount_fen),
            "source": self.source,
            **void_columns(self.void),
        }


@dataclass(frozen=True, slots=True)
class TypeTotal:
    type: SubsidyType
    payments: int
    amount_fen: int


@dataclass(frozen=True, slots=True)
class PaymentTotals:
    """Payments and exact sums of a listing (voided ones left out), overall and by type
    (in the order of the type keys)."""

    payments: int
    amount_fen: int
    by_type: tuple[TypeTotal, ...]

    def as_row(self) -> dict[str, Any]:
        return {
            "payments": self.payments,
            "amount_yuan": format_fen(self.amount_fen),
            "by_type": {
                t.type._value_: {"payments": t.payments, "amount_yuan": format_fen(t.amount_fen)}
                for t in self.by_type
            },
        }


def payment_totals(payments: list[SubsidyPayment]) -> PaymentTotals:
    """The totals of ``payments``, voided ones left out."""
    by_type: dict[SubsidyType, list[int]] = {}
    for p in payments:
        if not p.voided:
            entry = by_type.setdefault(p.type, [0, 0])
            entry[0] += 1
            entry[1] += p.amount_fen
    totals = tuple(TypeTotal(k, n, fen) for k, (n, fen) in sorted(by_type.items()))
    return PaymentTotals(sum(t.payments for t in totals), sum(t.amount_fen for t in totals), totals)
