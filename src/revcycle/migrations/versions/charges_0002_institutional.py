"""charges: the institutional (837I) part of an encounter

Revision ID: charges_0002
Revises: charges_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "charges_0002"
down_revision = "charges_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("encounters") as t:
        t.add_column(sa.Column("attending_provider_id", sa.Integer(), nullable=True))
        t.add_column(sa.Column("operating_provider_id", sa.Integer(), nullable=True))
        t.add_column(sa.Column("type_of_bill", sa.String(length=3), nullable=True))
        t.add_column(sa.Column("patient_status", sa.String(length=2), nullable=True))
        t.add_column(sa.Column("admission_date", sa.Date(), nullable=True))
        t.add_column(sa.Column("admission_hour", sa.String(length=4), nullable=True))
        t.add_column(sa.Column("admission_type", sa.String(length=1), nullable=True))
        t.add_column(sa.Column("admission_source", sa.String(length=1), nullable=True))
        t.add_column(sa.Column("admitting_diagnosis", sa.String(length=7), nullable=True))
        t.add_column(sa.Column("value_codes", sa.Text(), nullable=False, server_default="[]"))
        t.add_column(sa.Column("occurrence_codes", sa.Text(), nullable=False, server_default="[]"))
        t.add_column(sa.Column("condition_codes", sa.String(length=40), nullable=False, server_default=""))
        t.create_foreign_key(
            op.f("fk_encounters_attending_provider_id_providers"),
            "providers",
            ["attending_provider_id"],
            ["id"],
        )
        t.create_foreign_key(
            op.f("fk_encounters_operating_provider_id_providers"),
            "providers",
            ["operating_provider_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("encounters") as t:
        t.drop_constraint(op.f("fk_encounters_operating_provider_id_providers"), type_="foreignkey")
        t.drop_constraint(op.f("fk_encounters_attending_provider_id_providers"), type_="foreignkey")
        for name in (
            "condition_codes",
            "occurrence_codes",
            "value_codes",
            "admitting_diagnosis",
            "admission_source",
            "admission_type",
            "admission_hour",
            "admission_date",
            "patient_status",
            "type_of_bill",
            "operating_provider_id",
            "attending_provider_id",
        ):
            t.drop_column(name)
