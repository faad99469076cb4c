"""security: audit records name their HMAC key version; one-time passwords must be changed

Revision ID: security_0002
Revises: security_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "security_0002"
down_revision = "security_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.create_index(batch_op.f("ix_audit_events_break_glass_id"), ["break_glass_id"], unique=False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_break_glass_id"))
        batch_op.drop_column("key_version")
