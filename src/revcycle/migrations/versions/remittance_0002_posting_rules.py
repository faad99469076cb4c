"""remittance: a practice's posting rules for OA, PI and CR adjustments

Revision ID: remittance_0002
Revises: remittance_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "remittance_0002"
down_revision = "remittance_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "remittance_posting_rules",
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("oa", sa.String(length=12), nullable=False),
        sa.Column("pi", sa.String(length=12), nullable=False),
        sa.Column("cr", sa.String(length=12), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practices.id"],
            name=op.f("fk_remittance_posting_rules_practice_id_practices"),
        ),
        sa.PrimaryKeyConstraint("practice_id", name=op.f("pk_remittance_posting_rules")),
    )


def downgrade() -> None:
    op.drop_table("remittance_posting_rules")
