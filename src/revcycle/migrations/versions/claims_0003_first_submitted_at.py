"""claims: when each claim was first sent, kept on the claim (the aging from first submission
read it from the claim history once per open receivable, which cost more than the rest of the
report at a million claims)

Revision ID: claims_0003
Revises: claims_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "claims_0003"
down_revision = "claims_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as t:
        t.add_column(sa.Column("first_submitted_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE claims SET first_submitted_at = (SELECT min(e.at) FROM claim_events e "
        "WHERE e.claim_id = claims.id AND e.event = 'submit') "
        "WHERE submitted_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("claims") as t:
        t.drop_column("first_submitted_at")
