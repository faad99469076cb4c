"""reporting: the receivable summary copies the ledger account's charge line (a self-pay visit
line), so the aging dates it from its date of service

Revision ID: reporting_0004
Revises: reporting_0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "reporting_0004"
down_revision = "reporting_0003"
branch_labels = None
depends_on = ("ledger_0002",)


def upgrade() -> None:
    with op.batch_alter_table("reporting_ar_balances", schema=None) as batch_op:
        batch_op.add_column(sa.Column("charge_line_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE reporting_ar_balances SET charge_line_id = (SELECT a.charge_line_id FROM ledger_accounts a "
        "WHERE a.id = reporting_ar_balances.account_id) "
        "WHERE account_id IN (SELECT id FROM ledger_accounts WHERE charge_line_id IS NOT NULL)"
    )


def downgrade() -> None:
    with op.batch_alter_table("reporting_ar_balances", schema=None) as batch_op:
        batch_op.drop_column("charge_line_id")
