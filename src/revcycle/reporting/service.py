"""Reporting use cases: each returns a value object (the API, the CLI, CSV and the web UI render it).

Reports only read. With ``REVCYCLE_REPORT_CACHE_SECONDS`` set (off by default), AR aging and the
KPIs are answered from a report at most that many seconds behind the books (``reporting.cache``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
from revcycle.reporting import cache, sql
from revcycle.reporting import repository as repo
from revcycle.reporting.domain import (
    AgingBasis,
    AgingBy,
    AgingReport,
    ClaimCohort,
    KpiReport,
    PeriodMovements,
    build_aging,
    build_kpis,
)
from revcycle.reporting.operational import (
    DenialTrends,
    PayerPerformance,
    Productivity,
    RevenueRow,
    build_denial_trends,
    payer_performance,
    productivity,
    revenue_rows,
)

clear_cache = cache.clear

__all__ = [
    "REVENUE_WINDOW_DAYS",
    "ar_aging",
    "charges_and_payments",
    "clear_cache",
    "denial_trends",
    "kpis",
    "payer_report",
    "staff_productivity",
]

REVENUE_WINDOW_DAYS = 90
"""Days of net revenue that days in AR averages over (the quarter ending on the report date)."""


def _period(start: date, end: date) -> None:
    if end < start:
        raise FieldErrors.single("to", "the period ends before it starts")


def _ledger_ar(uow: UnitOfWork, practice_id: int, as_of: date) -> Money:
    return repo.ar_total(uow.session, practice_id, as_of)


def ar_aging(
    uow: UnitOfWork,
    *,
    practice_id: int,
    as_of: date | None = None,
    basis: AgingBasis = AgingBasis.DATE_OF_SERVICE,
    by: AgingBy = AgingBy.PAYER,
    billed_only: bool = False,
) -> AgingReport:
    """Open AR as of a date in 0-30 ... 120+ buckets, by payer or by patient, with the ledger's own
    AR total beside it (``report.ties``)."""
    day = as_of or clock.today()

    def compute(uow: UnitOfWork) -> AgingReport:
        sql.tune_for_reports(uow.session)
        facts = repo.aging_facts(uow.session, practice_id, day, basis, by, billed_only=billed_only)
        return build_aging(day, basis, by, facts, _ledger_ar(uow, practice_id, day))

    return cache.cached(uow, practice_id, ("aging", day, basis, by, billed_only), compute)


def _movements(uow: UnitOfWork, practice_id: int, start: date, end: date) -> PeriodMovements:
    return PeriodMovements(repo.ar_movements(uow.session, practice_id, start, end))


def kpis(uow: UnitOfWork, *, practice_id: int, start: date, end: date) -> KpiReport:
    """Clean claim rate, first-pass resolution, initial denial rate (count and dollars), days in
    AR, net collection rate and AR over 90 / 120 days, for the period ``start``..``end``."""
    _period(start, end)

    def compute(uow: UnitOfWork) -> KpiReport:
        sql.tune_for_reports(uow.session)
        cohorts = [
            ClaimCohort(f, n, c) for f, n, c in repo.claim_cohorts(uow.session, practice_id, start, end)
        ]
        window_start = end - timedelta(days=REVENUE_WINDOW_DAYS - 1)
        aging = ar_aging(uow, practice_id=practice_id, as_of=end, billed_only=True)
        return build_kpis(
            start,
            end,
            cohorts,
            _movements(uow, practice_id, start, end),
            _movements(uow, practice_id, window_start, end),
            REVENUE_WINDOW_DAYS,
            aging,
        )

    return cache.cached(uow, practice_id, ("kpis", start, end), compute)


def denial_trends(uow: UnitOfWork, *, practice_id: int, start: date, end: date) -> DenialTrends:
    """Denials raised by remittance posting, per month, by cause, payer and rendering provider."""
    _period(start, end)
    facts = repo.denial_counts(uow.session, practice_id, start, end)
    payers = repo.payer_names(uow.session, {p for _, _, p, _, _, _ in facts if p is not None})
    providers = repo.provider_labels(uow.session, {p for _, _, _, p, _, _ in facts if p is not None})
    return build_denial_trends(
        start,
        end,
        (
            (
                day,
                cause,
                payers.get(payer, "unknown") if payer is not None else "unknown",
                providers.get(provider, "unknown") if provider is not None else "unknown",
                count,
                amount,
            )
            for day, cause, payer, provider, count, amount in facts
        ),
    )


def payer_report(
    uow: UnitOfWork, *, practice_id: int, start: date, end: date
) -> tuple[PayerPerformance, ...]:
    """Per payer: claims paid and denied in the period, days to pay, underpayment rate."""
    _period(start, end)
    times = repo.payer_payment_times(uow.session, practice_id, start, end)
    under = repo.underpayments(uow.session, practice_id, start, end)
    return payer_performance(repo.payer_names(uow.session, set(times) | set(under)), times, under)


def staff_productivity(
    uow: UnitOfWork, *, practice_id: int, start: date, end: date
) -> tuple[Productivity, ...]:
    """Claims worked and denials resolved per user and day, from the claims' history."""
    _period(start, end)
    return productivity(repo.user_activity(uow.session, practice_id, start, end))


def charges_and_payments(
    uow: UnitOfWork, *, practice_id: int, start: date, end: date, by: str
) -> tuple[RevenueRow, ...]:
    """Charges, payments and adjustments posted in the period by rendering provider or by code."""
    _period(start, end)
    if by not in ("provider", "code"):
        raise FieldErrors.single("by", "choose provider or code")
    facts = repo.movements_by(uow.session, practice_id, start, end, by)
    labels: dict[Any, str] = {}
    if by == "provider":
        labels = dict(repo.provider_labels(uow.session, {k for k, _, _ in facts if k is not None}))
    return revenue_rows(
        ((labels.get(k, str(k)) if k is not None else "unassigned"), kind, amount)
        for k, kind, amount in facts
    )
