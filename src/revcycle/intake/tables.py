"""Intake tables. Every row but the practice carries ``practice_id``: the practice is the tenant."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from revcycle.kit.clock import clock
from revcycle.kit.crypto import EncryptedString, key_ring
from revcycle.kit.db import Base, MoneyCents, UTCDateTime
from revcycle.kit.money import Money

MEMBER_ID_PURPOSE = "coverages.member_id"


class AddressColumns:
    address_line1: Mapped[str | None] = mapped_column(String(55))
    address_line2: Mapped[str | None] = mapped_column(String(55))
    city: Mapped[str | None] = mapped_column(String(30))
    state: Mapped[str | None] = mapped_column(String(2))
    zip: Mapped[str | None] = mapped_column(String(9))


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class PracticeRow(AddressColumns, Timestamps, Base):
    __tablename__ = "practices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    tin: Mapped[str] = mapped_column(String(9))
    billing_npi: Mapped[str] = mapped_column(String(10))
    taxonomy_code: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(10))


class ProviderRow(Timestamps, Base):
    __tablename__ = "providers"
    __table_args__ = (UniqueConstraint("practice_id", "npi"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    first_name: Mapped[str | None] = mapped_column(String(35))
    last_name: Mapped[str | None] = mapped_column(String(60))
    organization_name: Mapped[str | None] = mapped_column(String(60))
    credentials: Mapped[str | None] = mapped_column(String(20))
    npi: Mapped[str] = mapped_column(String(10))
    taxonomy_code: Mapped[str | None] = mapped_column(String(10))
    is_billing: Mapped[bool] = mapped_column(Boolean, default=False)
    is_rendering: Mapped[bool] = mapped_column(Boolean, default=True)
    is_referring: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class FacilityRow(AddressColumns, Timestamps, Base):
    __tablename__ = "facilities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    npi: Mapped[str | None] = mapped_column(String(10))
    place_of_service: Mapped[str] = mapped_column(String(2), default="11")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PayerRow(AddressColumns, Timestamps, Base):
    __tablename__ = "payers"
    __table_args__ = (UniqueConstraint("practice_id", "payer_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    payer_code: Mapped[str] = mapped_column(String(80))
    claim_filing_indicator: Mapped[str] = mapped_column(String(2))
    timely_filing_days: Mapped[int] = mapped_column(Integer, default=365)
    member_id_pattern: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class GuarantorRow(AddressColumns, Timestamps, Base):
    __tablename__ = "guarantors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(35))
    last_name: Mapped[str] = mapped_column(String(60))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str | None] = mapped_column(String(10))
    email: Mapped[str | None] = mapped_column(String(120))


class PatientRow(AddressColumns, Timestamps, Base):
    __tablename__ = "patients"
    __table_args__ = (UniqueConstraint("practice_id", "account_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    account_number: Mapped[str] = mapped_column(String(20))
    first_name: Mapped[str] = mapped_column(String(35))
    middle_name: Mapped[str | None] = mapped_column(String(25))
    last_name: Mapped[str] = mapped_column(String(60))
    suffix: Mapped[str | None] = mapped_column(String(10))
    date_of_birth: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))
    phone: Mapped[str | None] = mapped_column(String(10))
    email: Mapped[str | None] = mapped_column(String(120))
    guarantor_id: Mapped[int | None] = mapped_column(ForeignKey("guarantors.id"))
    guarantor_relationship: Mapped[str | None] = mapped_column(String(2))


class CoverageRow(Timestamps, Base):
    __tablename__ = "coverages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payers.id"), index=True)
    plan_name: Mapped[str | None] = mapped_column(String(60))
    member_id: Mapped[str] = mapped_column("member_id_ciphertext", EncryptedString(MEMBER_ID_PURPOSE))
    """Encrypted at rest (AES-GCM); the service reads and writes the plain value."""
    member_id_index: Mapped[str] = mapped_column(String(64), index=True)
    """Keyed blind index (HMAC) of the member ID, for lookups; set on every write."""
    member_id_index_version: Mapped[int] = mapped_column(Integer, default=1)
    """The blind-index key version ``member_id_index`` was computed under."""
    group_number: Mapped[str | None] = mapped_column(String(50))
    order: Mapped[str] = mapped_column(String(10))
    relationship: Mapped[str] = mapped_column(String(2))
    subscriber_first_name: Mapped[str | None] = mapped_column(String(35))
    subscriber_last_name: Mapped[str | None] = mapped_column(String(60))
    subscriber_date_of_birth: Mapped[date | None] = mapped_column(Date)
    subscriber_sex: Mapped[str | None] = mapped_column(String(1))
    effective_date: Mapped[date] = mapped_column(Date)
    termination_date: Mapped[date | None] = mapped_column(Date)
    copay: Mapped[Money | None] = mapped_column(MoneyCents)


def member_id_index(member_id: str) -> str:
    """The blind index under which a member ID is found (case and spaces do not matter)."""
    return key_ring().blind_index(member_id, purpose=MEMBER_ID_PURPOSE)


@event.listens_for(CoverageRow, "before_insert")
@event.listens_for(CoverageRow, "before_update")
def _index_member_id(_mapper: Any, _connection: Any, row: CoverageRow) -> None:
    ring = key_ring()
    row.member_id_index = ring.blind_index(row.member_id, purpose=MEMBER_ID_PURPOSE)
    row.member_id_index_version = ring.index_version


def member_id_lookups(member_id: str) -> list[tuple[int, str]]:
    """(version, index) pairs to find a member ID under: the active index key first, then the
    older ones the key ring still holds (rows not yet re-indexed after a rotation)."""
    ring = key_ring()
    return [
        (v, ring.blind_index(member_id, purpose=MEMBER_ID_PURPOSE, version=v)) for v in ring.index_versions()
    ]
