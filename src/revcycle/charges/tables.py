"""Charges tables: encounters, their lines, the charge master, payer contracts and the PFS."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from revcycle.kit.clock import clock
from revcycle.kit.db import Base, MoneyCents, UTCDateTime
from revcycle.kit.money import Money


class EncounterRow(Base):
    __tablename__ = "encounters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    claim_type: Mapped[str] = mapped_column(String(13), default="professional")
    date_of_service: Mapped[date] = mapped_column(Date)
    date_of_service_end: Mapped[date | None] = mapped_column(Date)
    rendering_provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    referring_provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    supervising_provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id"))
    place_of_service: Mapped[str] = mapped_column(String(2))
    diagnoses: Mapped[str] = mapped_column(String(120))
    """Ordered ICD-10-CM codes without dots, comma-separated; the first is the principal."""
    prior_authorization: Mapped[str | None] = mapped_column(String(50))
    referral_number: Mapped[str | None] = mapped_column(String(50))
    related_causes: Mapped[str] = mapped_column(String(8), default="")
    accident_state: Mapped[str | None] = mapped_column(String(2))
    accident_date: Mapped[date | None] = mapped_column(Date)
    onset_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
    # institutional (837I) only; see ``charges.institutional``
    attending_provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    operating_provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    type_of_bill: Mapped[str | None] = mapped_column(String(3))
    patient_status: Mapped[str | None] = mapped_column(String(2))
    admission_date: Mapped[date | None] = mapped_column(Date)
    admission_hour: Mapped[str | None] = mapped_column(String(4))
    admission_type: Mapped[str | None] = mapped_column(String(1))
    admission_source: Mapped[str | None] = mapped_column(String(1))
    admitting_diagnosis: Mapped[str | None] = mapped_column(String(7))
    value_codes: Mapped[str] = mapped_column(Text, default="[]")
    """JSON list of ``{"code", "amount"}``."""
    occurrence_codes: Mapped[str] = mapped_column(Text, default="[]")
    """JSON list of ``{"code", "date"}``."""
    condition_codes: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class ChargeLineRow(Base):
    __tablename__ = "charge_lines"
    __table_args__ = (UniqueConstraint("encounter_id", "line_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounters.id"), index=True)
    line_number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(5))
    modifiers: Mapped[str] = mapped_column(String(11), default="")
    units: Mapped[Decimal] = mapped_column(Numeric(9, 3))
    charge: Mapped[Money] = mapped_column(MoneyCents)
    charge_overridden: Mapped[bool] = mapped_column(Boolean, default=False)
    diagnosis_pointers: Mapped[str] = mapped_column(String(7))
    service_date: Mapped[date] = mapped_column(Date)
    ndc: Mapped[str | None] = mapped_column(String(11))
    ndc_quantity: Mapped[Decimal | None] = mapped_column(Numeric(12, 3))
    ndc_unit: Mapped[str | None] = mapped_column(String(2))
    revenue_code: Mapped[str | None] = mapped_column(String(4))


class ChargeMasterRow(Base):
    """The practice's own price of one unit of a code (optionally for one modifier)."""

    __tablename__ = "charge_master"
    __table_args__ = (UniqueConstraint("practice_id", "code", "modifier"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    code: Mapped[str] = mapped_column(String(5))
    modifier: Mapped[str] = mapped_column(String(2), default="")
    amount: Mapped[Money] = mapped_column(MoneyCents)
    description: Mapped[str | None] = mapped_column(String(80))


class PayerContractRow(Base):
    """What a payer allows: fixed amounts per code, or a percentage of Medicare in a locality."""

    __tablename__ = "payer_contracts"
    __table_args__ = (UniqueConstraint("practice_id", "payer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payers.id"), index=True)
    basis: Mapped[str] = mapped_column(String(20))
    percent: Mapped[Decimal | None] = mapped_column(Numeric(7, 3))
    pfs_year: Mapped[int | None] = mapped_column(Integer)
    locality: Mapped[str | None] = mapped_column(String(8))
    """``MAC-locality`` such as ``04112-01``."""


class ContractRateRow(Base):
    __tablename__ = "contract_rates"
    __table_args__ = (UniqueConstraint("contract_id", "code", "modifier"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("payer_contracts.id"), index=True)
    code: Mapped[str] = mapped_column(String(5))
    modifier: Mapped[str] = mapped_column(String(2), default="")
    allowed: Mapped[Money] = mapped_column(MoneyCents)


class PfsRvuRow(Base):
    """Reference data shared by every practice: one PPRRVU row of a year."""

    __tablename__ = "pfs_rvus"
    __table_args__ = (UniqueConstraint("year", "code", "modifier"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(5))
    modifier: Mapped[str] = mapped_column(String(2), default="")
    status: Mapped[str] = mapped_column(String(1))
    work: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    pe_non_facility: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    pe_facility: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    malpractice: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    conversion_factor: Mapped[Decimal] = mapped_column(Numeric(9, 4))


class PfsGpciRow(Base):
    __tablename__ = "pfs_gpcis"
    __table_args__ = (UniqueConstraint("year", "locality_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    locality_key: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(80))
    work: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    pe: Mapped[Decimal] = mapped_column(Numeric(6, 3))
    malpractice: Mapped[Decimal] = mapped_column(Numeric(6, 3))


class ProviderQueryRow(Base):
    """A coder's or biller's question to the rendering provider about an encounter."""

    __tablename__ = "provider_queries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounters.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    question: Mapped[str] = mapped_column(Text)
    asked_by: Mapped[str] = mapped_column(String(80))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EncounterEventRow(Base):
    """The encounter's history: who changed it, when, and each field's old and new value."""

    __tablename__ = "encounter_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounters.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(80))
    event: Mapped[str] = mapped_column(String(20))
    changes: Mapped[str] = mapped_column(Text, default="{}")
    """JSON ``{field: [old, new]}`` (``lines.0.code``, ``diagnoses``...); ``null`` for none."""
