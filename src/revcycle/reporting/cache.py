"""The report cache of one process: heavy reports (AR aging, KPIs) computed once, answered many times.

Off unless ``REVCYCLE_REPORT_CACHE_SECONDS`` (N) is set. Then a report lags the books by at most
N seconds plus one computation, and costs at most one computation per N seconds, however fast
money is posted:

- no report yet in this process: callers wait for the first computation (one at a time);
- a report younger than N seconds: it is the answer;
- older: it is still the answer, and one background thread brings it up to date for the next
  callers, on one core (the other cores keep answering requests). It first reads the watermark of
  the data the report reads (newest ledger entry, claim event and work item: one cheap query); if
  nothing was added since the report was computed, the report is kept for another N seconds
  instead of being computed again, up to ``MAX_KEPT`` lifetimes (names and other edits that the
  watermark does not see show after that).

No request waits for a report that exists. The cache is per process and off by default, so the
CLI and a single-user install see the books as they are this instant; the API and web pages of
a busy deployment set N (docs/deployment.md).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from revcycle.kit.db import UnitOfWork
from revcycle.reporting import repository as repo
from revcycle.reporting import sql

__all__ = ["cached", "clear", "expire", "flights", "lifetime_seconds"]

T = TypeVar("T")
Watermark = tuple[int, int, int]

log = logging.getLogger(__name__)

MAX_ENTRIES = 1024
MAX_KEPT = 10
"""Lifetimes a report may be kept on an unchanged watermark before it is computed again anyway."""


@dataclass
class _Entry:
    value: Any
    mark: Watermark
    computed: float
    """``time.monotonic()`` when the value was computed."""
    fresh_until: float


_entries: dict[Hashable, _Entry] = {}
_lock = threading.Lock()
_flights: dict[Hashable, threading.Lock] = {}


def lifetime_seconds() -> float:
    try:
        return float(os.environ.get("REVCYCLE_REPORT_CACHE_SECONDS", "0"))
    except ValueError:
        return 0.0


def clear() -> None:
    with _lock:
        _entries.clear()
        _flights.clear()


def expire() -> None:
    """End every cached report's lifetime now: the next request for each starts its refresh."""
    with _lock:
        for entry in _entries.values():
            entry.fresh_until = 0.0


def flights() -> dict[Hashable, threading.Lock]:
    """The per-report locks a computation holds (tests use them to stand in for a busy request)."""
    return _flights


def cached(uow: UnitOfWork, practice_id: int, key: tuple[Any, ...], compute: Callable[[UnitOfWork], T]) -> T:
    """``compute(uow)``, or the report computed earlier (see the module)."""
    ttl = lifetime_seconds()
    if ttl <= 0:
        return compute(uow)
    engine = uow.session.get_bind().engine
    full_key = (str(engine.url), practice_id, *key)
    with _lock:
        flight = _flights.setdefault(full_key, threading.Lock())
        hit = _entries.get(full_key)
    if hit is not None:
        if hit.fresh_until <= time.monotonic() and flight.acquire(blocking=False):
            _refresh_in_background(engine, practice_id, full_key, compute, flight, ttl)
        answer: T = hit.value
        return answer
    with flight:  # the first computation: the others wait for it rather than each running it
        with _lock:
            hit = _entries.get(full_key)
        if hit is not None:
            done: T = hit.value
            return done
        mark = repo.watermark(uow.session, practice_id)
        value = compute(uow)
        _store(full_key, value, mark, ttl)
        return value


def _store(key: Hashable, value: Any, mark: Watermark, ttl: float) -> None:
    now = time.monotonic()
    with _lock:
        if len(_entries) > MAX_ENTRIES:
            _entries.clear()
            _flights.clear()
        _entries[key] = _Entry(value, mark, now, now + ttl)


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
                with _lock:
                    entry = _entries.get(key)
                now = time.monotonic()
                if entry is not None and entry.mark == mark and now - entry.computed < MAX_KEPT * ttl:
                    with _lock:
                        entry.fresh_until = now + ttl  # nothing was added: keep it
                    return
                _store(key, compute(uow), mark, ttl)
        except Exception as exc:  # a failed refresh must not end the process; the old report stands
            log.error("report refresh failed (%s); the previous report stays in use", type(exc).__name__)
        finally:
            flight.release()

    threading.Thread(target=run, name="report-refresh", daemon=True).start()
