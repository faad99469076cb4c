"""Reporting's read model: the receivable summary maintained with every ledger posting, and the
indexes its queries need on other contexts' tables (created by the reporting_* migrations), so
autogenerate sees them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from revcycle.claims.tables import ClaimEventRow
from revcycle.kit.db import Base, MoneyCents
from revcycle.kit.money import Money

CLAIM_EVENTS_BY_EVENT = Index(
    "ix_claim_events_event_claim_at", ClaimEventRow.event, ClaimEventRow.claim_id, ClaimEventRow.at
)
"""First submission per claim (aging from submission) and first adjudication (claim KPIs)."""


class ArBalanceRow(Base):
    """The current balance of one receivable (insurance or patient AR) ledger account, kept in the
    same transaction as every posting (``reporting.summary.record_postings``). The account's
    dimensions are copied from ``ledger_accounts`` (they never change)."""

    __tablename__ = "reporting_ar_balances"
    __table_args__ = (
        Index("ix_reporting_ar_balances_practice_kind", "practice_id", "kind"),
        Index(
            "ix_reporting_ar_balances_open",
            "practice_id",
            "claim_id",
            "kind",
            "payer_id",
            "patient_id",
            "opened_on",
            "balance",
            postgresql_where=text("balance <> 0"),
            sqlite_where=text("balance <> 0"),
        ),
    )

    account_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    practice_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    payer_id: Mapped[int | None] = mapped_column(Integer)
    patient_id: Mapped[int | None] = mapped_column(Integer)
    claim_id: Mapped[int | None] = mapped_column(Integer)
    charge_line_id: Mapped[int | None] = mapped_column(Integer)
    """A self-pay visit line (no claim): the aging dates it from the line's date of service."""
    opened_on: Mapped[date] = mapped_column(Date)
    balance: Mapped[Money] = mapped_column(MoneyCents)


class ArMovementRow(Base):
    """Receivable movement of one posting call per (effective day, entry kind, account kind).
    Append-only (no hot row to lock between concurrent postings); reports sum a window of days."""

    __tablename__ = "reporting_ar_movements"
    __table_args__ = (Index("ix_reporting_ar_movements_practice_day", "practice_id", "effective_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(Integer)
    effective_date: Mapped[date] = mapped_column(Date)
    entry_kind: Mapped[str] = mapped_column(String(30))
    account_kind: Mapped[str] = mapped_column(String(30))
    amount: Mapped[Money] = mapped_column(MoneyCents)
