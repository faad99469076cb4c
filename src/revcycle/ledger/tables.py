"""Ledger tables: accounts, journal entries and their lines. Rows are written once, never changed.

Claim, claim-line, charge-line, payer, patient and guarantor ids are plain integers (no foreign keys), so the
ledger does not depend on the migrations of the contexts that own them. The migration adds
triggers that refuse UPDATE and DELETE on entries and lines; the mapper events below refuse them
in the ORM as well.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from revcycle.kit.clock import clock
from revcycle.kit.db import Base, MoneyCents, UTCDateTime
from revcycle.kit.money import Money


class LedgerAccountRow(Base):
    """One account of a practice; ``code`` is the account key's text form, unique per practice."""

    __tablename__ = "ledger_accounts"
    __table_args__ = (UniqueConstraint("practice_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"), index=True)
    code: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    payer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    patient_id: Mapped[int | None] = mapped_column(Integer, index=True)
    guarantor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    claim_id: Mapped[int | None] = mapped_column(Integer, index=True)
    claim_line_id: Mapped[int | None] = mapped_column(Integer, index=True)
    reason: Mapped[str | None] = mapped_column(String(30))
    charge_line_id: Mapped[int | None] = mapped_column(Integer, index=True)
    """A self-pay visit's charge line (patient AR billed on no claim)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class LedgerEntryRow(Base):
    """A journal entry. The idempotency key is unique per practice; an entry is reversed at most once."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        UniqueConstraint("practice_id", "idempotency_key"),
        UniqueConstraint("reverses_entry_id"),
        Index("ix_ledger_entries_practice_effective", "practice_id", "effective_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practices.id"))
    kind: Mapped[str] = mapped_column(String(30))
    effective_date: Mapped[date] = mapped_column(Date)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    memo: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(120), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(200))
    reverses_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))


class LedgerLineRow(Base):
    """One line of an entry: an account and a signed amount in cents (debit positive)."""

    __tablename__ = "ledger_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("ledger_entries.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"), index=True)
    amount: Mapped[Money] = mapped_column(MoneyCents)


def _refuse_change(_mapper: Any, _connection: Any, target: Any) -> None:
    raise RuntimeError(
        f"{type(target).__name__} is immutable: post a reversal and a new entry instead of changing it"
    )


for _row in (LedgerEntryRow, LedgerLineRow):
    event.listen(_row, "before_update", _refuse_change)
    event.listen(_row, "before_delete", _refuse_change)
