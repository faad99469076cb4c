"""The report cache of one process: heavy reports (AR aging, KPIs) computed once, answered many times.

Off unless ``REVCYCLE_REPORT_CACHE_SECONDS`` is set. A cached report carries the watermark of the
data it was computed from (the newest ledger entry, claim event and work item, one cheap query):

- same watermark, within the lifetime: the cached report is the answer;
- same watermark, lifetime over: the cached report is still the answer (nothing it reads has been
  added since), and one background thread recomputes it, on one core, for the next callers. No
  request waits for a report whose data did not move;
- new watermark (something was posted): the caller waits for a fresh report, so whoever just posted
  sees it. Only one computation per report runs at a time: while it runs, other callers answer
  with the previous report, which lags by at most that one computation;
- no report yet: callers wait for the first computation.

Each API process keeps its own cache; ``docs/deployment.md`` says what that costs.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from revcycle.kit.db import UnitOfWork
from revcycle.reporting import repository as repo
from revcycle.reporting import sql

__all__ = ["cached", "clear", "flights", "lifetime_seconds"]

T = TypeVar("T")
Watermark = tuple[int, int, int]

log = logging.getLogger(__name__)

_entries: dict[Hashable, tuple[float, Watermark, Any]] = {}
_lock = threading.Lock()
_flights: dict[Hashable, threading.Lock] = {}
MAX_ENTRIES = 1024


def lifetime_seconds() -> float:
    try:
        return float(os.environ.get("REVCYCLE_REPORT_CACHE_SECONDS", "0"))
    except ValueError:
        return 0.0


def clear() -> None:
    with _lock:
        _entries.clear()
        _flights.clear()


def flights() -> dict[Hashable, threading.Lock]:
    """The per-report locks a computation holds (tests use them to stand in for a busy request)."""
    return _flights


def _store(key: Hashable, mark: Watermark, value: Any, ttl: float) -> None:
    with _lock:
        if len(_entries) > MAX_ENTRIES:
            _entries.clear()
            _flights.clear()
        _entries[key] = (time.monotonic() + ttl, mark, value)


def cached(uow: UnitOfWork, practice_id: int, key: tuple[Any, ...], compute: Callable[[UnitOfWork], T]) -> T:
    """``compute(uow)``, or the report computed earlier from the same data (see the module)."""
    ttl = lifetime_seconds()
    if ttl <= 0:
        return compute(uow)
    mark = repo.watermark(uow.session, practice_id)
    engine = uow.session.get_bind().engine
    full_key = (str(engine.url), practice_id, *key)
    with _lock:
        flight = _flights.setdefault(full_key, threading.Lock())
        hit = _entries.get(full_key)
    if hit is not None and hit[1] == mark:
        if hit[0] <= time.monotonic() and flight.acquire(blocking=False):
            _refresh_in_background(engine, practice_id, full_key, compute, flight, ttl)
        same: T = hit[2]
        return same
    if not flight.acquire(blocking=hit is None):
        assert hit is not None
        stale: T = hit[2]
        return stale
    try:
        with _lock:
            hit = _entries.get(full_key)
        if hit is not None and hit[1] == mark:
            value: T = hit[2]
            return value
        value = compute(uow)
        _store(full_key, mark, value, ttl)
        return value
    finally:
        flight.release()


def _refresh_in_background(
    engine: Engine,
    practice_id: int,
    key: Hashable,
    compute: Callable[[UnitOfWork], Any],
    flight: threading.Lock,
    ttl: float,
) -> None:
    def run() -> None:
        try:
            with UnitOfWork(sessionmaker(engine, expire_on_commit=False)) as uow:
                sql.one_core(uow.session)  # leave the other cores to the requests
                mark = repo.watermark(uow.session, practice_id)
                _store(key, mark, compute(uow), ttl)
        except Exception as exc:  # a failed refresh must not end the process; the old report stands
            log.error("report refresh failed (%s); the previous report stays in use", type(exc).__name__)
        finally:
            flight.release()

    threading.Thread(target=run, name="report-refresh", daemon=True).start()
