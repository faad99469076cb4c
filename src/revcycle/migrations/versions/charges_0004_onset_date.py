"""charges: when the current illness or injury began (837P DTP*431, CMS-1500 box 14)

Revision ID: charges_0004
Revises: charges_0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "charges_0004"
down_revision = "charges_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("encounters") as t:
        t.add_column(sa.Column("onset_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("encounters") as t:
        t.drop_column("onset_date")
