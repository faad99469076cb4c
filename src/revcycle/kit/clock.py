"""The one clock revcycle reads. Tests set it; nothing else calls ``datetime.now()``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta


class _Clock:
    def __init__(self) -> None:
        self._fixed: datetime | None = None

    def now(self) -> datetime:
        """The current time, timezone-aware in UTC."""
        return self._fixed if self._fixed is not None else datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()

    def set(self, when: datetime | None) -> None:
        """Freeze the clock at ``when`` (naive values are taken as UTC); ``None`` unfreezes."""
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        self._fixed = when

    def advance(self, delta: timedelta) -> None:
        if self._fixed is None:
            raise RuntimeError("advance() needs a frozen clock; call set() first")
        self._fixed += delta

    @contextmanager
    def frozen(self, when: datetime) -> Iterator[None]:
        previous = self._fixed
        self.set(when)
        try:
            yield
        finally:
            self._fixed = previous


clock = _Clock()
"""The process-wide clock."""
