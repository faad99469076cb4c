"""eligibility: eligibility checks, appointments, prior authorizations

Revision ID: eligibility_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "eligibility_0001"
down_revision = None
branch_labels = ("eligibility",)
depends_on = ("intake_0002", "charges_0001")


def upgrade() -> None:
    op.create_table(
        "eligibility_appointments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("scheduled_on", sa.Date(), nullable=False),
        sa.Column("time", sa.String(length=5), nullable=False),
        sa.Column("planned_codes", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_eligibility_appointments_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_eligibility_appointments_practice_id_practices")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_eligibility_appointments_provider_id_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_appointments")),
    )
    with op.batch_alter_table("eligibility_appointments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_eligibility_appointments_patient_id"), ["patient_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_eligibility_appointments_practice_id"), ["practice_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_eligibility_appointments_scheduled_on"), ["scheduled_on"], unique=False
        )
    op.create_table(
        "eligibility_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("coverage_id", sa.Integer(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("trace_number", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("coverage_status", sa.String(length=10), nullable=True),
        sa.Column("snapshot", sa.Text(), nullable=True),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["coverage_id"], ["coverages.id"], name=op.f("fk_eligibility_checks_coverage_id_coverages")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_eligibility_checks_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_eligibility_checks_practice_id_practices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_checks")),
        sa.UniqueConstraint("practice_id", "trace_number", name=op.f("uq_eligibility_checks_practice_id")),
    )
    with op.batch_alter_table("eligibility_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_eligibility_checks_coverage_id"), ["coverage_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_eligibility_checks_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_eligibility_checks_practice_id"), ["practice_id"], unique=False)
    op.create_table(
        "prior_authorizations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("coverage_id", sa.Integer(), nullable=False),
        sa.Column("codes", sa.String(length=200), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("number", sa.String(length=50), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("authorized_units", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["coverage_id"], ["coverages.id"], name=op.f("fk_prior_authorizations_coverage_id_coverages")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_prior_authorizations_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_prior_authorizations_practice_id_practices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prior_authorizations")),
    )
    with op.batch_alter_table("prior_authorizations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prior_authorizations_coverage_id"), ["coverage_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_prior_authorizations_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_prior_authorizations_practice_id"), ["practice_id"], unique=False
        )
    op.create_table(
        "prior_authorization_charges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authorization_id", sa.Integer(), nullable=False),
        sa.Column("charge_line_id", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["authorization_id"],
            ["prior_authorizations.id"],
            name=op.f("fk_prior_authorization_charges_authorization_id_prior_authorizations"),
        ),
        sa.ForeignKeyConstraint(
            ["charge_line_id"],
            ["charge_lines.id"],
            name=op.f("fk_prior_authorization_charges_charge_line_id_charge_lines"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prior_authorization_charges")),
        sa.UniqueConstraint(
            "authorization_id", "charge_line_id", name=op.f("uq_prior_authorization_charges_authorization_id")
        ),
    )
    with op.batch_alter_table("prior_authorization_charges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prior_authorization_charges_authorization_id"), ["authorization_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_prior_authorization_charges_charge_line_id"), ["charge_line_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("prior_authorization_charges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prior_authorization_charges_charge_line_id"))
        batch_op.drop_index(batch_op.f("ix_prior_authorization_charges_authorization_id"))
    op.drop_table("prior_authorization_charges")
    with op.batch_alter_table("prior_authorizations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prior_authorizations_practice_id"))
        batch_op.drop_index(batch_op.f("ix_prior_authorizations_patient_id"))
        batch_op.drop_index(batch_op.f("ix_prior_authorizations_coverage_id"))
    op.drop_table("prior_authorizations")
    with op.batch_alter_table("eligibility_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eligibility_checks_practice_id"))
        batch_op.drop_index(batch_op.f("ix_eligibility_checks_patient_id"))
        batch_op.drop_index(batch_op.f("ix_eligibility_checks_coverage_id"))
    op.drop_table("eligibility_checks")
    with op.batch_alter_table("eligibility_appointments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eligibility_appointments_scheduled_on"))
        batch_op.drop_index(batch_op.f("ix_eligibility_appointments_practice_id"))
        batch_op.drop_index(batch_op.f("ix_eligibility_appointments_patient_id"))
    op.drop_table("eligibility_appointments")
