"""An in-memory journal: the ledger's rules without a database.

It posts with the same idempotency and reversal rules as the service and answers the same
questions, so it serves as the model the database-backed ledger is checked against, and as a
scratch ledger for previews (what would this ERA post?).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from revcycle.kit.errors import NotFound
from revcycle.kit.money import Money
from revcycle.ledger.domain.accounts import AccountKey, AccountKind
from revcycle.ledger.domain.entries import (
    Entry,
    IdempotencyKeyReused,
    Line,
    PostedEntry,
    check_reversal,
    reversal,
)
from revcycle.ledger.domain.reports import (
    COLUMN_OF,
    AccountFilter,
    Movement,
    ReceivableBalance,
    RollForward,
    RollForwardBucket,
    RollForwardColumn,
    Statement,
    TrialBalance,
)

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


class Journal:
    """Posted entries kept in a list; every balance is summed from them."""

    def __init__(self) -> None:
        self._entries: list[PostedEntry] = []
        self._by_key: dict[tuple[int, str], int] = {}
        self._reversed_by: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[PostedEntry]:
        return iter(self.entries())

    def entries(self) -> list[PostedEntry]:
        return [self.get(e.id) for e in self._entries]

    def get(self, entry_id: int) -> PostedEntry:
        if not 1 <= entry_id <= len(self._entries):
            raise NotFound("ledger entry", entry_id)
        posted = self._entries[entry_id - 1]
        return replace(posted, reversed_by_entry_id=self._reversed_by.get(entry_id))

    def post(self, entry: Entry) -> PostedEntry:
        """Record ``entry``; the same practice and key again returns the first entry, unchanged."""
        existing = self._by_key.get((entry.practice_id, entry.idempotency_key))
        if existing is not None:
            first = self.get(existing)
            if not first.entry.same_postings(entry):
                raise IdempotencyKeyReused(
                    f"idempotency key {entry.idempotency_key!r} was posted as entry {first.id} "
                    "with different lines"
                )
            return replace(first, created=False)
        if entry.reverses_entry_id is not None:
            check_reversal(self.get(entry.reverses_entry_id), entry)
        posted = PostedEntry(
            id=len(self._entries) + 1, posted_at=_EPOCH + timedelta(seconds=len(self._entries)), entry=entry
        )
        self._entries.append(posted)
        self._by_key[(entry.practice_id, entry.idempotency_key)] = posted.id
        if entry.reverses_entry_id is not None:
            self._reversed_by[entry.reverses_entry_id] = posted.id
        return posted

    def reverse(self, entry_id: int, *, effective_date: date, memo: str | None = None) -> PostedEntry:
        original = self.get(entry_id)
        if original.reversed_by_entry_id is not None:
            return replace(self.get(original.reversed_by_entry_id), created=False)
        return self.post(reversal(original, effective_date=effective_date, memo=memo))

    # -- questions -------------------------------------------------------------------------
    def _lines(self, practice_id: int, as_of: date | None = None) -> Iterator[tuple[PostedEntry, Line]]:
        for posted in self._entries:
            entry = posted.entry
            if entry.practice_id == practice_id and (as_of is None or entry.effective_date <= as_of):
                for line in entry.lines:
                    yield posted, line

    def balances(
        self, practice_id: int, where: AccountFilter | None = None, as_of: date | None = None
    ) -> dict[AccountKey, Money]:
        """Balance of every account that matches ``where``, as of a date (inclusive)."""
        where = where or AccountFilter()
        sums: dict[AccountKey, int] = defaultdict(int)
        for _, line in self._lines(practice_id, as_of):
            if where.matches(line.account):
                sums[line.account] += line.amount.cents
        return {account: Money.from_cents(c) for account, c in sorted(sums.items(), key=lambda i: i[0].code)}

    def balance(self, practice_id: int, account: AccountKey, as_of: date | None = None) -> Money:
        return Money.total(m for a, m in self.balances(practice_id, None, as_of).items() if a == account)

    def receivable(
        self, practice_id: int, where: AccountFilter, as_of: date | None = None
    ) -> ReceivableBalance:
        return ReceivableBalance.of(self.balances(practice_id, where, as_of))

    def trial_balance(self, practice_id: int, as_of: date | None = None) -> TrialBalance:
        by_kind: dict[AccountKind, Money] = defaultdict(Money.zero)
        for account, money in self.balances(practice_id, None, as_of).items():
            by_kind[account.kind] += money
        return TrialBalance.of(practice_id, as_of, by_kind)

    def statement(
        self, practice_id: int, patient_id: int, start: date | None = None, end: date | None = None
    ) -> Statement:
        where = AccountFilter(kinds=frozenset({AccountKind.PATIENT_AR}), patient_id=patient_id)
        opening = Money.zero()
        movements = []
        for posted, line in self._lines(practice_id, end):
            if not where.matches(line.account):
                continue
            if start is not None and posted.entry.effective_date < start:
                opening += line.amount
                continue
            e = posted.entry
            movements.append(
                Movement(posted.id, e.effective_date, e.kind, e.source, e.memo, line.account, line.amount)
            )
        return Statement.of(patient_id, start, end, opening, movements)

    def rollforward(self, practice_id: int, start: date, end: date) -> RollForward:
        buckets = {}
        for kind in (AccountKind.INSURANCE_AR, AccountKind.PATIENT_AR):
            where = AccountFilter(kinds=frozenset({kind}))
            opening = Money.total(self.balances(practice_id, where, start - timedelta(days=1)).values())
            closing = Money.total(self.balances(practice_id, where, end).values())
            moved: dict[RollForwardColumn, Money] = defaultdict(Money.zero)
            for posted, line in self._lines(practice_id, end):
                if posted.entry.effective_date >= start and where.matches(line.account):
                    moved[COLUMN_OF[posted.entry.kind]] += line.amount
            buckets[kind] = RollForwardBucket.of(opening, closing, moved)
        return RollForward(
            practice_id, start, end, buckets[AccountKind.INSURANCE_AR], buckets[AccountKind.PATIENT_AR]
        )
