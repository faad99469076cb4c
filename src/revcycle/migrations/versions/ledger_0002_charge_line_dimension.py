"""ledger: accounts get a charge line dimension (the patient receivable of a self-pay visit line)

Revision ID: ledger_0002
Revises: ledger_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ledger_0002"
down_revision = "ledger_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ledger_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("charge_line_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_ledger_accounts_charge_line_id"), ["charge_line_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("ledger_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_accounts_charge_line_id"))
        batch_op.drop_column("charge_line_id")
