"""Read-only questions the billing office's screens ask about claims: work queues, counts, trends.

Nothing here changes a claim; every function is scoped to one practice.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from revcycle.claims import repository as repo
from revcycle.claims.domain.lifecycle import OPEN_STATES, ClaimEvent, ClaimState
from revcycle.claims.tables import ClaimEventRow, ClaimRow
from revcycle.kit.db import UnitOfWork
from revcycle.kit.money import Money

AGING_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-30", 0, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-120", 91, 120),
    ("120+", 121, None),
)
"""Days since the date of service, as the aging report buckets them."""

UNPAID_STATES = (*sorted(OPEN_STATES), ClaimState.REJECTED.value)


def count_by_state(uow: UnitOfWork, practice_id: int) -> dict[str, int]:
    rows = uow.session.execute(
        select(ClaimRow.state, func.count())
        .where(ClaimRow.practice_id == practice_id)
        .group_by(ClaimRow.state)
    ).all()
    return {str(state): int(n) for state, n in rows}


def to_fix(uow: UnitOfWork, practice_id: int) -> Sequence[ClaimRow]:
    """Drafts the scrubber held (their last scrub found errors), oldest first."""
    rows = repo.in_states(uow, practice_id, [ClaimState.DRAFT])
    return [r for r in rows if '"severity": "error"' in (r.findings or "")]


def of_patient(uow: UnitOfWork, practice_id: int, patient_id: int) -> Sequence[ClaimRow]:
    return sorted(repo.of_patient(uow, practice_id, patient_id), key=lambda r: (r.date_of_service, r.id))


@dataclass(frozen=True)
class AgingRow:
    payer_id: int
    buckets: tuple[Money, ...]
    """Billed charges of open claims per ``AGING_BUCKETS`` bucket."""

    @property
    def total(self) -> Money:
        return sum(self.buckets, Money.zero())


def open_charges_aging(uow: UnitOfWork, practice_id: int, today: date) -> list[AgingRow]:
    """Billed charges of claims the payer has not answered (submitted to accepted), by payer and age.

    Charges, not balances: the ledger's receivable is the place for what is still owed.
    """
    sums: dict[int, list[int]] = defaultdict(lambda: [0] * len(AGING_BUCKETS))
    for row in repo.in_states(uow, practice_id, [ClaimState(s) for s in sorted(OPEN_STATES)]):
        age = (today - row.date_of_service).days
        index = next(i for i, (_, low, high) in enumerate(AGING_BUCKETS) if high is None or age <= high)
        sums[row.payer_id][index] += row.total_charge.cents
    return [
        AgingRow(payer_id, tuple(Money.from_cents(c) for c in cents))
        for payer_id, cents in sorted(sums.items())
    ]


@dataclass(frozen=True)
class WeekRate:
    week: date
    """The Monday the week starts."""
    clean: int
    scrubbed: int


def clean_claim_rate_by_week(uow: UnitOfWork, practice_id: int, weeks: int, today: date) -> list[WeekRate]:
    """First scrub of each claim, by week: clean when it passed with no error (the HFMA clean claim
    rate counts claims that pass edits on the first attempt)."""
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    rows = uow.session.execute(
        select(ClaimEventRow.claim_id, ClaimEventRow.event, ClaimEventRow.at)
        .join(ClaimRow, ClaimRow.id == ClaimEventRow.claim_id)
        .where(
            ClaimRow.practice_id == practice_id,
            ClaimRow.frequency_code == "1",
            ClaimEventRow.event.in_([ClaimEvent.SCRUB_PASSED.value, ClaimEvent.SCRUB_FAILED.value]),
        )
        .order_by(ClaimEventRow.id)
    ).all()
    first: dict[int, tuple[str, date]] = {}
    for claim_id, event, at in rows:
        first.setdefault(claim_id, (event, at.date()))
    scrubbed: Counter[date] = Counter()
    clean: Counter[date] = Counter()
    for event, day in first.values():
        week = day - timedelta(days=day.weekday())
        if week < start:
            continue
        scrubbed[week] += 1
        clean[week] += event == ClaimEvent.SCRUB_PASSED.value
    return [WeekRate(w, clean[w], scrubbed[w]) for w in sorted(scrubbed)]
