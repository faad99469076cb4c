"""Reporting's pure math: AR aging buckets and the HFMA MAP Key ratios. No I/O.

The repository hands over small, already-grouped facts (AR by party and basis date; claims
grouped by what their history says; ledger movements by entry kind); everything that decides what
a number means lives here and is tested on hand-computed fixtures. Definitions: docs/reporting.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
from revcycle.ledger.domain import EntryKind


class AgingBasis(StrEnum):
    """The date an open balance is aged from."""

    DATE_OF_SERVICE = "date_of_service"
    """The claim's date of service (HFMA's basis for aged AR)."""
    SUBMISSION = "submission"
    """The claim's first submission to the clearinghouse; claims never sent fall back to the date
    of service."""


class AgingBy(StrEnum):
    """What one row of the aging report is."""

    PAYER = "payer"
    """One row per payer (insurance AR), plus one row for patient responsibility."""
    PATIENT = "patient"
    """One row per patient (everything owed for the patient's care)."""


@dataclass(frozen=True)
class Bucket:
    label: str
    low: int
    high: int | None

    def holds(self, age_days: int) -> bool:
        return age_days >= self.low and (self.high is None or age_days <= self.high)


BUCKETS: tuple[Bucket, ...] = (
    Bucket("0-30", 0, 30),
    Bucket("31-60", 31, 60),
    Bucket("61-90", 61, 90),
    Bucket("91-120", 91, 120),
    Bucket("120+", 121, None),
)
"""Aging buckets in days since the basis date; a future basis date counts as age 0."""


def age_in_days(as_of: date, basis_date: date) -> int:
    return max((as_of - basis_date).days, 0)


def bucket_index(age_days: int) -> int:
    for index, bucket in enumerate(BUCKETS):
        if bucket.holds(age_days):
            return index
    return 0  # negative ages are clamped before this; kept total for safety


@dataclass(frozen=True, order=True)
class Party:
    """Who a row is about: a payer (id, name) or a patient (id, account number: never a name).

    ``id`` None with kind ``patient`` on a payer report is the patient-responsibility row.
    """

    kind: AgingBy
    id: int | None
    label: str


@dataclass(frozen=True)
class AgingRow:
    party: Party
    amounts: tuple[Money, ...]

    @property
    def total(self) -> Money:
        return Money.total(self.amounts)


@dataclass(frozen=True)
class AgingReport:
    """Open AR in buckets. ``ledger_total`` is the AR balance the ledger reports independently."""

    as_of: date
    basis: AgingBasis
    by: AgingBy
    rows: tuple[AgingRow, ...]
    ledger_total: Money

    @property
    def buckets(self) -> tuple[str, ...]:
        return tuple(b.label for b in BUCKETS)

    @property
    def totals(self) -> tuple[Money, ...]:
        return tuple(Money.total(r.amounts[i] for r in self.rows) for i in range(len(BUCKETS)))

    @property
    def total(self) -> Money:
        return Money.total(self.totals)

    @property
    def ties(self) -> bool:
        """The buckets add up to the ledger's AR balance, to the cent."""
        return self.total == self.ledger_total

    def older_than(self, days: int) -> Money:
        """AR in buckets that start after ``days`` (90 -> 91-120 and 120+)."""
        totals = self.totals
        return Money.total(totals[i] for i, b in enumerate(BUCKETS) if b.low > days)


def build_aging(
    as_of: date,
    basis: AgingBasis,
    by: AgingBy,
    amounts: Iterable[tuple[Party, date, Money]],
    ledger_total: Money,
) -> AgingReport:
    """Bucket ``(party, basis date, amount)`` facts; rows sorted by party, empty rows dropped."""
    cents: dict[Party, list[int]] = {}
    for party, basis_date, amount in amounts:
        row = cents.setdefault(party, [0] * len(BUCKETS))
        row[bucket_index(age_in_days(as_of, basis_date))] += amount.cents
    rows = tuple(
        AgingRow(party, tuple(Money.from_cents(c) for c in row))
        for party, row in sorted(cents.items(), key=lambda item: _sort_key(item[0]))
        if any(row)
    )
    return AgingReport(as_of, basis, by, rows, ledger_total)


def _sort_key(party: Party) -> tuple[int, int, str]:
    return (1 if party.id is None else 0, party.id or 0, party.label)


# -- ratios ----------------------------------------------------------------------------------------
_RATE_PLACES = Decimal("0.0001")
_DAY_PLACES = Decimal("0.1")


@dataclass(frozen=True)
class Rate:
    """numerator / denominator as a fraction (4 places, half-up); None when the denominator is 0."""

    numerator: Decimal
    denominator: Decimal

    @classmethod
    def of(cls, numerator: int | Money, denominator: int | Money) -> Rate:
        return cls(_decimal(numerator), _decimal(denominator))

    @property
    def value(self) -> Decimal | None:
        if self.denominator == 0:
            return None
        return (self.numerator / self.denominator).quantize(_RATE_PLACES, rounding=ROUND_HALF_UP)


def _decimal(value: int | Money) -> Decimal:
    return value.amount if isinstance(value, Money) else Decimal(value)


class Outcome(StrEnum):
    """A claim's first adjudication, from its history."""

    PAID = "paid"
    """Paid in full."""
    PARTIALLY_PAID = "partially_paid"
    """Paid in part (patient share, or some lines denied)."""
    DENIED = "denied"
    """Denied outright (zero pay)."""


@dataclass(frozen=True)
class ClaimFacts:
    """What a claim's history says, as far as the claim KPIs care.

    ``submitted_in_period``: its first submission falls in the period. ``first_outcome``: its first
    adjudication, if that falls in the period (else None). ``rejected_before_outcome``: a 999/TA1 or
    277CA rejection came before that adjudication (or at all, when there is none yet).
    ``failed_edit``: it ever failed the scrubber, was edited after building, was rejected by the
    clearinghouse or the payer's front end, or was corrected.
    """

    submitted_in_period: bool
    first_outcome: Outcome | None
    rejected_before_outcome: bool
    failed_edit: bool


@dataclass(frozen=True)
class ClaimCohort:
    """Claims with the same facts: how many, and their total charges."""

    facts: ClaimFacts
    count: int
    charges: Money


def clean_claim_rate(cohorts: Sequence[ClaimCohort]) -> Rate:
    """Claims first submitted in the period that never failed an edit / claims first submitted."""
    sent = [c for c in cohorts if c.facts.submitted_in_period]
    return Rate.of(sum(c.count for c in sent if not c.facts.failed_edit), sum(c.count for c in sent))


def _adjudicated(cohorts: Sequence[ClaimCohort]) -> list[ClaimCohort]:
    return [c for c in cohorts if c.facts.first_outcome is not None]


def first_pass_resolution_rate(cohorts: Sequence[ClaimCohort]) -> Rate:
    """Claims first adjudicated in the period as paid or partially paid with no rejection before /
    claims first adjudicated in the period."""
    done = _adjudicated(cohorts)
    resolved = [
        c for c in done if c.facts.first_outcome is not Outcome.DENIED and not c.facts.rejected_before_outcome
    ]
    return Rate.of(sum(c.count for c in resolved), sum(c.count for c in done))


def initial_denial_rate(cohorts: Sequence[ClaimCohort]) -> tuple[Rate, Rate]:
    """(by count, by dollars): claims whose first adjudication in the period is a denial /
    claims first adjudicated in the period; dollars are the claims' total charges."""
    done = _adjudicated(cohorts)
    denied = [c for c in done if c.facts.first_outcome is Outcome.DENIED]
    return (
        Rate.of(sum(c.count for c in denied), sum(c.count for c in done)),
        Rate.of(Money.total(c.charges for c in denied), Money.total(c.charges for c in done)),
    )


# -- ledger-based ----------------------------------------------------------------------------------
PAYMENT_KINDS: frozenset[EntryKind] = frozenset(
    {
        EntryKind.INSURANCE_PAYMENT,
        EntryKind.PATIENT_PAYMENT,
        EntryKind.APPLY_UNAPPLIED,
        EntryKind.RECOUPMENT,
        EntryKind.APPLY_RECOUPMENT,
    }
)
"""Entries whose receivable lines are payments applied to AR (a take-back is a negative one)."""


@dataclass(frozen=True)
class PeriodMovements:
    """Receivable movement in a period by entry kind (debits positive), from the ledger."""

    by_kind: Mapping[EntryKind, Money] = field(default_factory=dict)

    def _sum(self, kinds: Iterable[EntryKind]) -> Money:
        return Money.total(self.by_kind.get(k, Money.zero()) for k in kinds)

    @property
    def charges(self) -> Money:
        return self._sum([EntryKind.CHARGE])

    @property
    def payments(self) -> Money:
        """Payments applied to AR, net of take-backs (positive)."""
        return -self._sum(PAYMENT_KINDS)

    @property
    def refunds(self) -> Money:
        """Credit balances given back (positive)."""
        return self._sum([EntryKind.REFUND])

    @property
    def contractual_adjustments(self) -> Money:
        return -self._sum([EntryKind.CONTRACTUAL_ADJUSTMENT])

    @property
    def write_offs(self) -> Money:
        return -self._sum([EntryKind.WRITE_OFF])

    @property
    def net_revenue(self) -> Money:
        """Net patient service revenue: charges less contractual adjustments and write-offs."""
        return self.charges - self.contractual_adjustments - self.write_offs


def net_collection_rate(movements: PeriodMovements) -> Rate:
    """(payments - refunds) / (charges - contractual adjustments), in the same period."""
    return Rate.of(
        movements.payments - movements.refunds, movements.charges - movements.contractual_adjustments
    )


@dataclass(frozen=True)
class DaysInAR:
    """Net AR at the end / average daily net revenue over the ``days`` before it."""

    ar: Money
    net_revenue: Money
    days: int

    @property
    def value(self) -> Decimal | None:
        if self.days <= 0:
            raise FieldErrors.single("days", "the revenue window needs at least one day")
        if not self.net_revenue.is_positive():
            return None
        daily = self.net_revenue.amount / Decimal(self.days)
        return (self.ar.amount / daily).quantize(_DAY_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class KpiReport:
    """The HFMA MAP Key ratios for a period (``start`` to ``end``, inclusive); AR as of ``end``."""

    start: date
    end: date
    clean_claim_rate: Rate
    first_pass_resolution_rate: Rate
    initial_denial_rate_count: Rate
    initial_denial_rate_dollars: Rate
    days_in_ar: DaysInAR
    net_collection_rate: Rate
    ar_over_90: Rate
    ar_over_120: Rate


def build_kpis(
    start: date,
    end: date,
    cohorts: Sequence[ClaimCohort],
    period: PeriodMovements,
    revenue_window: PeriodMovements,
    window_days: int,
    billed_aging: AgingReport,
) -> KpiReport:
    """Every KPI from the grouped facts; ``revenue_window`` is the ``window_days`` ending at ``end``."""
    by_count, by_dollars = initial_denial_rate(cohorts)
    total = billed_aging.total
    return KpiReport(
        start,
        end,
        clean_claim_rate(cohorts),
        first_pass_resolution_rate(cohorts),
        by_count,
        by_dollars,
        DaysInAR(billed_aging.ledger_total, revenue_window.net_revenue, window_days),
        net_collection_rate(period),
        Rate.of(billed_aging.older_than(90), total),
        Rate.of(billed_aging.older_than(120), total),
    )
