"""reporting: the background jobs table, and an index for first-submission aging and claim KPIs

Revision ID: reporting_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "reporting_0001"
down_revision = None
branch_labels = ("reporting",)
depends_on = ("claims_0001",)


def upgrade() -> None:
    op.create_table(
        "worker_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("run_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker_jobs")),
        sa.UniqueConstraint("key", name=op.f("uq_worker_jobs_key")),
    )
    op.create_index("ix_worker_jobs_state_run_after", "worker_jobs", ["state", "run_after"], unique=False)
    op.create_index(
        "ix_claim_events_event_claim_at", "claim_events", ["event", "claim_id", "at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_claim_events_event_claim_at", table_name="claim_events")
    op.drop_index("ix_worker_jobs_state_run_after", table_name="worker_jobs")
    op.drop_table("worker_jobs")
