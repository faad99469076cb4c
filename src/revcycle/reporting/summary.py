"""The receivable summary: per-account AR balances and per-day AR movements, written in the same
transaction as the ledger lines they summarise (``ledger.service`` calls :func:`record_postings`
after inserting lines), so the aging and the KPIs read ~one row per open receivable instead of
every ledger line. :func:`drift` recomputes it from the ledger and lists any disagreement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, bindparam, func, select, type_coerce
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from revcycle.kit.money import Money
from revcycle.ledger.domain import AR_KINDS
from revcycle.ledger.tables import LedgerAccountRow, LedgerEntryRow, LedgerLineRow
from revcycle.reporting import sql
from revcycle.reporting.tables import ArBalanceRow, ArMovementRow

AR = sorted(k.value for k in AR_KINDS)
_SUM = type_coerce(func.sum(LedgerLineRow.amount), BigInteger)


def _of_entries(session: Session, entry_ids: Sequence[int]) -> ColumnElement[bool]:
    if sql.is_postgres(session):  # one array parameter, however many entries
        return LedgerLineRow.entry_id == func.any(bindparam("entry_ids", list(entry_ids), ARRAY(BigInteger)))
    return LedgerLineRow.entry_id.in_(list(entry_ids))


def record_postings(session: Session, entry_ids: Sequence[int]) -> None:
    """Add the receivable lines of these (just inserted) entries to the summary: two statements
    whatever the number of entries. Accounts are locked in id order (no deadlock between two
    postings touching the same claims)."""
    if not entry_ids:
        return
    module: Any = postgresql if sql.is_postgres(session) else sqlite
    a = LedgerAccountRow
    balances = (
        select(
            a.id,
            a.practice_id,
            a.kind,
            a.payer_id,
            a.patient_id,
            a.claim_id,
            a.charge_line_id,
            sql.day_of(session, a.created_at),
            _SUM,
        )
        .select_from(LedgerLineRow)
        .join(a, a.id == LedgerLineRow.account_id)
        .where(_of_entries(session, entry_ids), a.kind.in_(AR))
        .group_by(
            a.id, a.practice_id, a.kind, a.payer_id, a.patient_id, a.claim_id, a.charge_line_id, a.created_at
        )
        .order_by(a.id)
    )
    columns = ["account_id", "practice_id", "kind", "payer_id", "patient_id", "claim_id", "charge_line_id"]
    insert = module.insert(ArBalanceRow).from_select([*columns, "opened_on", "balance"], balances)
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["account_id"],
            set_={"balance": ArBalanceRow.__table__.c.balance + insert.excluded.balance},
        )
    )
    e = LedgerEntryRow
    movements = (
        select(e.practice_id, e.effective_date, e.kind, a.kind, _SUM)
        .select_from(LedgerLineRow)
        .join(e, e.id == LedgerLineRow.entry_id)
        .join(a, a.id == LedgerLineRow.account_id)
        .where(_of_entries(session, entry_ids), a.kind.in_(AR))
        .group_by(e.practice_id, e.effective_date, e.kind, a.kind)
    )
    session.execute(
        module.insert(ArMovementRow).from_select(
            ["practice_id", "effective_date", "entry_kind", "account_kind", "amount"], movements
        )
    )


def drift(session: Session, practice_id: int) -> dict[int, tuple[Money, Money]]:
    """account id -> (summary balance, ledger balance) for every receivable account where they
    differ, plus (None-keyed) the movements total when it differs. Reads every AR line: a check
    for tests and audits, not for a report."""
    a = LedgerAccountRow
    ledger = dict(
        session.execute(
            select(a.id, _SUM)
            .select_from(LedgerLineRow)
            .join(a, a.id == LedgerLineRow.account_id)
            .where(a.practice_id == practice_id, a.kind.in_(AR))
            .group_by(a.id)
        ).all()
    )
    summary = dict(
        session.execute(
            select(ArBalanceRow.account_id, type_coerce(ArBalanceRow.balance, BigInteger)).where(
                ArBalanceRow.practice_id == practice_id
            )
        ).all()
    )
    out: dict[int, tuple[Money, Money]] = {}
    for account in set(ledger) | set(summary):
        mine, theirs = int(summary.get(account) or 0), int(ledger.get(account) or 0)
        if mine != theirs:
            out[account] = (Money.from_cents(mine), Money.from_cents(theirs))
    moved = session.scalar(
        select(type_coerce(func.coalesce(func.sum(ArMovementRow.amount), 0), BigInteger)).where(
            ArMovementRow.practice_id == practice_id
        )
    )
    total = sum(int(v or 0) for v in ledger.values())
    if int(moved or 0) != total:
        out[0] = (Money.from_cents(int(moved or 0)), Money.from_cents(total))
    return out
