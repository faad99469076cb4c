"""Job states and the retry policy. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class JobState(StrEnum):
    """Where a job is."""

    QUEUED = "queued"
    """Waiting for a worker."""
    RUNNING = "running"
    """A worker holds it (until its lease runs out)."""
    RETRYING = "retrying"
    """An attempt failed; it runs again after its backoff."""
    SUCCEEDED = "succeeded"
    """Done."""
    DEAD = "dead"
    """Every attempt failed (or the failure cannot be retried); ``last_error`` says why."""


RUNNABLE = (JobState.QUEUED, JobState.RETRYING, JobState.RUNNING)
"""States a worker may claim (RUNNING only once its lease has run out: its worker died)."""


class PermanentJobError(Exception):
    """A failure that retrying cannot fix (bad payload, unknown kind): dead-letter at once."""


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: ``base * 2 ** (attempt - 1)``, capped at ``cap``."""

    base: timedelta = timedelta(seconds=5)
    cap: timedelta = timedelta(minutes=30)

    def delay(self, attempt: int) -> timedelta:
        return min(self.base * (1 << max(attempt - 1, 0)), self.cap)


def after_failure(attempts: int, max_attempts: int, permanent: bool) -> JobState:
    """The state after a failed attempt number ``attempts``."""
    return JobState.DEAD if permanent or attempts >= max_attempts else JobState.RETRYING
