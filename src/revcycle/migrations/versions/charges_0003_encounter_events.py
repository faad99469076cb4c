"""charges: an encounter's history (edits, with the old and new value of each field)

Revision ID: charges_0003
Revises: charges_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "charges_0003"
down_revision = "charges_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "encounter_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_encounter_events_encounter_id_encounters")
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_encounter_events_practice_id_practices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_encounter_events")),
    )
    with op.batch_alter_table("encounter_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_encounter_events_encounter_id"), ["encounter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_encounter_events_practice_id"), ["practice_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("encounter_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_encounter_events_practice_id"))
        batch_op.drop_index(batch_op.f("ix_encounter_events_encounter_id"))
    op.drop_table("encounter_events")
