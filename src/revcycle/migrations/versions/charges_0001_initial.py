"""charges: encounters, charge lines, charge master, payer contracts, PFS, provider queries

Revision ID: charges_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "charges_0001"
down_revision = None
branch_labels = ("charges",)
depends_on = ("intake_0001",)


def upgrade() -> None:
    op.create_table(
        "pfs_gpcis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("locality_key", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("work", sa.Numeric(precision=6, scale=3), nullable=False),
        sa.Column("pe", sa.Numeric(precision=6, scale=3), nullable=False),
        sa.Column("malpractice", sa.Numeric(precision=6, scale=3), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pfs_gpcis")),
        sa.UniqueConstraint("year", "locality_key", name=op.f("uq_pfs_gpcis_year")),
    )

    op.create_table(
        "pfs_rvus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("modifier", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=1), nullable=False),
        sa.Column("work", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("pe_non_facility", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("pe_facility", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("malpractice", sa.Numeric(precision=8, scale=2), nullable=False),
        sa.Column("conversion_factor", sa.Numeric(precision=9, scale=4), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pfs_rvus")),
        sa.UniqueConstraint("year", "code", "modifier", name=op.f("uq_pfs_rvus_year")),
    )

    op.create_table(
        "charge_master",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("modifier", sa.String(length=2), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("description", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_charge_master_practice_id_practices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charge_master")),
        sa.UniqueConstraint("practice_id", "code", "modifier", name=op.f("uq_charge_master_practice_id")),
    )

    with op.batch_alter_table("charge_master", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_charge_master_practice_id"), ["practice_id"], unique=False)

    op.create_table(
        "payer_contracts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("percent", sa.Numeric(precision=7, scale=3), nullable=True),
        sa.Column("pfs_year", sa.Integer(), nullable=True),
        sa.Column("locality", sa.String(length=8), nullable=True),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"], name=op.f("fk_payer_contracts_payer_id_payers")),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_payer_contracts_practice_id_practices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payer_contracts")),
        sa.UniqueConstraint("practice_id", "payer_id", name=op.f("uq_payer_contracts_practice_id")),
    )

    with op.batch_alter_table("payer_contracts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payer_contracts_payer_id"), ["payer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payer_contracts_practice_id"), ["practice_id"], unique=False)

    op.create_table(
        "contract_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("modifier", sa.String(length=2), nullable=False),
        sa.Column("allowed", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["payer_contracts.id"],
            name=op.f("fk_contract_rates_contract_id_payer_contracts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_rates")),
        sa.UniqueConstraint("contract_id", "code", "modifier", name=op.f("uq_contract_rates_contract_id")),
    )

    with op.batch_alter_table("contract_rates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_rates_contract_id"), ["contract_id"], unique=False)

    op.create_table(
        "encounters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("claim_type", sa.String(length=13), nullable=False),
        sa.Column("date_of_service", sa.Date(), nullable=False),
        sa.Column("date_of_service_end", sa.Date(), nullable=True),
        sa.Column("rendering_provider_id", sa.Integer(), nullable=False),
        sa.Column("referring_provider_id", sa.Integer(), nullable=True),
        sa.Column("supervising_provider_id", sa.Integer(), nullable=True),
        sa.Column("facility_id", sa.Integer(), nullable=True),
        sa.Column("place_of_service", sa.String(length=2), nullable=False),
        sa.Column("diagnoses", sa.String(length=120), nullable=False),
        sa.Column("prior_authorization", sa.String(length=50), nullable=True),
        sa.Column("referral_number", sa.String(length=50), nullable=True),
        sa.Column("related_causes", sa.String(length=8), nullable=False),
        sa.Column("accident_state", sa.String(length=2), nullable=True),
        sa.Column("accident_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["facility_id"], ["facilities.id"], name=op.f("fk_encounters_facility_id_facilities")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_encounters_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_encounters_practice_id_practices")
        ),
        sa.ForeignKeyConstraint(
            ["referring_provider_id"],
            ["providers.id"],
            name=op.f("fk_encounters_referring_provider_id_providers"),
        ),
        sa.ForeignKeyConstraint(
            ["rendering_provider_id"],
            ["providers.id"],
            name=op.f("fk_encounters_rendering_provider_id_providers"),
        ),
        sa.ForeignKeyConstraint(
            ["supervising_provider_id"],
            ["providers.id"],
            name=op.f("fk_encounters_supervising_provider_id_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_encounters")),
    )

    with op.batch_alter_table("encounters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_encounters_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_encounters_practice_id"), ["practice_id"], unique=False)

    op.create_table(
        "charge_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("modifiers", sa.String(length=11), nullable=False),
        sa.Column("units", sa.Numeric(precision=9, scale=3), nullable=False),
        sa.Column("charge", sa.BigInteger(), nullable=False),
        sa.Column("charge_overridden", sa.Boolean(), nullable=False),
        sa.Column("diagnosis_pointers", sa.String(length=7), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("ndc", sa.String(length=11), nullable=True),
        sa.Column("ndc_quantity", sa.Numeric(precision=12, scale=3), nullable=True),
        sa.Column("ndc_unit", sa.String(length=2), nullable=True),
        sa.Column("revenue_code", sa.String(length=4), nullable=True),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_charge_lines_encounter_id_encounters")
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_charge_lines_practice_id_practices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_charge_lines")),
        sa.UniqueConstraint("encounter_id", "line_number", name=op.f("uq_charge_lines_encounter_id")),
    )

    with op.batch_alter_table("charge_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_charge_lines_encounter_id"), ["encounter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_charge_lines_practice_id"), ["practice_id"], unique=False)

    op.create_table(
        "provider_queries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("asked_by", sa.String(length=80), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_provider_queries_encounter_id_encounters")
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"], name=op.f("fk_provider_queries_practice_id_practices")
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_provider_queries_provider_id_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_queries")),
    )

    with op.batch_alter_table("provider_queries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_provider_queries_encounter_id"), ["encounter_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_provider_queries_practice_id"), ["practice_id"], unique=False)


def downgrade() -> None:
    op.drop_table("provider_queries")
    op.drop_table("charge_lines")
    op.drop_table("encounters")
    op.drop_table("contract_rates")
    op.drop_table("payer_contracts")
    op.drop_table("charge_master")
    op.drop_table("pfs_rvus")
    op.drop_table("pfs_gpcis")
