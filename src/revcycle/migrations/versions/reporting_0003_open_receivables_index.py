"""reporting: a partial covering index of the open receivables (balance not zero), so the aging
reads them with an index-only scan

Revision ID: reporting_0003
Revises: reporting_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "reporting_0003"
down_revision = "reporting_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_reporting_ar_balances_open",
        "reporting_ar_balances",
        ["practice_id", "claim_id", "kind", "payer_id", "patient_id", "opened_on", "balance"],
        unique=False,
        postgresql_where=sa.text("balance <> 0"),
        sqlite_where=sa.text("balance <> 0"),
    )


def downgrade() -> None:
    op.drop_index("ix_reporting_ar_balances_open", table_name="reporting_ar_balances")
