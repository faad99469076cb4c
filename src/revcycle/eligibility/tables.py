"""Eligibility tables: checks with their benefit snapshots, appointments, prior authorizations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from revcycle.kit.clock import clock
from revcycle.kit.db import Base, UTCDateTime


class EligibilityCheckRow(Base):
    """One 270 sent for a coverage and date of service, and what its 271 said."""

    __tablename__ = "eligibility_checks"
    __table_args__ = (UniqueConstraint("practice_id", "trace_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    coverage_id: Mapped[int] = mapped_column(ForeignKey("coverages.id"), index=True)
    service_date: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(10))
    """``realtime`` or ``batch``."""
    trace_number: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(10))
    """``sent`` (batch, waiting for the 271), ``answered`` or ``failed``."""
    coverage_status: Mapped[str | None] = mapped_column(String(10))
    snapshot: Mapped[str | None] = mapped_column(Text)
    """The benefit snapshot as JSON (amounts as strings)."""
    changes: Mapped[str] = mapped_column(Text, default="[]")
    """What changed since the previous answered check of the coverage (JSON list of text)."""
    error: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AppointmentRow(Base):
    """A scheduled visit: what the batch eligibility check looks at the day before."""

    __tablename__ = "eligibility_appointments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"))
    scheduled_on: Mapped[date] = mapped_column(Date, index=True)
    time: Mapped[str] = mapped_column(String(5), default="")
    planned_codes: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(10), default="scheduled")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PriorAuthorizationRow(Base):
    """A payer's prior authorization (or its statement that none is needed) for some codes."""

    __tablename__ = "prior_authorizations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    coverage_id: Mapped[int] = mapped_column(ForeignKey("coverages.id"), index=True)
    codes: Mapped[str] = mapped_column(String(200))
    """Comma-separated procedure codes the authorization covers."""
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    number: Mapped[str | None] = mapped_column(String(50))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    authorized_units: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    """``pending`` (asked, no answer), ``approved``, ``denied``, ``not_required``."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PriorAuthorizationChargeRow(Base):
    """A charge line the authorization is used for, with the units it uses."""

    __tablename__ = "prior_authorization_charges"
    __table_args__ = (UniqueConstraint("authorization_id", "charge_line_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authorization_id: Mapped[int] = mapped_column(ForeignKey("prior_authorizations.id"), index=True)
    charge_line_id: Mapped[int] = mapped_column(ForeignKey("charge_lines.id"), index=True)
    units: Mapped[int] = mapped_column(Integer, default=1)


class AuthorizationRequirementRow(Base):
    """A procedure code a payer authorizes in advance (the practice's copy of the payer's list)."""

    __tablename__ = "prior_authorization_requirements"
    __table_args__ = (UniqueConstraint("practice_id", "payer_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payers.id"), index=True)
    code: Mapped[str] = mapped_column(String(10))
