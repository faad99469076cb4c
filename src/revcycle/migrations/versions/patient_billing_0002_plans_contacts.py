"""patient_billing: payment plan first due date and grace days; contacts (sent or deferred)

Revision ID: patient_billing_0002
Revises: patient_billing_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "patient_billing_0002"
down_revision = "patient_billing_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pb_payment_plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("grace_days", sa.Integer(), server_default="10", nullable=False))
    op.create_table(
        "pb_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_pb_contacts_practice_id_practices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pb_contacts")),
    )
    with op.batch_alter_table("pb_contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pb_contacts_account"), ["account"], unique=False)
        batch_op.create_index(batch_op.f("ix_pb_contacts_practice_id"), ["practice_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pb_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pb_contacts_practice_id"))
        batch_op.drop_index(batch_op.f("ix_pb_contacts_account"))
    op.drop_table("pb_contacts")
    with op.batch_alter_table("pb_payment_plans", schema=None) as batch_op:
        batch_op.drop_column("grace_days")
        batch_op.drop_column("first_due")
