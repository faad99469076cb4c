"""intake: the blind-index key version of each coverage's member-ID index (for index key rotation)

Revision ID: intake_0003
Revises: intake_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "intake_0003"
down_revision = "intake_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coverages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("member_id_index_version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade() -> None:
    with op.batch_alter_table("coverages", schema=None) as batch_op:
        batch_op.drop_column("member_id_index_version")
