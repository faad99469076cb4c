"""Read-only questions the screens ask about remittances: ERAs, what each paid and adjusted, the
work queues, and payments by week."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from revcycle.kit.db import UnitOfWork
from revcycle.kit.money import Money
from revcycle.remittance import repository as repo
from revcycle.remittance.tables import EraClaimRow, EraRow, WorkItemRow


@dataclass(frozen=True)
class Adjustment:
    group: str
    """CAS group: CO contractual, PR patient responsibility, OA other, PI payer initiated, CR correction."""
    reason: str
    """The CARC."""
    amount: Money


@dataclass(frozen=True)
class PaidLine:
    code: str
    modifiers: tuple[str, ...]
    units: str
    paid: Money
    adjustments: tuple[Adjustment, ...]


@dataclass(frozen=True)
class PaidClaim:
    row: EraClaimRow
    claim_adjustments: tuple[Adjustment, ...]
    lines: tuple[PaidLine, ...]


def _adjustments(items: Sequence[Sequence[str]]) -> tuple[Adjustment, ...]:
    return tuple(Adjustment(g, r, Money(a)) for g, r, a in items)


def eras(uow: UnitOfWork, practice_id: int) -> Sequence[EraRow]:
    return sorted(repo.eras(uow, practice_id), key=lambda e: e.id, reverse=True)


def era_with_claims(uow: UnitOfWork, practice_id: int, era_id: int) -> tuple[EraRow, list[PaidClaim]]:
    era = repo.era(uow, practice_id, era_id)
    rows = uow.session.scalars(
        select(EraClaimRow).where(EraClaimRow.era_id == era.id).order_by(EraClaimRow.id)
    ).all()
    claims = []
    for row in rows:
        data = json.loads(row.adjudication or "{}")
        lines = tuple(
            PaidLine(
                ln.get("code", ""),
                tuple(ln.get("modifiers", ())),
                ln.get("units", "1"),
                Money(ln.get("paid", "0")),
                _adjustments(ln.get("cas", ())),
            )
            for ln in data.get("lines", ())
        )
        claims.append(PaidClaim(row, _adjustments(data.get("claim_cas", ())), lines))
    return era, claims


def open_items(uow: UnitOfWork, practice_id: int, queue: str) -> Sequence[WorkItemRow]:
    return repo.work_items(uow, practice_id, queue=queue)


def payments_by_week(
    uow: UnitOfWork, practice_id: int, weeks: int, today: date
) -> list[tuple[date, Decimal]]:
    """Insurance money posted from ERAs, by the week of the payment date (Mondays)."""
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    sums: Counter[date] = Counter()
    for era in repo.eras(uow, practice_id, status="posted"):
        if era.payment_date is None or era.paid is None or era.payment_date < start:
            continue
        week = era.payment_date - timedelta(days=era.payment_date.weekday())
        sums[week] += era.paid.cents
    return [(w, Decimal(sums[w]) / 100) for w in sorted(sums)]
