"""Patient billing tables. A billing account is a guarantor (``guarantor:<id>``) or, for a patient
without one, the patient (``patient:<id>``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from revcycle.kit.clock import clock
from revcycle.kit.db import Base, MoneyCents, UTCDateTime
from revcycle.kit.money import Money


class CollectionAccountRow(Base):
    """How collection stands for one billing account: stage, dispute, agency, contact time zone."""

    __tablename__ = "pb_collection_accounts"
    __table_args__ = (UniqueConstraint("practice_id", "account"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    account: Mapped[str] = mapped_column(String(30))
    time_zone: Mapped[str | None] = mapped_column(String(40))
    stage: Mapped[str] = mapped_column(String(20), default="none")
    stage_on: Mapped[date | None] = mapped_column(Date)
    first_statement_on: Mapped[date | None] = mapped_column(Date)
    dispute_note: Mapped[str | None] = mapped_column(Text)
    """Set while the guarantor disputes the debt; collection stops."""
    disputed_on: Mapped[date | None] = mapped_column(Date)
    agency_name: Mapped[str | None] = mapped_column(String(80))
    placed_on: Mapped[date | None] = mapped_column(Date)
    placed_amount: Mapped[Money | None] = mapped_column(MoneyCents)


class PatientPaymentRow(Base):
    """Money a patient or guarantor paid: cash, check, or a card charged on an outside terminal."""

    __tablename__ = "pb_payments"
    __table_args__ = (UniqueConstraint("practice_id", "receipt_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    account: Mapped[str] = mapped_column(String(30), index=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    amount: Mapped[Money] = mapped_column(MoneyCents)
    unapplied: Mapped[Money] = mapped_column(MoneyCents)
    method: Mapped[str] = mapped_column(String(10))
    reference: Mapped[str] = mapped_column(String(40), default="")
    """Check number, or the terminal's approval reference (revcycle never sees card numbers)."""
    received_on: Mapped[date] = mapped_column(Date)
    claim_id: Mapped[int | None] = mapped_column(Integer)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("pb_payment_plans.id"))
    receipt_number: Mapped[str] = mapped_column(String(20))
    recorded_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PaymentAllocationRow(Base):
    __tablename__ = "pb_payment_allocations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("pb_payments.id"), index=True)
    patient_id: Mapped[int] = mapped_column(Integer)
    claim_id: Mapped[int | None] = mapped_column(Integer)
    claim_line_id: Mapped[int | None] = mapped_column(Integer)
    amount: Mapped[Money] = mapped_column(MoneyCents)
    ledger_entry_id: Mapped[int] = mapped_column(Integer)


class StatementRow(Base):
    """One statement sent to a billing account: at most one per account and cycle."""

    __tablename__ = "pb_statements"
    __table_args__ = (UniqueConstraint("practice_id", "account", "cycle"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    account: Mapped[str] = mapped_column(String(30), index=True)
    cycle: Mapped[str] = mapped_column(String(10))
    statement_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    amount_due: Mapped[Money] = mapped_column(MoneyCents)
    stage: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text)
    """The composed statement as JSON (items, totals, messages), so it can be printed again."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PaymentPlanRow(Base):
    __tablename__ = "pb_payment_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    account: Mapped[str] = mapped_column(String(30), index=True)
    total: Mapped[Money] = mapped_column(MoneyCents)
    frequency: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="active")
    first_due: Mapped[date | None] = mapped_column(Date)
    grace_days: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    """Days after a due date before an unpaid installment counts as missed."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class PlanInstallmentRow(Base):
    __tablename__ = "pb_plan_installments"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("pb_payment_plans.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Money] = mapped_column(MoneyCents)
    paid: Mapped[Money] = mapped_column(MoneyCents)


class WriteOffRequestRow(Base):
    """A hardship write-off asked for by one user and approved (or denied) by a supervisor."""

    __tablename__ = "pb_write_off_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    account: Mapped[str] = mapped_column(String(30), index=True)
    amount: Mapped[Money] = mapped_column(MoneyCents)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    requested_by: Mapped[str] = mapped_column(String(80))
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class ContactRow(Base):
    """One time revcycle reached out (or would have) to a billing account: sent, or deferred because
    it was outside 8 am-9 pm where the guarantor lives, or stopped by a dispute."""

    __tablename__ = "pb_contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    account: Mapped[str] = mapped_column(String(30), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    """``statement_email`` or ``reminder``."""
    status: Mapped[str] = mapped_column(String(10))
    """``sent``, ``deferred`` (outside the contact window) or ``stopped`` (disputed)."""
    reference: Mapped[str] = mapped_column(String(40), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
