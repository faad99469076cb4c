"""eligibility: the procedure codes each payer authorizes in advance

Revision ID: eligibility_0002
Revises: eligibility_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "eligibility_0002"
down_revision = "eligibility_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prior_authorization_requirements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["payer_id"], ["payers.id"], name=op.f("fk_prior_authorization_requirements_payer_id_payers")
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practices.id"],
            name=op.f("fk_prior_authorization_requirements_practice_id_practices"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prior_authorization_requirements")),
        sa.UniqueConstraint(
            "practice_id", "payer_id", "code", name=op.f("uq_prior_authorization_requirements_practice_id")
        ),
    )
    with op.batch_alter_table("prior_authorization_requirements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prior_authorization_requirements_payer_id"), ["payer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_prior_authorization_requirements_practice_id"), ["practice_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("prior_authorization_requirements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prior_authorization_requirements_practice_id"))
        batch_op.drop_index(batch_op.f("ix_prior_authorization_requirements_payer_id"))
    op.drop_table("prior_authorization_requirements")
