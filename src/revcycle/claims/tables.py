"""Claims tables: claims, their lines and history, submission batches, control numbers, payer rules."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from revcycle.kit.clock import clock
from revcycle.kit.db import Base, MoneyCents, UTCDateTime
from revcycle.kit.money import Money


class ClaimRow(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    encounter_id: Mapped[int] = mapped_column(ForeignKey("encounters.id"), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payers.id"), index=True)
    coverage_id: Mapped[int] = mapped_column(ForeignKey("coverages.id"))
    kind: Mapped[str] = mapped_column(String(13))
    patient_control_number: Mapped[str] = mapped_column(String(20), unique=True)
    frequency_code: Mapped[str] = mapped_column(String(1), default="1")
    original_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    payer_claim_control_number: Mapped[str | None] = mapped_column(String(50))
    state: Mapped[str] = mapped_column(String(16), index=True)
    state_reason: Mapped[str | None] = mapped_column(Text)
    """Why the claim is where it is, in words (a rejection decoded, a failed submission)."""
    total_charge: Mapped[Money] = mapped_column(MoneyCents)
    date_of_service: Mapped[date] = mapped_column(Date)
    snapshot: Mapped[str] = mapped_column(Text)
    """JSON of the claim as billed (``claims.domain.snapshot``)."""
    findings: Mapped[str] = mapped_column(Text, default="[]")
    """JSON list of the last scrub's findings."""
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("submission_batches.id"))
    transaction_set_control_number: Mapped[str | None] = mapped_column(String(9))
    """ST02 of the 837 transaction set the claim was last written in."""
    segment_first: Mapped[int | None] = mapped_column(Integer)
    """Position (ST = 1, as in 999 IK302) of the claim's first segment in that set."""
    segment_last: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the claim was last sent."""
    first_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When the claim was first sent (the aging's first-submission basis; never changes after)."""
    last_status_request_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class ClaimLineRow(Base):
    __tablename__ = "claim_lines"
    __table_args__ = (UniqueConstraint("claim_id", "line_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    charge_line_id: Mapped[int | None] = mapped_column(ForeignKey("charge_lines.id"))
    line_number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(5))
    modifiers: Mapped[str] = mapped_column(String(11), default="")
    units: Mapped[Decimal] = mapped_column(Numeric(9, 3))
    charge: Mapped[Money] = mapped_column(MoneyCents)
    service_date: Mapped[date] = mapped_column(Date)


class ClaimEventRow(Base):
    __tablename__ = "claim_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(80))
    event: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    source_document: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class SubmissionBatchRow(Base):
    __tablename__ = "submission_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payers.id"))
    interchange_control_number: Mapped[str] = mapped_column(String(9), unique=True)
    group_control_number: Mapped[str] = mapped_column(String(9))
    file_name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(12))
    """created, sent, failed, acknowledged, rejected."""
    error: Mapped[str | None] = mapped_column(Text)
    claim_count: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[str] = mapped_column(Text, default="")
    """The X12 file as sent (no secrets; PHI at rest like the claims themselves)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ControlNumberRow(Base):
    """Every interchange (ISA13) and group (GS06) control number ever issued: never reused."""

    __tablename__ = "control_numbers"
    __table_args__ = (UniqueConstraint("kind", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    number: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(String(40))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PayerRulesRow(Base):
    __tablename__ = "claim_payer_rules"
    __table_args__ = (UniqueConstraint("practice_id", "payer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    payer_id: Mapped[int] = mapped_column(ForeignKey("payers.id"))
    rules: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class InboundFileRow(Base):
    """Every acknowledgment file read from the inbox, so a file is processed once."""

    __tablename__ = "inbound_files"
    __table_args__ = (UniqueConstraint("digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    digest: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
