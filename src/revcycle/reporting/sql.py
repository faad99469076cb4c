"""SQL that works the same on PostgreSQL and SQLite, and the session settings reports run with."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, func, literal, text, type_coerce
from sqlalchemy.orm import Session

from revcycle.kit.db import UTCDateTime


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def day_of(session: Session, column: Any) -> ColumnElement[date]:
    """The UTC calendar day of a timestamp column, on either backend."""
    if is_postgres(session):
        return type_coerce(func.date(func.timezone("UTC", column)), Date)
    return type_coerce(func.date(column), Date)


def days_between(session: Session, later: Any, earlier: Any) -> ColumnElement[Any]:
    """``later - earlier`` in (fractional) days."""
    if is_postgres(session):
        return func.extract("epoch", later - earlier) / 86400
    return func.julianday(later) - func.julianday(earlier)


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00 UTC, the day after end 00:00 UTC)."""
    return datetime.combine(start, time(), UTC), datetime.combine(end + timedelta(days=1), time(), UTC)


def at(value: datetime) -> ColumnElement[datetime]:
    return literal(value, UTCDateTime())


def tune_for_reports(session: Session) -> None:
    """For the rest of this transaction on PostgreSQL: no JIT (compiling the aging's plan cost
    0.2-1 s, more than running it) and enough memory to group in memory rather than on disk."""
    if is_postgres(session):
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '64MB'"))


def one_core(session: Session) -> None:
    """For the rest of this transaction on PostgreSQL: no parallel workers (a background refresh
    leaves the other cores to the requests being answered meanwhile)."""
    if is_postgres(session):
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
