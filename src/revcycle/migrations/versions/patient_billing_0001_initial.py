"""patient_billing: collection accounts, patient payments, statements, payment plans, write-off requests

Revision ID: patient_billing_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "patient_billing_0001"
down_revision = None
branch_labels = ("patient_billing",)
depends_on = ("intake_0002", "ledger_0001")


def upgrade() -> None:
    op.create_table(
        "pb_collection_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=30), nullable=False),
        sa.Column("time_zone", sa.String(length=40), nullable=True),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("stage_on", sa.Date(), nullable=True),
        sa.Column("first_statement_on", sa.Date(), nullable=True),
        sa.Column("dispute_note", sa.Text(), nullable=True),
        sa.Column("disputed_on", sa.Date(), nullable=True),
        sa.Column("agency_name", sa.String(length=80), nullable=True),
        sa.Column("placed_on", sa.Date(), nullable=True),
        sa.Column("placed_amount", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_pb_collection_accounts_practice_id_practices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pb_collection_accounts")),
        sa.UniqueConstraint("practice_id", "account", name=op.f("uq_pb_collection_accounts_practice_id")),
    )
    with op.batch_alter_table("pb_collection_accounts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pb_collection_accounts_practice_id"), ["practice_id"], unique=False
        )
    op.create_table(
        "pb_payment_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=30), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_pb_payment_plans_practice_id_practices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pb_payment_plans")),
    )
    with op.batch_alter_table("pb_payment_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pb_payment_plans_account"), ["account"], unique=False)
        batch_op.create_index(batch_op.f("ix_pb_payment_plans_practice_id"), ["practice_id"], unique=False)
    op.create_table(
        "pb_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=30), nullable=False),
        sa.Column("cycle", sa.String(length=10), nullable=False),
        sa.Column("statement_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("amount_due", sa.BigInteger(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_pb_statements_practice_id_practices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pb_statements")),
        sa.UniqueConstraint("practice_id", "account", "cycle", name=op.f("uq_pb_statements_practice_id")),
    )
    with op.batch_alter_table("pb_statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pb_statements_account"), ["account"], unique=False)
        batch_op.create_index(batch_op.f("ix_pb_statements_practice_id"), ["practice_id"], unique=False)
    op.create_table(
        "pb_write_off_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=30), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("requested_by", sa.String(length=80), nullable=False),
        sa.Column("decided_by", sa.String(length=80), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_pb_write_off_requests_practice_id_practices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pb_write_off_requests")),
    )
    with op.batch_alter_table("pb_write_off_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pb_write_off_requests_account"), ["account"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pb_write_off_requests_practice_id"), ["practice_id"], unique=False
        )
    op.create_table(
        "pb_plan_installments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("paid", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["pb_payment_plans.id"],
            name=op.f("fk_pb_plan_installments_plan_id_pb_payment_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pb_plan_installments")),
        sa.UniqueConstraint("plan_id", "number", name=op.f("uq_pb_plan_installments_plan_id")),
    )
    with op.batch_alter_table("pb_plan_installments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pb_plan_installments_plan_id"), ["plan_id"], unique=False)
    op.create_table(
        "pb_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=30), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("unapplied", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("receipt_number", sa.String(length=20), nullable=False),
        sa.Column("recorded_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_pb_payments_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["pb_payment_plans.id"], name=op.f("fk_pb_payments_plan_id_pb_payment_plans")
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_pb_payments_practice_id_practices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pb_payments")),
        sa.UniqueConstraint("practice_id", "receipt_number", name=op.f("uq_pb_payments_practice_id")),
    )
    with op.batch_alter_table("pb_payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pb_payments_account"), ["account"], unique=False)
        batch_op.create_index(batch_op.f("ix_pb_payments_practice_id"), ["practice_id"], unique=False)
    op.create_table(
        "pb_payment_allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("claim_line_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("ledger_entry_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["pb_payments.id"], name=op.f("fk_pb_payment_allocations_payment_id_pb_payments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pb_payment_allocations")),
    )
    with op.batch_alter_table("pb_payment_allocations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pb_payment_allocations_payment_id"), ["payment_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pb_payment_allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pb_payment_allocations_payment_id"))
    op.drop_table("pb_payment_allocations")
    with op.batch_alter_table("pb_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pb_payments_practice_id"))
        batch_op.drop_index(batch_op.f("ix_pb_payments_account"))
    op.drop_table("pb_payments")
    with op.batch_alter_table("pb_plan_installments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pb_plan_installments_plan_id"))
    op.drop_table("pb_plan_installments")
    with op.batch_alter_table("pb_write_off_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pb_write_off_requests_practice_id"))
        batch_op.drop_index(batch_op.f("ix_pb_write_off_requests_account"))
    op.drop_table("pb_write_off_requests")
    with op.batch_alter_table("pb_statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pb_statements_practice_id"))
        batch_op.drop_index(batch_op.f("ix_pb_statements_account"))
    op.drop_table("pb_statements")
    with op.batch_alter_table("pb_payment_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pb_payment_plans_practice_id"))
        batch_op.drop_index(batch_op.f("ix_pb_payment_plans_account"))
    op.drop_table("pb_payment_plans")
    with op.batch_alter_table("pb_collection_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pb_collection_accounts_practice_id"))
    op.drop_table("pb_collection_accounts")
