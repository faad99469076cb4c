"""The jobs table: one row per background job, its state, attempts and last error."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from revcycle.kit.clock import clock
from revcycle.kit.db import Base, UTCDateTime


class JobRow(Base):
    """A job: ``kind`` names its handler, ``key`` makes it idempotent (one row per key, ever)."""

    __tablename__ = "worker_jobs"
    __table_args__ = (Index("ix_worker_jobs_state_run_after", "state", "run_after"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text, default="{}")
    """JSON of ids and parameters (never PHI: a file path, not its contents, where it can)."""
    state: Mapped[str] = mapped_column(String(12), default="queued")
    """queued, running, retrying, succeeded or dead."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=5)
    last_error: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    run_after: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
