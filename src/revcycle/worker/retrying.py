"""Run a unit of work again when it lost a race: a unique key another worker just took, a
serialization failure or deadlock (PostgreSQL), a locked database (SQLite).

The retried function must be idempotent, as job handlers are: on the next attempt it sees what the
winner committed (an ERA already posted reads as a duplicate), so nothing is posted twice and no
update is lost.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from revcycle.kit.db import Database, UnitOfWork

T = TypeVar("T")
log = logging.getLogger(__name__)

RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "23505"})
"""serialization_failure, deadlock_detected, unique_violation."""


def lost_a_race(exc: BaseException) -> bool:
    if isinstance(exc, IntegrityError | OperationalError) and isinstance(exc, DBAPIError):
        state = getattr(exc.orig, "sqlstate", None)
        if state is not None:
            return state in RETRYABLE_SQLSTATES
        text = str(exc.orig).lower()  # SQLite has no SQLSTATE
        return "locked" in text or "unique constraint" in text or "busy" in text
    return False


def in_transaction(database: Database, work: Callable[[UnitOfWork], T], *, attempts: int = 8) -> T:
    """``work(uow)`` in a transaction that commits; retried (with jitter) when it lost a race."""
    for attempt in range(1, attempts + 1):
        try:
            with database.transaction() as uow:
                return work(uow)
        except (IntegrityError, OperationalError) as exc:
            if attempt == attempts or not lost_a_race(exc):
                raise
            log.info("transaction lost a race (attempt %s): retrying", attempt)
            time.sleep(random.uniform(0, 0.02 * attempt))  # noqa: S311  (jitter, not security)
    raise AssertionError("unreachable")  # pragma: no cover
