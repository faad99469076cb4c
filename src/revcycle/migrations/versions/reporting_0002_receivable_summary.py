"""reporting: the receivable summary (AR balance per account, AR movement per day), filled from
the ledger; from here on ``ledger.service`` keeps it in the posting transaction

Revision ID: reporting_0002
Revises: reporting_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "reporting_0002"
down_revision = "reporting_0001"
branch_labels = None
depends_on = ("ledger_0001",)

_AR = "('insurance_ar', 'patient_ar')"


def upgrade() -> None:
    op.create_table(
        "reporting_ar_balances",
        sa.Column("account_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=True),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_reporting_ar_balances")),
    )
    op.create_index(
        "ix_reporting_ar_balances_practice_kind",
        "reporting_ar_balances",
        ["practice_id", "kind"],
        unique=False,
    )
    op.create_table(
        "reporting_ar_movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("entry_kind", sa.String(length=30), nullable=False),
        sa.Column("account_kind", sa.String(length=30), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reporting_ar_movements")),
    )
    op.create_index(
        "ix_reporting_ar_movements_practice_day",
        "reporting_ar_movements",
        ["practice_id", "effective_date"],
        unique=False,
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    opened = "CAST(timezone('UTC', a.created_at) AS date)" if postgres else "date(a.created_at)"
    op.execute(
        f"""
        INSERT INTO reporting_ar_balances
            (account_id, practice_id, kind, payer_id, patient_id, claim_id, opened_on, balance)
        SELECT a.id, a.practice_id, a.kind, a.payer_id, a.patient_id, a.claim_id, {opened},
               COALESCE(SUM(l.amount), 0)
        FROM ledger_accounts a LEFT JOIN ledger_lines l ON l.account_id = a.id
        WHERE a.kind IN {_AR}
        GROUP BY a.id, a.practice_id, a.kind, a.payer_id, a.patient_id, a.claim_id, a.created_at
        """
    )
    op.execute(
        f"""
        INSERT INTO reporting_ar_movements (practice_id, effective_date, entry_kind, account_kind, amount)
        SELECT e.practice_id, e.effective_date, e.kind, a.kind, SUM(l.amount)
        FROM ledger_lines l
        JOIN ledger_entries e ON e.id = l.entry_id
        JOIN ledger_accounts a ON a.id = l.account_id
        WHERE a.kind IN {_AR}
        GROUP BY e.practice_id, e.effective_date, e.kind, a.kind
        """
    )
    if postgres:
        op.execute("ANALYZE reporting_ar_balances")
        op.execute("ANALYZE reporting_ar_movements")


def downgrade() -> None:
    op.drop_index("ix_reporting_ar_movements_practice_day", table_name="reporting_ar_movements")
    op.drop_table("reporting_ar_movements")
    op.drop_index("ix_reporting_ar_balances_practice_kind", table_name="reporting_ar_balances")
    op.drop_table("reporting_ar_balances")
