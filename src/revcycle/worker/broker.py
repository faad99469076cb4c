"""Jobs on a real broker (Dramatiq on Redis or RabbitMQ), when ``REVCYCLE_BROKER_URL`` is set.

The message is only the job id; the jobs table keeps state, attempts and errors. A failed attempt
is re-sent with its backoff as the message delay; the last failure leaves the job dead in the table
with its reason (Dramatiq's own retries are off, so a job is never retried twice over).
"""

from __future__ import annotations

import os
from typing import Any

import dramatiq
from dramatiq.brokers.rabbitmq import RabbitmqBroker
from dramatiq.brokers.redis import RedisBroker

from revcycle.kit.db import Database
from revcycle.kit.errors import ConfigurationError
from revcycle.worker import service
from revcycle.worker.domain import JobState, RetryPolicy
from revcycle.worker.service import Job

ACTOR_NAME = "revcycle_job"


def broker_url() -> str | None:
    """``redis://host:6379/0`` or ``amqp://user:pass@host:5672/``; None for the in-process default."""
    return os.environ.get("REVCYCLE_BROKER_URL") or None


def make_broker(url: str) -> dramatiq.Broker:
    if url.startswith(("redis://", "rediss://")):
        return RedisBroker(url=url)  # type: ignore[no-untyped-call]
    if url.startswith(("amqp://", "amqps://")):
        return RabbitmqBroker(url=url)
    raise ConfigurationError("REVCYCLE_BROKER_URL must be a redis:// or amqp:// URL")


class BrokerQueue:
    """Submit jobs to the broker and serve them with Dramatiq workers."""

    def __init__(
        self,
        database: Database,
        url: str,
        *,
        queue_name: str = "revcycle",
        policy: RetryPolicy | None = None,
    ) -> None:
        self.database = database
        self.policy = policy or RetryPolicy()
        self.broker = make_broker(url)
        self.queue_name = queue_name
        self.actor: Any = dramatiq.actor(
            broker=self.broker, actor_name=ACTOR_NAME, queue_name=queue_name, max_retries=0
        )(self._perform)

    def _perform(self, job_id: int) -> None:
        job = service.run_job(self.database, job_id, self.policy)
        if job is not None and job.state is JobState.RETRYING:
            delay = self.policy.delay(job.attempts)
            self.actor.send_with_options(args=(job_id,), delay=int(delay.total_seconds() * 1000))

    def submit(self, kind: str, payload: dict[str, Any], *, key: str, max_attempts: int = 5) -> Job:
        """Record the job (once per key) and tell the broker; a repeated key sends nothing."""
        job = service.enqueue(self.database, kind, payload, key=key, max_attempts=max_attempts)
        if job.state is JobState.QUEUED and job.attempts == 0:
            self.actor.send(job.id)
        return job

    def resend_due(self, limit: int = 100) -> int:
        """Send due jobs again (a message lost with a broker restart); extra sends are harmless."""
        ids = service.due_jobs(self.database, limit)
        for job_id in ids:
            self.actor.send(job_id)
        return len(ids)

    def worker(self, threads: int = 4, *, poll_ms: int = 1000) -> dramatiq.Worker:
        """A Dramatiq worker on this queue; ``poll_ms`` is how long consumers wait per poll."""
        return dramatiq.Worker(
            self.broker, queues={self.queue_name}, worker_threads=threads, worker_timeout=poll_ms
        )

    def close(self) -> None:
        self.broker.close()
