"""web: work assignments (who works which queue item)

Revision ID: web_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "web_0001"
down_revision = None
branch_labels = ("web",)
depends_on = ("remittance_0001", "security_0001")  # remittance_0001 already depends on claims_0001


def upgrade() -> None:
    op.create_table(
        "work_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("item_key", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by", sa.String(length=80), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_work_assignments_practice_id_practices")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_work_assignments_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_assignments")),
        sa.UniqueConstraint("practice_id", "kind", "item_key", name=op.f("uq_work_assignments_practice_id")),
    )
    with op.batch_alter_table("work_assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_assignments_practice_id"), ["practice_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_assignments_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("work_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_assignments_user_id"))
        batch_op.drop_index(batch_op.f("ix_work_assignments_practice_id"))
    op.drop_table("work_assignments")
