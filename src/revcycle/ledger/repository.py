"""Every ledger query. Rows are only ever inserted; balances are sums over lines, never stored."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, TypeVarTuple, cast

from sqlalchemy import BigInteger, Select, Table, bindparam, func, insert, select, type_coerce
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from revcycle.kit.clock import clock
from revcycle.kit.errors import NotFound
from revcycle.kit.money import Money
from revcycle.ledger.domain import (
    AccountFilter,
    AccountKey,
    AccountKind,
    Entry,
    EntryKind,
    Line,
    Movement,
    PostedEntry,
    WriteOffReason,
)
from revcycle.ledger.tables import LedgerAccountRow, LedgerEntryRow, LedgerLineRow


def _insert(session: Session, table: Any) -> Any:
    """An INSERT that does nothing when a unique constraint is hit (PostgreSQL and SQLite)."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing()


def account_key(row: LedgerAccountRow) -> AccountKey:
    return AccountKey(
        AccountKind(row.kind),
        payer_id=row.payer_id,
        patient_id=row.patient_id,
        guarantor_id=row.guarantor_id,
        claim_id=row.claim_id,
        claim_line_id=row.claim_line_id,
        reason=WriteOffReason(row.reason) if row.reason else None,
        charge_line_id=row.charge_line_id,
    )


# -- writing ---------------------------------------------------------------------------------
def insert_entry(session: Session, entry: Entry, posted_at: datetime) -> int | None:
    """Insert the entry header; None when its key (or its reversal target) is already taken."""
    statement = (
        _insert(session, LedgerEntryRow)
        .values(
            practice_id=entry.practice_id,
            kind=entry.kind.value,
            effective_date=entry.effective_date,
            posted_at=posted_at,
            memo=entry.memo,
            source=entry.source,
            idempotency_key=entry.idempotency_key,
            reverses_entry_id=entry.reverses_entry_id,
        )
        .returning(LedgerEntryRow.id)
    )
    new_id = session.execute(statement).scalar_one_or_none()
    return None if new_id is None else int(new_id)


def account_ids(session: Session, practice_id: int, accounts: Iterable[AccountKey]) -> dict[AccountKey, int]:
    """The ids of these accounts, creating the ones never named before (safe under concurrency)."""
    wanted = {a.code: a for a in accounts}
    found = _existing_accounts(session, practice_id, wanted)
    for code, account in wanted.items():
        if code not in found:
            session.execute(
                _insert(session, LedgerAccountRow).values(
                    practice_id=practice_id,
                    code=code,
                    kind=account.kind.value,
                    payer_id=account.payer_id,
                    patient_id=account.patient_id,
                    guarantor_id=account.guarantor_id,
                    claim_id=account.claim_id,
                    claim_line_id=account.claim_line_id,
                    reason=account.reason.value if account.reason else None,
                    charge_line_id=account.charge_line_id,
                    created_at=clock.now(),
                )
            )
    if len(found) < len(wanted):
        found = _existing_accounts(session, practice_id, wanted)
    return {wanted[code]: ident for code, ident in found.items()}


def _existing_accounts(
    session: Session, practice_id: int, wanted: Mapping[str, AccountKey]
) -> dict[str, int]:
    rows = session.execute(
        select(LedgerAccountRow.code, LedgerAccountRow.id).where(
            LedgerAccountRow.practice_id == practice_id, LedgerAccountRow.code.in_(list(wanted))
        )
    )
    return {code: int(ident) for code, ident in rows}


def insert_lines(
    session: Session, entry_id: int, lines: Iterable[Line], ids: Mapping[AccountKey, int]
) -> None:
    session.execute(
        insert(LedgerLineRow),
        [{"entry_id": entry_id, "account_id": ids[line.account], "amount": line.amount} for line in lines],
    )


# -- reading entries --------------------------------------------------------------------------
def _posted(session: Session, row: LedgerEntryRow) -> PostedEntry:
    lines = session.execute(
        select(LedgerAccountRow, LedgerLineRow.amount)
        .join(LedgerLineRow, LedgerLineRow.account_id == LedgerAccountRow.id)
        .where(LedgerLineRow.entry_id == row.id)
        .order_by(LedgerLineRow.id)
    ).all()
    reversed_by = session.scalar(select(LedgerEntryRow.id).where(LedgerEntryRow.reverses_entry_id == row.id))
    entry = Entry(
        practice_id=row.practice_id,
        kind=EntryKind(row.kind),
        effective_date=row.effective_date,
        source=row.source,
        idempotency_key=row.idempotency_key,
        lines=tuple(Line(account_key(account), amount) for account, amount in lines),
        memo=row.memo,
        reverses_entry_id=row.reverses_entry_id,
    )
    return PostedEntry(row.id, row.posted_at, entry, created=False, reversed_by_entry_id=reversed_by)


def entry_by_key(session: Session, practice_id: int, key: str) -> PostedEntry | None:
    row = session.scalars(
        select(LedgerEntryRow).where(
            LedgerEntryRow.practice_id == practice_id, LedgerEntryRow.idempotency_key == key
        )
    ).first()
    return None if row is None else _posted(session, row)


def get_entry(session: Session, practice_id: int, entry_id: int) -> PostedEntry:
    row = session.scalars(
        select(LedgerEntryRow).where(LedgerEntryRow.practice_id == practice_id, LedgerEntryRow.id == entry_id)
    ).first()
    if row is None:
        raise NotFound("ledger entry", entry_id)
    return _posted(session, row)


def entries_by_source(session: Session, practice_id: int, source: str) -> list[PostedEntry]:
    rows = session.scalars(
        select(LedgerEntryRow)
        .where(LedgerEntryRow.practice_id == practice_id, LedgerEntryRow.source == source)
        .order_by(LedgerEntryRow.id)
    ).all()
    return [_posted(session, row) for row in rows]


# -- balances -----------------------------------------------------------------------------------
Ts = TypeVarTuple("Ts")

_SUM = type_coerce(func.sum(LedgerLineRow.amount), BigInteger)
"""The sum of line amounts, in cents."""


def _scoped(query: Select[*Ts], practice_id: int, where: AccountFilter, as_of: date | None) -> Select[*Ts]:
    query = (
        query.select_from(LedgerAccountRow)
        .join(LedgerLineRow, LedgerLineRow.account_id == LedgerAccountRow.id)
        .join(LedgerEntryRow, LedgerEntryRow.id == LedgerLineRow.entry_id)
        .where(LedgerAccountRow.practice_id == practice_id, LedgerEntryRow.practice_id == practice_id)
    )
    if where.kinds:
        query = query.where(LedgerAccountRow.kind.in_(sorted(k.value for k in where.kinds)))
    for name, value in where.dimensions().items():
        query = query.where(getattr(LedgerAccountRow, name) == value)
    if as_of is not None:
        query = query.where(LedgerEntryRow.effective_date <= as_of)
    return query


def balances(
    session: Session, practice_id: int, where: AccountFilter, as_of: date | None
) -> dict[AccountKey, Money]:
    """The balance of every matching account that has lines, as of a date (inclusive)."""
    query = _scoped(select(LedgerAccountRow, _SUM), practice_id, where, as_of)
    rows = session.execute(query.group_by(LedgerAccountRow.id).order_by(LedgerAccountRow.id)).all()
    return {account_key(row): Money.from_cents(int(total)) for row, total in rows}


def balances_by_kind(session: Session, practice_id: int, as_of: date | None) -> dict[AccountKind, Money]:
    query = _scoped(select(LedgerAccountRow.kind, _SUM), practice_id, AccountFilter(), as_of)
    rows = session.execute(query.group_by(LedgerAccountRow.kind)).all()
    return {AccountKind(kind): Money.from_cents(int(total)) for kind, total in rows}


def total(session: Session, practice_id: int, where: AccountFilter, as_of: date | None) -> Money:
    query = _scoped(select(func.coalesce(_SUM, 0)), practice_id, where, as_of)
    return Money.from_cents(int(session.scalar(query) or 0))


def movements_by_entry_kind(
    session: Session, practice_id: int, where: AccountFilter, start: date, end: date
) -> dict[EntryKind, Money]:
    """Sum of the matching lines per entry kind, for entries effective from ``start`` to ``end``."""
    query = _scoped(select(LedgerEntryRow.kind, _SUM), practice_id, where, end).where(
        LedgerEntryRow.effective_date >= start
    )
    sums: dict[EntryKind, Money] = defaultdict(Money.zero)
    for kind, amount in session.execute(query.group_by(LedgerEntryRow.kind)).all():
        sums[EntryKind(kind)] += Money.from_cents(int(amount))
    return dict(sums)


def movements(
    session: Session, practice_id: int, where: AccountFilter, start: date | None, end: date | None
) -> list[Movement]:
    query = _scoped(select(LedgerEntryRow, LedgerAccountRow, LedgerLineRow.amount), practice_id, where, end)
    if start is not None:
        query = query.where(LedgerEntryRow.effective_date >= start)
    rows = session.execute(query.order_by(LedgerEntryRow.effective_date, LedgerEntryRow.id, LedgerLineRow.id))
    return [
        Movement(e.id, e.effective_date, EntryKind(e.kind), e.source, e.memo, account_key(a), amount)
        for e, a, amount in rows.all()
    ]


def practices_with_entries(session: Session) -> list[int]:
    return [
        int(p)
        for p in session.scalars(
            select(LedgerEntryRow.practice_id).distinct().order_by(LedgerEntryRow.practice_id)
        )
    ]


# -- bulk writing (an ERA posts thousands of entries) ---------------------------------------------
BULK_CHUNK = 1000

_ACCOUNTS = cast(Table, LedgerAccountRow.__table__)
_ENTRIES = cast(Table, LedgerEntryRow.__table__)
_LINES = cast(Table, LedgerLineRow.__table__)


def insert_rows(
    session: Session,
    table: Table,
    rows: list[dict[str, Any]],
    returning: tuple[str, ...] = (),
    *,
    skip_conflicts: bool = False,
) -> list[Any]:
    """Insert many rows (all with the same keys) in a few statements; the ``returning`` columns of
    each inserted row (in no guaranteed order). ``skip_conflicts`` adds ON CONFLICT DO NOTHING.

    PostgreSQL gets one ``INSERT ... SELECT * FROM unnest(array, ...)`` per 50,000 rows: one array
    parameter per column, so neither the driver nor the server parses thousands of placeholders.
    SQLite gets multi-row VALUES with RETURNING, else the driver's executemany. Core, not the ORM's
    bulk insert, which splits rows into groups by the columns they leave NULL."""
    if not rows:
        return []
    names = list(rows[0])
    postgres = session.get_bind().dialect.name == "postgresql"
    out: list[Any] = []
    size = 50_000 if postgres else 20 * BULK_CHUNK
    for i in range(0, len(rows), size):
        chunk = rows[i : i + size]
        statement: Any = _insert(session, table) if skip_conflicts else insert(table)
        if postgres:
            arrays = [bindparam(f"v_{n}", [r[n] for r in chunk], type_=ARRAY(table.c[n].type)) for n in names]
            given = func.unnest(*arrays).table_valued(*names).render_derived(name="given")
            statement = statement.from_select(names, select(*(given.c[n] for n in names)))
            params: Any = None
        else:
            params = chunk
        if returning:
            statement = statement.returning(*(table.c[n] for n in returning))
            out.extend(session.execute(statement, params).all())
        else:
            session.execute(statement, params)
    return out


def keys_taken(session: Session, practice_id: int, keys: list[str]) -> set[str]:
    """Which of these idempotency keys are already posted in the practice."""
    taken: set[str] = set()
    for i in range(0, len(keys), 5 * BULK_CHUNK):
        taken.update(
            session.scalars(
                select(LedgerEntryRow.idempotency_key).where(
                    LedgerEntryRow.practice_id == practice_id,
                    LedgerEntryRow.idempotency_key.in_(keys[i : i + 5 * BULK_CHUNK]),
                )
            )
        )
    return taken


def account_ids_bulk(
    session: Session, practice_id: int, accounts: Iterable[AccountKey]
) -> dict[AccountKey, int]:
    """Like :func:`account_ids` for many accounts: the existing ones read in chunks, the missing
    ones inserted as multi-row ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` (safe under
    concurrency: a row another transaction created meanwhile is read back)."""
    wanted = {a.code: a for a in accounts}
    codes = list(wanted)
    found: dict[str, int] = {}
    for i in range(0, len(codes), 5 * BULK_CHUNK):
        found.update(
            _existing_accounts(session, practice_id, {c: wanted[c] for c in codes[i : i + 5 * BULK_CHUNK]})
        )
    missing = {c: wanted[c] for c in codes if c not in found}
    if missing:
        now = clock.now()
        rows = [
            {
                "practice_id": practice_id,
                "code": code,
                "kind": a.kind.value,
                "payer_id": a.payer_id,
                "patient_id": a.patient_id,
                "guarantor_id": a.guarantor_id,
                "claim_id": a.claim_id,
                "claim_line_id": a.claim_line_id,
                "reason": a.reason.value if a.reason else None,
                "charge_line_id": a.charge_line_id,
                "created_at": now,
            }
            for code, a in missing.items()
        ]
        created = insert_rows(session, _ACCOUNTS, rows, ("code", "id"), skip_conflicts=True)
        found.update((code, int(ident)) for code, ident in created)
        raced = {c: a for c, a in missing.items() if c not in found}  # created meanwhile by another
        if raced:
            found.update(_existing_accounts(session, practice_id, raced))
    return {wanted[code]: ident for code, ident in found.items()}


def insert_entries(session: Session, entries: list[Entry], posted_at: datetime) -> list[int]:
    """Insert entry headers in bulk (their keys are known to be free); ids in the same order.

    Bulk INSERTs returning (key, id), matched back by key (RETURNING in a guaranteed order would
    fall back to one statement per row on SQLite)."""
    rows = [
        {
            "practice_id": e.practice_id,
            "kind": e.kind.value,
            "effective_date": e.effective_date,
            "posted_at": posted_at,
            "memo": e.memo,
            "source": e.source,
            "idempotency_key": e.idempotency_key,
            "reverses_entry_id": None,
        }
        for e in entries
    ]
    ids = {key: int(ident) for key, ident in insert_rows(session, _ENTRIES, rows, ("idempotency_key", "id"))}
    return [ids[e.idempotency_key] for e in entries]


def insert_lines_bulk(
    session: Session, entries: list[tuple[int, Entry]], ids: Mapping[AccountKey, int]
) -> None:
    rows = [
        {"entry_id": entry_id, "account_id": ids[line.account], "amount": line.amount}
        for entry_id, entry in entries
        for line in entry.lines
    ]
    insert_rows(session, _LINES, rows)
