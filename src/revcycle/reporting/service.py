"""Reporting use cases: each returns a value object (the API, the CLI, CSV and the web UI render it).

Reports only read. With ``REVCYCLE_REPORT_CACHE_SECONDS`` set (off by default), a report is
reused for that many seconds as long as no ledger entry, claim event or work item was added since.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Hashable
from datetime import date, timedelta
from typing import Any, TypeVar

from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
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

T = TypeVar("T")
_cache: dict[Hashable, tuple[float, tuple[int, int, int], Any]] = {}
_cache_lock = threading.Lock()
_flights: dict[Hashable, threading.Lock] = {}


def _cache_seconds() -> float:
    try:
        return float(os.environ.get("REVCYCLE_REPORT_CACHE_SECONDS", "0"))
    except ValueError:
        return 0.0


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()
        _flights.clear()


def _cached(uow: UnitOfWork, practice_id: int, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    ttl = _cache_seconds()
    if ttl <= 0:
        return compute()
    mark = repo.watermark(uow.session, practice_id)
    full_key = (str(uow.session.get_bind().engine.url), practice_id, *key)
    with _cache_lock:
        flight = _flights.setdefault(full_key, threading.Lock())
        hit = _cache.get(full_key)
    if hit is not None and hit[0] > time.monotonic() and hit[1] == mark:
        fresh: T = hit[2]
        return fresh
    # One computation per key at a time. Without any result yet, the others wait for it; with an
    # older one (expired, or from before the last posting), they answer with it while one request
    # refreshes: a report then lags by at most the cache lifetime plus one computation.
    if not flight.acquire(blocking=hit is None):
        assert hit is not None
        stale: T = hit[2]
        return stale
    try:
        with _cache_lock:
            hit = _cache.get(full_key)
        if hit is not None and hit[0] > time.monotonic() and hit[1] == mark:
            value: T = hit[2]
            return value
        value = compute()
        with _cache_lock:
            if len(_cache) > 1024:
                _cache.clear()
                _flights.clear()
            _cache[full_key] = (time.monotonic() + ttl, mark, value)
        return value
    finally:
        flight.release()


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

    def compute() -> AgingReport:
        repo.tune_for_reports(uow.session)
        facts = repo.aging_facts(uow.session, practice_id, day, basis, by, billed_only=billed_only)
        return build_aging(day, basis, by, facts, _ledger_ar(uow, practice_id, day))

    return _cached(uow, practice_id, ("aging", day, basis, by, billed_only), compute)


def _movements(uow: UnitOfWork, practice_id: int, start: date, end: date) -> PeriodMovements:
    return PeriodMovements(repo.ar_movements(uow.session, practice_id, start, end))


def kpis(uow: UnitOfWork, *, practice_id: int, start: date, end: date) -> KpiReport:
    """Clean claim rate, first-pass resolution, initial denial rate (count and dollars), days in
    AR, net collection rate and AR over 90 / 120 days, for the period ``start``..``end``."""
    _period(start, end)

    def compute() -> KpiReport:
        repo.tune_for_reports(uow.session)
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

    return _cached(uow, practice_id, ("kpis", start, end), compute)


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
