"""Journal entries: balanced lines, an effective date, a source and an idempotency key.

An :class:`Entry` cannot exist unbalanced: the constructor checks that its lines sum to zero
(debits equal credits), that no line is zero and that it names its source and key. Entries are
never changed; :func:`reversal` builds the mirror entry that cancels a posted one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from revcycle.kit.errors import Conflict, FieldCollector, InvalidInput
from revcycle.kit.money import Money
from revcycle.ledger.domain.accounts import AccountKey

MAX_KEY_LENGTH = 200
MAX_SOURCE_LENGTH = 120
MAX_MEMO_LENGTH = 500


class EntryKind(StrEnum):
    """What an entry records; the AR roll-forward groups receivable movements by it."""

    CHARGE = "charge"
    """A charge: receivable debited, gross charges credited."""
    INSURANCE_PAYMENT = "insurance_payment"
    """A payer's payment on a claim line: cash debited, insurance AR credited."""
    PATIENT_PAYMENT = "patient_payment"
    """A patient's payment applied to a claim line: cash debited, patient AR credited."""
    CONTRACTUAL_ADJUSTMENT = "contractual_adjustment"
    """The contractual write-off (CAS CO): contractual adjustment debited, insurance AR credited."""
    WRITE_OFF = "write_off"
    """Another write-off by reason: write-off debited, AR credited."""
    TRANSFER = "transfer"
    """A balance moved between responsibilities (payer to patient, primary to secondary)."""
    UNAPPLIED_CASH = "unapplied_cash"
    """Money received and not yet applied: cash debited, unapplied cash credited."""
    APPLY_UNAPPLIED = "apply_unapplied"
    """Unapplied money applied to a claim line: unapplied cash debited, AR credited."""
    REFUND = "refund"
    """A credit balance owed back: AR (or unapplied cash) debited, refunds payable credited."""
    REFUND_ISSUED = "refund_issued"
    """A refund paid out: refunds payable debited, cash credited."""
    INTEREST = "interest"
    """Interest paid by a payer (PLB L6): cash debited, interest income credited."""
    RECOUPMENT = "recoupment"
    """Money withheld by a payer (PLB WO): recoupment or insurance AR debited, cash credited."""
    APPLY_RECOUPMENT = "apply_recoupment"
    """A withheld amount tied to the claim line it recovers: insurance AR debited, recoupment credited."""


class LedgerError(InvalidInput):
    """An entry that cannot be posted as given."""


class UnbalancedEntry(LedgerError):
    """The lines of an entry do not sum to zero, or an entry is malformed."""


class IdempotencyKeyReused(Conflict):
    """An idempotency key was posted before with different lines."""


class NotReversible(Conflict):
    """The entry cannot be reversed (it is a reversal itself, or it was reversed already)."""


@dataclass(frozen=True)
class Line:
    """One side of an entry: an account and a signed amount (positive debit, negative credit)."""

    account: AccountKey
    amount: Money

    @property
    def debit(self) -> Money:
        return self.amount if self.amount.is_positive() else Money.zero()

    @property
    def credit(self) -> Money:
        return -self.amount if self.amount.is_negative() else Money.zero()


def debit(account: AccountKey, amount: Money) -> Line:
    return Line(account, amount)


def credit(account: AccountKey, amount: Money) -> Line:
    return Line(account, -amount)


@dataclass(frozen=True)
class Entry:
    """A balanced journal entry, not yet posted. Construction refuses anything unbalanced."""

    practice_id: int
    kind: EntryKind
    effective_date: date
    source: str
    idempotency_key: str
    lines: tuple[Line, ...]
    memo: str = ""
    reverses_entry_id: int | None = None

    def __post_init__(self) -> None:
        c = FieldCollector()
        if not isinstance(self.practice_id, int) or self.practice_id <= 0:
            c.add("practice_id", "an entry belongs to one practice: give its id")
        if not self.source.strip() or len(self.source) > MAX_SOURCE_LENGTH:
            c.add("source", f"say where the entry comes from (e.g. era:12), at most {MAX_SOURCE_LENGTH}")
        if not self.idempotency_key.strip() or len(self.idempotency_key) > MAX_KEY_LENGTH:
            c.add("idempotency_key", f"an idempotency key is required, at most {MAX_KEY_LENGTH} characters")
        if len(self.memo) > MAX_MEMO_LENGTH:
            c.add("memo", f"at most {MAX_MEMO_LENGTH} characters")
        if len(self.lines) < 2:
            c.add("lines", "an entry needs at least two lines (a debit and a credit)")
        for i, line in enumerate(self.lines):
            if not isinstance(line.amount, Money):
                c.add(f"lines.{i}.amount", "amounts are Money")
            elif line.amount.is_zero():
                c.add(f"lines.{i}.amount", f"a zero line moves nothing ({line.account.code})")
        if c.errors:
            raise UnbalancedEntry("; ".join(str(e) for e in c.errors))
        total = Money.total(line.amount for line in self.lines)
        if not total.is_zero():
            raise UnbalancedEntry(
                f"entry {self.idempotency_key!r} does not balance: debits {self.total_debits} "
                f"and credits {self.total_credits} differ by {total}"
            )

    @property
    def total_debits(self) -> Money:
        return Money.total(line.debit for line in self.lines)

    @property
    def total_credits(self) -> Money:
        return Money.total(line.credit for line in self.lines)

    def same_postings(self, other: Entry) -> bool:
        """Whether ``other`` moves the same money through the same accounts (order aside)."""
        return (
            self.practice_id == other.practice_id
            and self.effective_date == other.effective_date
            and _net(self.lines) == _net(other.lines)
        )


def _net(lines: Iterable[Line]) -> dict[AccountKey, int]:
    net: dict[AccountKey, int] = {}
    for line in lines:
        net[line.account] = net.get(line.account, 0) + line.amount.cents
    return {k: v for k, v in net.items() if v}


@dataclass(frozen=True)
class PostedEntry:
    """An entry as stored: its id and when it was posted. ``created`` is False for a replay."""

    id: int
    posted_at: datetime
    entry: Entry
    created: bool = field(default=True, compare=False)
    reversed_by_entry_id: int | None = field(default=None, compare=False)


def reversal(
    original: PostedEntry,
    *,
    effective_date: date,
    memo: str | None = None,
    idempotency_key: str | None = None,
) -> Entry:
    """The entry that cancels ``original``: the same lines with opposite signs, linked to it.

    It keeps the original's kind and source, so reports show a reversed payment as a negative
    payment. A reversal cannot itself be reversed: post a new entry instead.
    """
    if original.entry.reverses_entry_id is not None:
        raise NotReversible(f"entry {original.id} is a reversal; post a new entry instead of reversing it")
    if original.reversed_by_entry_id is not None:
        raise NotReversible(
            f"entry {original.id} was already reversed by entry {original.reversed_by_entry_id}"
        )
    source = original.entry
    return Entry(
        practice_id=source.practice_id,
        kind=source.kind,
        effective_date=effective_date,
        source=source.source,
        idempotency_key=idempotency_key or f"reversal:{original.id}",
        lines=tuple(Line(line.account, -line.amount) for line in source.lines),
        memo=memo if memo is not None else f"reversal of entry {original.id}",
        reverses_entry_id=original.id,
    )


def check_reversal(original: PostedEntry, entry: Entry) -> None:
    """Refuse a reversal that does not exactly mirror ``original`` (same practice, opposite lines)."""
    if original.entry.practice_id != entry.practice_id:
        raise UnbalancedEntry(f"entry {original.id} belongs to another practice")
    mirror = reversal(original, effective_date=entry.effective_date)
    if not mirror.same_postings(entry) or mirror.kind is not entry.kind:
        raise UnbalancedEntry(f"a reversal of entry {original.id} must mirror its lines exactly")
