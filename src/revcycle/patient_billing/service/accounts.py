"""Patient accounts from the ledger: balances per guarantor, patient payments applied to the oldest
balance or a chosen claim, credits refunded, hardship write-offs approved by a supervisor.

A billing account is a guarantor (``guarantor:<id>``), or a patient without one (``patient:<id>``).
Every movement of money is a ledger entry through the ledger's builders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import func, select

from revcycle.charges.tables import ChargeLineRow
from revcycle.claims.tables import ClaimLineRow
from revcycle.intake.repository import repo
from revcycle.intake.tables import PatientRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, FieldCollector, FieldErrors, NotFound
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service
from revcycle.patient_billing.domain.accounts import (
    AccountSummary,
    LineBalance,
    allocate_payment,
    oldest_first,
)
from revcycle.patient_billing.service import installments
from revcycle.patient_billing.tables import PatientPaymentRow, PaymentAllocationRow, WriteOffRequestRow


class PaymentMethod(StrEnum):
    """How a patient paid. revcycle records card payments taken on an outside terminal; it never
    sees or stores card numbers."""

    CASH = "cash"
    """Cash at the desk."""
    CHECK = "check"
    """A paper check; the reference is the check number."""
    CARD = "card"
    """A card charged on the practice's own terminal; the reference is its approval code."""


# -- accounts ---------------------------------------------------------------------------------------
def account_of(uow: UnitOfWork, practice_id: int, patient_id: int) -> str:
    try:
        patient = repo(uow, PatientRow, practice_id).get(patient_id)
    except NotFound:
        raise FieldErrors.single(
            "patient_id", f"patient {patient_id} does not exist in this practice"
        ) from None
    return f"guarantor:{patient.guarantor_id}" if patient.guarantor_id else f"patient:{patient.id}"


def parse_account(text: str) -> tuple[str, int]:
    kind, _, number = text.partition(":")
    if kind not in ("guarantor", "patient") or not number.isdigit():
        raise FieldErrors.single("account", f"{text!r} is not an account (guarantor:<id> or patient:<id>)")
    return kind, int(number)


def patients_of(uow: UnitOfWork, practice_id: int, account: str) -> list[int]:
    kind, number = parse_account(account)
    rows = repo(uow, PatientRow, practice_id)
    if kind == "patient":
        return [rows.get(number).id]
    found = [p.id for p in rows.find(guarantor_id=number)]
    if not found:
        raise NotFound("account", account)
    return found


def _holder(account: str, patient_id: int) -> ledger.Holder:
    kind, number = parse_account(account)
    return ledger.Holder(patient_id=patient_id, guarantor_id=number if kind == "guarantor" else None)


_LineKey = tuple[int, int | None, int | None, int | None]
"""(patient, claim, claim line, self-pay charge line) of a receivable."""


def line_balances(uow: UnitOfWork, practice_id: int, account: str) -> list[LineBalance]:
    """Every claim line and self-pay visit line of the account's patients with its insurance and
    patient balance."""
    totals: dict[_LineKey, dict[str, Money]] = defaultdict(dict)
    guarantors: dict[_LineKey, int | None] = {}
    for patient_id in patients_of(uow, practice_id, account):
        where = ledger.AccountFilter.receivables(patient_id=patient_id)
        for key, amount in ledger_service.balances(uow, practice_id=practice_id, where=where).items():
            assert key.patient_id is not None
            line = (key.patient_id, key.claim_id, key.claim_line_id, key.charge_line_id)
            side = "insurance" if key.kind is ledger.AccountKind.INSURANCE_AR else "patient"
            totals[line][side] = totals[line].get(side, Money.zero()) + amount
            if side == "patient":
                guarantors[line] = key.guarantor_id
    claim_dates = _service_dates(uow, ClaimLineRow, [k[2] for k in totals if k[2] is not None])
    visit_dates = _service_dates(uow, ChargeLineRow, [k[3] for k in totals if k[3] is not None])
    out = [
        LineBalance(
            patient_id=p,
            claim_id=c,
            claim_line_id=ln,
            service_date=claim_dates.get(ln or 0) or visit_dates.get(cl or 0) or date.min,
            insurance=sides.get("insurance", Money.zero()),
            patient=sides.get("patient", Money.zero()),
            guarantor_id=guarantors.get((p, c, ln, cl)),
            charge_line_id=cl,
        )
        for (p, c, ln, cl), sides in totals.items()
    ]
    return [b for b in oldest_first(out) if not (b.insurance.is_zero() and b.patient.is_zero())]


def _service_dates(
    uow: UnitOfWork, table: type[ClaimLineRow | ChargeLineRow], ids: list[int]
) -> dict[int, date]:
    if not ids:
        return {}
    rows = uow.session.execute(select(table.id, table.service_date).where(table.id.in_(ids))).all()
    return {int(i): d for i, d in rows}


def unapplied(uow: UnitOfWork, practice_id: int, account: str) -> Money:
    """Patient money held for the account and not applied to a line (a credit, positive)."""
    total = Money.zero()
    for patient_id in patients_of(uow, practice_id, account):
        holder = _holder(account, patient_id)
        key = ledger.AccountKey(
            ledger.AccountKind.UNAPPLIED_CASH, patient_id=holder.patient_id, guarantor_id=holder.guarantor_id
        )
        total -= ledger_service.account_balance(uow, practice_id=practice_id, account=key)
    return total


@dataclass(frozen=True)
class AccountView:
    account: str
    lines: tuple[LineBalance, ...]
    summary: AccountSummary


def get_account(uow: UnitOfWork, *, practice_id: int, account: str) -> AccountView:
    lines = line_balances(uow, practice_id, account)
    return AccountView(account, tuple(lines), AccountSummary.of(lines, unapplied(uow, practice_id, account)))


# -- payments ---------------------------------------------------------------------------------------
def _next_receipt(uow: UnitOfWork, practice_id: int) -> str:
    count = uow.session.scalar(
        select(func.count())
        .select_from(PatientPaymentRow)
        .where(PatientPaymentRow.practice_id == practice_id)
    )
    return f"R{int(count or 0) + 1:08d}"


def _ref(line: LineBalance) -> ledger.ChargeRef:
    return ledger.ChargeRef(
        line.patient_id, line.claim_id, line.claim_line_id, line.guarantor_id, line.charge_line_id
    )


def record_payment(
    uow: UnitOfWork,
    *,
    practice_id: int,
    patient_id: int,
    amount: Money,
    method: str,
    reference: str = "",
    received_on: date | None = None,
    claim_id: int | None = None,
    recorded_by: str = "",
    plan_id: int | None = None,
) -> PatientPaymentRow:
    """Post a patient payment: to the oldest due lines (or ``claim_id``'s), the rest held unapplied.

    When the account has an active payment plan, the payment also pays its oldest open installments.
    """
    c = FieldCollector()
    if method not in PaymentMethod.__members__.values():
        c.add("method", f"{method!r} is not cash, check or card")
    if method in (PaymentMethod.CHECK, PaymentMethod.CARD) and not reference.strip():
        c.add("reference", "a check number or the terminal's approval code is required")
    if len(reference) > 40:
        c.add("reference", "at most 40 characters")
    if not amount.is_positive():
        c.add("amount", "a payment must be more than 0.00")
    c.raise_if_any()
    account = account_of(uow, practice_id, patient_id)
    lines = line_balances(uow, practice_id, account)
    allocations, left = allocate_payment(amount, lines, claim_id=claim_id)
    on = received_on or clock.today()
    row = PatientPaymentRow(
        practice_id=practice_id,
        account=account,
        patient_id=patient_id,
        amount=amount,
        unapplied=left,
        method=method,
        reference=reference.strip(),
        received_on=on,
        claim_id=claim_id,
        plan_id=plan_id,
        receipt_number=_next_receipt(uow, practice_id),
        recorded_by=recorded_by,
    )
    uow.session.add(row)
    uow.flush()
    source = f"patient_payment:{row.id}"
    for n, a in enumerate(allocations):
        meta = ledger.EntryMeta(
            practice_id, on, source, f"{source}:{n}", f"patient payment {row.receipt_number}"
        )
        posted = ledger_service.post(uow, ledger.patient_payment(meta, ref=_ref(a.line), amount=a.amount))
        uow.session.add(
            PaymentAllocationRow(
                payment_id=row.id,
                patient_id=a.line.patient_id,
                claim_id=a.line.claim_id,
                claim_line_id=a.line.claim_line_id,
                amount=a.amount,
                ledger_entry_id=posted.id,
            )
        )
    if left.is_positive():
        meta = ledger.EntryMeta(
            practice_id, on, source, f"{source}:unapplied", f"unapplied {row.receipt_number}"
        )
        ledger_service.post(
            uow, ledger.unapplied_cash(meta, holder=_holder(account, patient_id), amount=left)
        )
    plan = installments.apply_to_plan(uow, practice_id, account, amount, on)
    if plan is not None and row.plan_id is None:
        row.plan_id = plan.id
    uow.flush()
    return row


def get_payment(uow: UnitOfWork, *, practice_id: int, payment_id: int) -> PatientPaymentRow:
    row = uow.session.get(PatientPaymentRow, payment_id)
    if row is None or row.practice_id != practice_id:
        raise NotFound("payment", payment_id)
    return row


def allocations_of(uow: UnitOfWork, payment_id: int) -> Sequence[PaymentAllocationRow]:
    return uow.session.scalars(
        select(PaymentAllocationRow)
        .where(PaymentAllocationRow.payment_id == payment_id)
        .order_by(PaymentAllocationRow.id)
    ).all()


def refund_credit(
    uow: UnitOfWork, *, practice_id: int, account: str, amount: Money, on: date | None = None, memo: str = ""
) -> Money:
    """Give back unapplied money (a credit balance): refund owed, then paid out. Returns the amount."""
    if not amount.is_positive():
        raise FieldErrors.single("amount", "a refund must be more than 0.00")
    held = unapplied(uow, practice_id, account)
    if amount > held:
        raise FieldErrors.single("amount", f"the account holds a credit of {held}, less than {amount}")
    on = on or clock.today()
    left = amount
    for patient_id in patients_of(uow, practice_id, account):
        holder = _holder(account, patient_id)
        key = ledger.AccountKey(
            ledger.AccountKind.UNAPPLIED_CASH, patient_id=holder.patient_id, guarantor_id=holder.guarantor_id
        )
        part = (-ledger_service.account_balance(uow, practice_id=practice_id, account=key)).min(left)
        if not part.is_positive():
            continue
        n = len(ledger_service.entries_from_source(uow, practice_id=practice_id, source=f"refund:{account}"))
        source = f"refund:{account}"
        meta = ledger.EntryMeta(practice_id, on, source, f"{source}:{n}", memo or "patient refund")
        ledger_service.post(uow, ledger.refund_unapplied(meta, holder=holder, amount=part))
        paid = ledger.EntryMeta(practice_id, on, source, f"{source}:{n + 1}", memo or "patient refund paid")
        ledger_service.post(uow, ledger.refund_issued(paid, payee=holder, amount=part))
        left -= part
    return amount


# -- hardship write-offs ----------------------------------------------------------------------------
def request_hardship(
    uow: UnitOfWork, *, practice_id: int, account: str, amount: Money, reason: str, requested_by: str
) -> WriteOffRequestRow:
    c = FieldCollector()
    if not amount.is_positive():
        c.add("amount", "a write-off must be more than 0.00")
    if not reason.strip():
        c.add("reason", "say why (the hardship the guarantor described)")
    c.raise_if_any()
    due = get_account(uow, practice_id=practice_id, account=account).summary.due
    if amount > due:
        raise FieldErrors.single("amount", f"only {due} is due on the account")
    row = WriteOffRequestRow(
        practice_id=practice_id,
        account=account,
        amount=amount,
        reason=reason.strip(),
        requested_by=requested_by,
    )
    uow.session.add(row)
    uow.flush()
    return row


def decide_hardship(
    uow: UnitOfWork, *, practice_id: int, request_id: int, approve: bool, decided_by: str
) -> WriteOffRequestRow:
    """Approve (write the amount off as charity, oldest lines first) or deny a pending request.

    The approver must be someone other than the requester.
    """
    row = uow.session.get(WriteOffRequestRow, request_id)
    if row is None or row.practice_id != practice_id:
        raise NotFound("write-off request", request_id)
    if row.status != "pending":
        raise Conflict(f"write-off request {request_id} is already {row.status}")
    if decided_by and decided_by == row.requested_by:
        raise Conflict("a write-off needs approval by someone other than the person who asked for it")
    row.status, row.decided_by, row.decided_at = (
        ("approved" if approve else "denied"),
        decided_by,
        clock.now(),
    )
    if approve:
        left = row.amount
        source = f"hardship:{row.id}"
        for n, line in enumerate(
            b for b in line_balances(uow, practice_id, row.account) if b.due.is_positive()
        ):
            part = line.due.min(left)
            if not part.is_positive():
                break
            meta = ledger.EntryMeta(practice_id, clock.today(), source, f"{source}:{n}", "hardship write-off")
            ledger_service.post(
                uow,
                ledger.write_off(
                    meta,
                    ref=_ref(line),
                    owed_by=ledger.Responsibility.patient(),
                    reason=ledger.WriteOffReason.CHARITY,
                    amount=part,
                ),
            )
            left -= part
    uow.flush()
    return row


def pending_hardship(uow: UnitOfWork, practice_id: int, account: str) -> bool:
    return (
        uow.session.scalar(
            select(func.count())
            .select_from(WriteOffRequestRow)
            .where(
                WriteOffRequestRow.practice_id == practice_id,
                WriteOffRequestRow.account == account,
                WriteOffRequestRow.status == "pending",
            )
        )
        or 0
    ) > 0
