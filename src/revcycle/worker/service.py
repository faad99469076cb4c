"""Enqueue and run jobs. The jobs table is the truth; a broker only says "job N is due".

``enqueue`` is idempotent on the job key. ``run_job`` claims the job with one conditional UPDATE
(so two workers never run it at once), runs its handler, and records success, a retry with backoff,
or a dead letter with the reason. The embedded default runs due jobs in-process (``run_pending``);
with a broker, ``revcycle.worker.broker`` sends job ids and re-sends them after their backoff.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from revcycle.kit.clock import clock
from revcycle.kit.db import Database
from revcycle.kit.errors import AccessDenied, InvalidInput, NotFound
from revcycle.worker.domain import JobState, PermanentJobError, RetryPolicy, after_failure
from revcycle.worker.registry import handler_for
from revcycle.worker.tables import JobRow

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=15)
"""How long a worker holds a job before another may take it over (its worker is presumed dead)."""


@dataclass(frozen=True)
class Job:
    id: int
    key: str
    kind: str
    state: JobState
    attempts: int
    last_error: str
    run_after: datetime
    result: dict[str, Any] | None


def _job(row: JobRow) -> Job:
    return Job(
        row.id,
        row.key,
        row.kind,
        JobState(row.state),
        row.attempts,
        row.last_error,
        row.run_after,
        json.loads(row.result) if row.result else None,
    )


def enqueue(
    database: Database, kind: str, payload: dict[str, Any], *, key: str, max_attempts: int = 5
) -> Job:
    """Add a job once: the same key again returns the first job (whatever its state)."""
    if handler_for(kind) is None:
        raise PermanentJobError(f"no job type {kind!r}")
    values = {
        "key": key,
        "kind": kind,
        "payload": json.dumps(payload, sort_keys=True),
        "state": JobState.QUEUED.value,
        "attempts": 0,
        "max_attempts": max_attempts,
        "last_error": "",
        "result": "",
        "run_after": clock.now(),
        "created_at": clock.now(),
    }
    with database.transaction() as uow:
        module = postgresql if uow.session.get_bind().dialect.name == "postgresql" else sqlite
        uow.session.execute(module.insert(JobRow).values(**values).on_conflict_do_nothing())
    return get_job(database, key=key)


def get_job(database: Database, *, key: str | None = None, job_id: int | None = None) -> Job:
    with database.uow() as uow:
        query = select(JobRow).where(JobRow.key == key if key is not None else JobRow.id == job_id)
        row = uow.session.scalars(query).one()
        return _job(row)


def _claim(database: Database, job_id: int) -> JobRow | None:
    now = clock.now()
    with database.transaction() as uow:
        claimed = uow.session.execute(
            update(JobRow)
            .where(
                JobRow.id == job_id,
                JobRow.run_after <= now,
                or_(
                    JobRow.state.in_([JobState.QUEUED.value, JobState.RETRYING.value]),
                    (JobRow.state == JobState.RUNNING.value) & (JobRow.locked_until < now),
                ),
            )
            .values(state=JobState.RUNNING.value, attempts=JobRow.attempts + 1, locked_until=now + LEASE)
            .returning(JobRow.id)
        ).scalar_one_or_none()
        if claimed is None:
            return None
        row = uow.session.get(JobRow, job_id)
        assert row is not None
        uow.session.expunge(row)
        return row


def run_job(database: Database, job_id: int, policy: RetryPolicy | None = None) -> Job | None:
    """Run one job if it is due and nobody holds it; None when it was not ours to run."""
    row = _claim(database, job_id)
    if row is None:
        return None
    policy = policy or RetryPolicy()
    handler = handler_for(row.kind)
    try:
        if handler is None:
            raise PermanentJobError(f"no job type {row.kind!r}")
        result = handler(database, json.loads(row.payload or "{}"))
        values: dict[str, Any] = {
            "state": JobState.SUCCEEDED.value,
            "result": json.dumps(result or {}, sort_keys=True, default=str),
            "finished_at": clock.now(),
            "last_error": "",
        }
    except Exception as exc:  # a job's failure is recorded, never raised into the worker loop
        permanent = isinstance(exc, PermanentJobError | InvalidInput | NotFound | AccessDenied)
        state = after_failure(row.attempts, row.max_attempts, permanent)
        reason = f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"[:2000]
        values = {"state": state.value, "last_error": reason}
        if state is JobState.RETRYING:
            values["run_after"] = clock.now() + policy.delay(row.attempts)
        else:
            values["finished_at"] = clock.now()
        log.warning("job %s (%s) attempt %s failed: %s", row.id, row.kind, row.attempts, state.value)
    with database.transaction() as uow:
        uow.session.execute(update(JobRow).where(JobRow.id == job_id).values(locked_until=None, **values))
    return get_job(database, job_id=job_id)


def due_jobs(database: Database, limit: int = 100) -> list[int]:
    now = clock.now()
    with database.uow() as uow:
        return list(
            uow.session.scalars(
                select(JobRow.id)
                .where(
                    JobRow.run_after <= now,
                    or_(
                        JobRow.state.in_([JobState.QUEUED.value, JobState.RETRYING.value]),
                        (JobRow.state == JobState.RUNNING.value) & (JobRow.locked_until < now),
                    ),
                )
                .order_by(JobRow.run_after, JobRow.id)
                .limit(limit)
            )
        )


def run_pending(database: Database, *, limit: int = 100, policy: RetryPolicy | None = None) -> list[Job]:
    """The in-process worker's step: run every due job once; returns what ran."""
    ran = []
    for job_id in due_jobs(database, limit):
        job = run_job(database, job_id, policy)
        if job is not None:
            ran.append(job)
    return ran


def list_jobs(database: Database, *, state: JobState | None = None, limit: int = 100) -> list[Job]:
    with database.uow() as uow:
        query = select(JobRow).order_by(JobRow.id.desc()).limit(limit)
        if state is not None:
            query = query.where(JobRow.state == state.value)
        return [_job(r) for r in uow.session.scalars(query)]
