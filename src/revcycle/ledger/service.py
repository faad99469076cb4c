"""Ledger use cases: post an entry (idempotently), reverse one, and ask what is owed.

``post`` is the only way money enters the ledger. Services never commit; the caller's unit of
work does. Every balance here is summed from the lines at the moment it is asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
from revcycle.ledger import repository
from revcycle.ledger.domain import (
    COLUMN_OF,
    AccountFilter,
    AccountKey,
    AccountKind,
    Entry,
    IdempotencyKeyReused,
    NotReversible,
    PostedEntry,
    ReceivableBalance,
    RollForward,
    RollForwardBucket,
    RollForwardColumn,
    Statement,
    TrialBalance,
    check_reversal,
    reversal,
)
from revcycle.reporting import summary as receivable_summary

__all__ = [
    "account_balance",
    "ar_rollforward",
    "balances",
    "claim_balance",
    "claim_line_balance",
    "entries_from_source",
    "get_entry",
    "guarantor_balance",
    "patient_balance",
    "patient_statement",
    "payer_balance",
    "post",
    "post_many",
    "reverse",
    "rollforward_practices",
    "trial_balance",
]


# -- posting -------------------------------------------------------------------------------------
def post(uow: UnitOfWork, entry: Entry) -> PostedEntry:
    """Post a balanced entry. The same practice and idempotency key again returns the first entry
    (``created`` False) and writes nothing; the same key with different lines is a conflict.

    Safe under concurrent attempts: the entry header is inserted with ``ON CONFLICT DO NOTHING``
    against the unique (practice, key) constraint, so a loser of the race reads the winner's entry.
    """
    session = uow.session
    existing = repository.entry_by_key(session, entry.practice_id, entry.idempotency_key)
    if existing is not None:
        return _replay(existing, entry)
    if entry.reverses_entry_id is not None:
        check_reversal(repository.get_entry(session, entry.practice_id, entry.reverses_entry_id), entry)
    posted_at = clock.now()
    entry_id = repository.insert_entry(session, entry, posted_at)
    if entry_id is None:
        existing = repository.entry_by_key(session, entry.practice_id, entry.idempotency_key)
        if existing is None:  # the key is free: the clash was on the reversal target
            raise NotReversible(f"entry {entry.reverses_entry_id} was already reversed")
        return _replay(existing, entry)
    ids = repository.account_ids(session, entry.practice_id, {line.account for line in entry.lines})
    repository.insert_lines(session, entry_id, entry.lines, ids)
    receivable_summary.record_postings(session, [entry_id])
    return PostedEntry(entry_id, posted_at, entry, created=True)


def post_many(uow: UnitOfWork, entries: Sequence[Entry]) -> list[int]:
    """Post many entries of one practice in bulk (an ERA's thousands): the same rules as
    :func:`post`, in a handful of statements. Returns the entry ids in order.

    Entries whose key was posted before, and reversals, go through :func:`post` one by one (a
    replay returns the first entry). Two entries in the batch with the same key are a conflict.
    """
    if not entries:
        return []
    session = uow.session
    practice_id = entries[0].practice_id
    if any(e.practice_id != practice_id for e in entries):
        raise FieldErrors.single("practice_id", "post_many takes the entries of one practice")
    keys = [e.idempotency_key for e in entries]
    if len(set(keys)) != len(keys):
        raise IdempotencyKeyReused("the batch holds the same idempotency key twice")
    taken = repository.keys_taken(session, practice_id, keys)
    fresh = [e for e in entries if e.idempotency_key not in taken and e.reverses_entry_id is None]
    ids: dict[str, int] = {}
    if fresh:
        accounts = repository.account_ids_bulk(
            session, practice_id, {ln.account for e in fresh for ln in e.lines}
        )
        new_ids = repository.insert_entries(session, fresh, clock.now())
        repository.insert_lines_bulk(session, list(zip(new_ids, fresh, strict=True)), accounts)
        receivable_summary.record_postings(session, new_ids)
        ids = {e.idempotency_key: i for e, i in zip(fresh, new_ids, strict=True)}
    return [ids[e.idempotency_key] if e.idempotency_key in ids else post(uow, e).id for e in entries]


def _replay(existing: PostedEntry, entry: Entry) -> PostedEntry:
    if not existing.entry.same_postings(entry):
        raise IdempotencyKeyReused(
            f"idempotency key {entry.idempotency_key!r} was already posted as entry {existing.id} "
            "with different lines; use a new key for a new entry"
        )
    return replace(existing, created=False)


def reverse(
    uow: UnitOfWork,
    *,
    practice_id: int,
    entry_id: int,
    effective_date: date,
    memo: str | None = None,
    idempotency_key: str | None = None,
) -> PostedEntry:
    """Post the mirror of an entry. Reversing it again returns the first reversal."""
    original = repository.get_entry(uow.session, practice_id, entry_id)
    if original.reversed_by_entry_id is not None:
        return replace(
            get_entry(uow, practice_id=practice_id, entry_id=original.reversed_by_entry_id), created=False
        )
    return post(
        uow, reversal(original, effective_date=effective_date, memo=memo, idempotency_key=idempotency_key)
    )


def get_entry(uow: UnitOfWork, *, practice_id: int, entry_id: int) -> PostedEntry:
    return repository.get_entry(uow.session, practice_id, entry_id)


def entries_from_source(uow: UnitOfWork, *, practice_id: int, source: str) -> list[PostedEntry]:
    """Every entry a source posted (``era:12``), oldest first: how a balance is explained."""
    return repository.entries_by_source(uow.session, practice_id, source)


# -- balances ------------------------------------------------------------------------------------
def balances(
    uow: UnitOfWork, *, practice_id: int, where: AccountFilter | None = None, as_of: date | None = None
) -> dict[AccountKey, Money]:
    """Every matching account with its balance as of ``as_of`` (inclusive; all time when None)."""
    return repository.balances(uow.session, practice_id, where or AccountFilter(), as_of)


def account_balance(
    uow: UnitOfWork, *, practice_id: int, account: AccountKey, as_of: date | None = None
) -> Money:
    found = balances(uow, practice_id=practice_id, where=_exactly(account), as_of=as_of)
    return found.get(account, Money.zero())


def _exactly(account: AccountKey) -> AccountFilter:
    return AccountFilter(
        kinds=frozenset({account.kind}),
        payer_id=account.payer_id,
        patient_id=account.patient_id,
        guarantor_id=account.guarantor_id,
        claim_id=account.claim_id,
        claim_line_id=account.claim_line_id,
        charge_line_id=account.charge_line_id,
    )


def _receivable(uow: UnitOfWork, practice_id: int, as_of: date | None, **dims: int) -> ReceivableBalance:
    where = AccountFilter.receivables(**dims)
    return ReceivableBalance.of(repository.balances(uow.session, practice_id, where, as_of))


def claim_balance(
    uow: UnitOfWork, *, practice_id: int, claim_id: int, as_of: date | None = None
) -> ReceivableBalance:
    """What is owed on a claim, by insurance and by the patient."""
    return _receivable(uow, practice_id, as_of, claim_id=claim_id)


def claim_line_balance(
    uow: UnitOfWork, *, practice_id: int, claim_line_id: int, as_of: date | None = None
) -> ReceivableBalance:
    return _receivable(uow, practice_id, as_of, claim_line_id=claim_line_id)


def patient_balance(
    uow: UnitOfWork, *, practice_id: int, patient_id: int, as_of: date | None = None
) -> ReceivableBalance:
    """What is owed for a patient's care, by insurance and by the patient."""
    return _receivable(uow, practice_id, as_of, patient_id=patient_id)


def guarantor_balance(
    uow: UnitOfWork, *, practice_id: int, guarantor_id: int, as_of: date | None = None
) -> ReceivableBalance:
    """Patient AR owed by a guarantor (lines posted with that guarantor)."""
    return _receivable(uow, practice_id, as_of, guarantor_id=guarantor_id)


def payer_balance(uow: UnitOfWork, *, practice_id: int, payer_id: int, as_of: date | None = None) -> Money:
    """Insurance AR owed by one payer."""
    where = AccountFilter(kinds=frozenset({AccountKind.INSURANCE_AR}), payer_id=payer_id)
    return repository.total(uow.session, practice_id, where, as_of)


def trial_balance(uow: UnitOfWork, *, practice_id: int, as_of: date | None = None) -> TrialBalance:
    """The balance of every account kind; debits equal credits, or the ledger is broken."""
    return TrialBalance.of(practice_id, as_of, repository.balances_by_kind(uow.session, practice_id, as_of))


def patient_statement(
    uow: UnitOfWork, *, practice_id: int, patient_id: int, start: date | None = None, end: date | None = None
) -> Statement:
    """The patient's own account (patient AR): opening balance, each line with a running balance."""
    if start is not None and end is not None and end < start:
        raise FieldErrors.single("end", "the statement ends before it starts")
    where = AccountFilter(kinds=frozenset({AccountKind.PATIENT_AR}), patient_id=patient_id)
    opening = Money.zero()
    if start is not None:
        opening = repository.total(uow.session, practice_id, where, start - timedelta(days=1))
    movements = repository.movements(uow.session, practice_id, where, start, end)
    return Statement.of(patient_id, start, end, opening, movements)


# -- month-end ------------------------------------------------------------------------------------
def ar_rollforward(uow: UnitOfWork, *, practice_id: int, start: date, end: date) -> RollForward:
    """opening AR + charges - payments - adjustments + refunds = closing AR, for insurance and patient.

    Opening and closing are balances as of the day before ``start`` and as of ``end``; the columns
    are the receivable lines of entries effective in between, grouped by entry kind. ``ties`` says
    whether they explain the change to the cent.
    """
    if end < start:
        raise FieldErrors.single("to", "the period ends before it starts")
    session = uow.session
    buckets: dict[AccountKind, RollForwardBucket] = {}
    for kind in (AccountKind.INSURANCE_AR, AccountKind.PATIENT_AR):
        where = AccountFilter(kinds=frozenset({kind}))
        opening = repository.total(session, practice_id, where, start - timedelta(days=1))
        closing = repository.total(session, practice_id, where, end)
        moved: dict[RollForwardColumn, Money] = {}
        for entry_kind, amount in repository.movements_by_entry_kind(
            session, practice_id, where, start, end
        ).items():
            column = COLUMN_OF[entry_kind]
            moved[column] = moved.get(column, Money.zero()) + amount
        buckets[kind] = RollForwardBucket.of(opening, closing, moved)
    return RollForward(
        practice_id, start, end, buckets[AccountKind.INSURANCE_AR], buckets[AccountKind.PATIENT_AR]
    )


def rollforward_practices(uow: UnitOfWork) -> list[int]:
    """The practices that have ledger entries (the CLI reports each)."""
    return repository.practices_with_entries(uow.session)
