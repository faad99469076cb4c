"""Entry builders: one function per business event, so no caller writes lines by hand.

Every builder takes an :class:`EntryMeta` (practice, effective date, source, idempotency key,
memo) and returns a balanced :class:`Entry`. Amounts are Money and must be positive, except the
insurance payment and the two adjustments, where a negative amount (an 835 take-back, a CAS with a
negative amount) posts the other way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
from revcycle.ledger.domain.accounts import (
    CASH,
    GROSS_CHARGES,
    AccountKey,
    AccountKind,
    ChargeRef,
    Responsibility,
    WriteOffReason,
    ar_account,
)
from revcycle.ledger.domain.entries import Entry, EntryKind, Line, credit, debit


@dataclass(frozen=True)
class EntryMeta:
    """What every entry carries besides its lines."""

    practice_id: int
    effective_date: date
    source: str
    """Where the entry comes from: ``charge:<id>``, ``era:<id>``, ``patient_payment:<id>``..."""
    idempotency_key: str
    """Unique per practice: posting the same key again returns the first entry."""
    memo: str = ""


@dataclass(frozen=True)
class Holder:
    """Whose unapplied cash or refund it is: a payer, or a patient (and guarantor)."""

    payer_id: int | None = None
    patient_id: int | None = None
    guarantor_id: int | None = None

    def __post_init__(self) -> None:
        if self.payer_id is None and self.patient_id is None and self.guarantor_id is None:
            raise FieldErrors.single("holder", "name the payer, patient or guarantor the money belongs to")


def _positive(amount: Money, field: str = "amount") -> Money:
    if not isinstance(amount, Money):
        raise TypeError(f"{field} must be Money, got {type(amount).__name__}")
    if not amount.is_positive():
        raise FieldErrors.single(field, f"must be more than zero, got {amount}")
    return amount


def _non_zero(amount: Money, field: str = "amount") -> Money:
    if not isinstance(amount, Money):
        raise TypeError(f"{field} must be Money, got {type(amount).__name__}")
    if amount.is_zero():
        raise FieldErrors.single(field, "a zero amount moves nothing; post no entry")
    return amount


def _entry(meta: EntryMeta, kind: EntryKind, *lines: Line) -> Entry:
    return Entry(
        practice_id=meta.practice_id,
        kind=kind,
        effective_date=meta.effective_date,
        source=meta.source,
        idempotency_key=meta.idempotency_key,
        lines=lines,
        memo=meta.memo,
    )


def _holder_account(kind: AccountKind, holder: Holder) -> AccountKey:
    return AccountKey(
        kind, payer_id=holder.payer_id, patient_id=holder.patient_id, guarantor_id=holder.guarantor_id
    )


def charge(meta: EntryMeta, *, ref: ChargeRef, owed_by: Responsibility, amount: Money) -> Entry:
    """A charge on a claim line: the responsible party's AR debited, gross charges credited."""
    amount = _positive(amount)
    return _entry(
        meta, EntryKind.CHARGE, debit(ar_account(ref, owed_by), amount), credit(GROSS_CHARGES, amount)
    )


def insurance_payment(meta: EntryMeta, *, ref: ChargeRef, payer_id: int, amount: Money) -> Entry:
    """A payer's payment on a claim line (835 SVC03 / CLP04): cash debited, insurance AR credited.

    A negative amount (a CLP02 22 reversal or a take-back in the 835) takes the payment back.
    """
    amount = _non_zero(amount)
    ar = ar_account(ref, Responsibility.insurance(payer_id))
    return _entry(meta, EntryKind.INSURANCE_PAYMENT, debit(CASH, amount), credit(ar, amount))


def patient_payment(meta: EntryMeta, *, ref: ChargeRef, amount: Money) -> Entry:
    """A patient's payment applied to a claim line: cash debited, patient AR credited."""
    amount = _positive(amount)
    ar = ar_account(ref, Responsibility.patient())
    return _entry(meta, EntryKind.PATIENT_PAYMENT, debit(CASH, amount), credit(ar, amount))


def contractual_adjustment(meta: EntryMeta, *, ref: ChargeRef, payer_id: int, amount: Money) -> Entry:
    """The contractual write-off (CAS CO): contractual adjustment debited, insurance AR credited.

    A negative amount (a CO adjustment reversed by the payer) posts the other way.
    """
    amount = _non_zero(amount)
    ar = ar_account(ref, Responsibility.insurance(payer_id))
    adjustment = AccountKey(AccountKind.CONTRACTUAL_ADJUSTMENT, payer_id=payer_id)
    return _entry(meta, EntryKind.CONTRACTUAL_ADJUSTMENT, debit(adjustment, amount), credit(ar, amount))


def write_off(
    meta: EntryMeta, *, ref: ChargeRef, owed_by: Responsibility, reason: WriteOffReason, amount: Money
) -> Entry:
    """Another write-off of a receivable, by reason: write-off debited, AR credited."""
    amount = _non_zero(amount)
    account = AccountKey(AccountKind.WRITE_OFF, reason=WriteOffReason(reason))
    return _entry(meta, EntryKind.WRITE_OFF, debit(account, amount), credit(ar_account(ref, owed_by), amount))


def transfer(
    meta: EntryMeta, *, ref: ChargeRef, from_: Responsibility, to: Responsibility, amount: Money
) -> Entry:
    """Move a balance between responsibilities: insurance to patient (CAS PR), primary to secondary."""
    amount = _positive(amount)
    if from_ == to:
        raise FieldErrors.single("to", f"a transfer moves a balance to someone else, not back to {to}")
    return _entry(
        meta, EntryKind.TRANSFER, debit(ar_account(ref, to), amount), credit(ar_account(ref, from_), amount)
    )


def unapplied_cash(meta: EntryMeta, *, holder: Holder, amount: Money) -> Entry:
    """Money received that cannot be applied yet: cash debited, unapplied cash credited."""
    amount = _positive(amount)
    return _entry(
        meta,
        EntryKind.UNAPPLIED_CASH,
        debit(CASH, amount),
        credit(_holder_account(AccountKind.UNAPPLIED_CASH, holder), amount),
    )


def apply_unapplied(
    meta: EntryMeta, *, holder: Holder, ref: ChargeRef, owed_by: Responsibility, amount: Money
) -> Entry:
    """Apply unapplied money to a claim line: unapplied cash debited, AR credited."""
    amount = _positive(amount)
    return _entry(
        meta,
        EntryKind.APPLY_UNAPPLIED,
        debit(_holder_account(AccountKind.UNAPPLIED_CASH, holder), amount),
        credit(ar_account(ref, owed_by), amount),
    )


def refund(meta: EntryMeta, *, ref: ChargeRef, owed_by: Responsibility, amount: Money) -> Entry:
    """A credit balance on a claim line owed back: AR debited, refunds payable credited.

    The refund is owed to whoever holds the credit: the payer for insurance AR, the patient else.
    """
    amount = _positive(amount)
    payee = (
        Holder(patient_id=ref.patient_id, guarantor_id=ref.guarantor_id)
        if owed_by.payer_id is None
        else Holder(payer_id=owed_by.payer_id)
    )
    return _entry(
        meta,
        EntryKind.REFUND,
        debit(ar_account(ref, owed_by), amount),
        credit(_holder_account(AccountKind.REFUNDS_PAYABLE, payee), amount),
    )


def refund_unapplied(meta: EntryMeta, *, holder: Holder, amount: Money) -> Entry:
    """Unapplied money owed back: unapplied cash debited, refunds payable credited."""
    amount = _positive(amount)
    return _entry(
        meta,
        EntryKind.REFUND,
        debit(_holder_account(AccountKind.UNAPPLIED_CASH, holder), amount),
        credit(_holder_account(AccountKind.REFUNDS_PAYABLE, holder), amount),
    )


def refund_issued(meta: EntryMeta, *, payee: Holder, amount: Money) -> Entry:
    """A refund paid out (check or card credit): refunds payable debited, cash credited."""
    amount = _positive(amount)
    return _entry(
        meta,
        EntryKind.REFUND_ISSUED,
        debit(_holder_account(AccountKind.REFUNDS_PAYABLE, payee), amount),
        credit(CASH, amount),
    )


def interest(meta: EntryMeta, *, payer_id: int, amount: Money) -> Entry:
    """Interest a payer paid on a late claim (835 PLB L6): cash debited, interest income credited."""
    amount = _positive(amount)
    income = AccountKey(AccountKind.INTEREST_INCOME, payer_id=payer_id)
    return _entry(meta, EntryKind.INTEREST, debit(CASH, amount), credit(income, amount))


def recoupment(meta: EntryMeta, *, payer_id: int, amount: Money, ref: ChargeRef | None = None) -> Entry:
    """Money a payer withheld from a payment (835 PLB WO): cash credited.

    With the claim line it recovers (``ref``), insurance AR is debited at once (the earlier payment
    is taken back); without it, the payer's recoupment account holds it until
    :func:`apply_recoupment` ties it to a line.
    """
    amount = _positive(amount)
    held = (
        AccountKey(AccountKind.RECOUPMENT, payer_id=payer_id)
        if ref is None
        else ar_account(ref, Responsibility.insurance(payer_id))
    )
    return _entry(meta, EntryKind.RECOUPMENT, debit(held, amount), credit(CASH, amount))


def apply_recoupment(meta: EntryMeta, *, payer_id: int, ref: ChargeRef, amount: Money) -> Entry:
    """Tie withheld money to the claim line it recovers: insurance AR debited, recoupment credited."""
    amount = _positive(amount)
    return _entry(
        meta,
        EntryKind.APPLY_RECOUPMENT,
        debit(ar_account(ref, Responsibility.insurance(payer_id)), amount),
        credit(AccountKey(AccountKind.RECOUPMENT, payer_id=payer_id), amount),
    )
