"""Remittance tables: ERAs (posted or quarantined), their claim payments, work queues, appeals,
bank deposits."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from revcycle.kit.clock import clock
from revcycle.kit.db import Base, MoneyCents, UTCDateTime
from revcycle.kit.money import Money


class EraRow(Base):
    """One 835 transaction set as received: posted (with its idempotency key) or quarantined."""

    __tablename__ = "remittance_eras"
    __table_args__ = (UniqueConstraint("practice_id", "idempotency_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    payer_id: Mapped[int | None] = mapped_column(ForeignKey("payers.id"))
    payer_key: Mapped[str] = mapped_column(String(80), default="")
    """Who paid, as the ERA names it (TRN03, else the N1*PR identifier, else its name)."""
    trace_number: Mapped[str] = mapped_column(String(50), default="", index=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    """``payer_key/TRN02`` once posted; None while quarantined (so a corrected file can post)."""
    status: Mapped[str] = mapped_column(String(12))
    """posted or quarantined."""
    reason: Mapped[str] = mapped_column(Text, default="")
    source_name: Mapped[str] = mapped_column(String(200), default="")
    raw_text: Mapped[str] = mapped_column(Text)
    paid: Mapped[Money | None] = mapped_column(MoneyCents)
    payment_date: Mapped[date | None] = mapped_column(Date)
    claims_posted: Mapped[int] = mapped_column(Integer, default=0)
    claims_unmatched: Mapped[int] = mapped_column(Integer, default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class EraClaimRow(Base):
    """One claim payment (CLP) of a posted ERA: what it said, and the ledger entries it posted."""

    __tablename__ = "remittance_era_claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    era_id: Mapped[int] = mapped_column(ForeignKey("remittance_eras.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    patient_control_number: Mapped[str] = mapped_column(String(38))
    status_code: Mapped[str] = mapped_column(String(2))
    outcome: Mapped[str] = mapped_column(String(16))
    charge: Mapped[Money] = mapped_column(MoneyCents)
    paid: Mapped[Money] = mapped_column(MoneyCents)
    patient_responsibility: Mapped[Money] = mapped_column(MoneyCents)
    payer_claim_control_number: Mapped[str] = mapped_column(String(50), default="")
    adjudication_date: Mapped[date] = mapped_column(Date)
    adjudication: Mapped[str] = mapped_column(Text, default="{}")
    """JSON: claim-level CAS and each line's paid amount and CAS (what a secondary claim reports)."""
    entry_ids: Mapped[str] = mapped_column(Text, default="[]")
    """JSON list of the ledger entries this claim payment posted (a reversal reverses them)."""
    reversed_by_id: Mapped[int | None] = mapped_column(ForeignKey("remittance_era_claims.id"))


class WorkItemRow(Base):
    """An item in a work queue: unmatched, denial, underpaid, eft_exception, write_off_approval."""

    __tablename__ = "remittance_work_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    queue: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(12), default="open")
    """open, resolved (pending a supervisor for a write-off above the limit, appealed)."""
    era_id: Mapped[int | None] = mapped_column(ForeignKey("remittance_eras.id"))
    era_claim_id: Mapped[int | None] = mapped_column(ForeignKey("remittance_era_claims.id"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    patient_control_number: Mapped[str] = mapped_column(String(38), default="")
    cause: Mapped[str] = mapped_column(String(30), default="")
    codes: Mapped[str] = mapped_column(String(200), default="")
    """Reason and remark codes, comma separated (``CO-50,N115``)."""
    recommended_action: Mapped[str] = mapped_column(String(30), default="")
    recommendation: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[Money] = mapped_column(MoneyCents)
    details: Mapped[str] = mapped_column(Text, default="{}")
    resolution: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AppealRow(Base):
    """An appeal of a denial: the argument, the deadline and the outcome."""

    __tablename__ = "remittance_appeals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("remittance_work_items.id"), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    deadline: Mapped[date] = mapped_column(Date)
    argument: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="drafted")
    """drafted, sent, won, lost."""
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class DepositRow(Base):
    """A bank deposit, matched (or not) to the ERA with its trace number."""

    __tablename__ = "remittance_deposits"
    __table_args__ = (UniqueConstraint("practice_id", "trace_number", "deposit_date", "amount"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    deposit_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Money] = mapped_column(MoneyCents)
    trace_number: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(String(200), default="")
    era_id: Mapped[int | None] = mapped_column(ForeignKey("remittance_eras.id"))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PostingRulesRow(Base):
    """A practice's posting rules: how OA, PI and CR adjustments are posted (one row a practice)."""

    __tablename__ = "remittance_posting_rules"

    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), primary_key=True)
    oa: Mapped[str] = mapped_column(String(12))
    pi: Mapped[str] = mapped_column(String(12))
    cr: Mapped[str] = mapped_column(String(12))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
