"""claims: where each claim sits in its 837 (ST02, first and last segment) for 999 tracing

Revision ID: claims_0002
Revises: claims_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "claims_0002"
down_revision = "claims_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as t:
        t.add_column(sa.Column("transaction_set_control_number", sa.String(length=9), nullable=True))
        t.add_column(sa.Column("segment_first", sa.Integer(), nullable=True))
        t.add_column(sa.Column("segment_last", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims") as t:
        t.drop_column("segment_last")
        t.drop_column("segment_first")
        t.drop_column("transaction_set_control_number")
