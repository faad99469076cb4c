"""imports: external-id map and coding queue

Revision ID: imports_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "imports_0001"
down_revision = None
branch_labels = ("imports",)
depends_on = ("charges_0001",)


def upgrade() -> None:
    op.create_table(
        "import_external_ids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("local_id", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_import_external_ids_practice_id_practices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_external_ids")),
        sa.UniqueConstraint(
            "practice_id", "source", "kind", "external_id", name=op.f("uq_import_external_ids_practice_id")
        ),
    )
    with op.batch_alter_table("import_external_ids", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_external_ids_practice_id"), ["practice_id"], unique=False)

    op.create_table(
        "import_coding_queue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("rendering_provider_id", sa.Integer(), nullable=True),
        sa.Column("date_of_service", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=True),
        sa.Column("coded_by", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_import_coding_queue_encounter_id_encounters")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_import_coding_queue_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_import_coding_queue_practice_id_practices")
        ),
        sa.ForeignKeyConstraint(
            ["rendering_provider_id"],
            ["providers.id"],
            name=op.f("fk_import_coding_queue_rendering_provider_id_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_coding_queue")),
    )
    with op.batch_alter_table("import_coding_queue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_coding_queue_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_coding_queue_practice_id"), ["practice_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_import_coding_queue_status"), ["status"], unique=False)


def downgrade() -> None:
    op.drop_table("import_coding_queue")
    op.drop_table("import_external_ids")
