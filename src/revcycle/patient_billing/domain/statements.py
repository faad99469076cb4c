"""Statement composition: an itemized patient statement for one billing account and cycle.

Pure: the service gathers the lines from the ledger; this module decides what the statement says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from revcycle.kit.money import Money
from revcycle.patient_billing.domain.dunning import Stage

DAYS_TO_PAY = 25
"""The due date is this many days after the statement date."""

STAGE_MESSAGES = {
    Stage.STATEMENT: "Thank you for choosing our practice. This is your statement.",
    Stage.SECOND_STATEMENT: "A balance remains from your last statement. Please pay by the due date.",
    Stage.PAST_DUE: "Your account is past due. Please pay or call us to set up a payment plan.",
    Stage.FINAL_NOTICE: (
        "Final notice: unless the balance is paid or you contact us within 30 days, the account may be "
        "placed with a collection agency. If you dispute this balance, tell us in writing and we will "
        "stop collection until we answer."
    ),
}

HOW_TO_PAY = (
    "Pay at the front desk (cash, check or card), or mail a check payable to the practice with the "
    "account number on it. Call the billing office to ask about a payment plan or financial assistance."
)


def cycle_of(day: date) -> str:
    """Monthly billing cycles: ``2026-03``. An account gets at most one statement per cycle."""
    return f"{day.year:04d}-{day.month:02d}"


@dataclass(frozen=True)
class StatementItem:
    service_date: date
    patient_name: str
    code: str
    description: str
    charge: Money
    insurance_paid: Money
    insurance_adjusted: Money
    patient_paid: Money
    patient_adjusted: Money
    balance: Money
    """The patient's balance on the line (negative: a credit)."""
    insurance_pending: bool


@dataclass(frozen=True)
class StatementDoc:
    practice_name: str
    practice_address: str
    practice_phone: str
    account: str
    to_name: str
    to_address: str
    statement_date: date
    due_date: date
    items: tuple[StatementItem, ...]
    amount_due: Money
    pending_insurance: Money
    credit: Money
    stage: Stage
    message: str
    how_to_pay: str = HOW_TO_PAY

    @property
    def cycle(self) -> str:
        return cycle_of(self.statement_date)


def compose(
    *,
    practice: tuple[str, str, str],
    account: str,
    to: tuple[str, str],
    statement_date: date,
    items: Sequence[StatementItem],
    amount_due: Money,
    pending_insurance: Money,
    credit: Money,
    stage: Stage,
) -> StatementDoc:
    """The statement: items oldest first, the amount due (what insurance has finished with, less
    credits), the due date and the message for the collection stage."""
    due = (amount_due - credit).max(Money.zero())
    return StatementDoc(
        practice_name=practice[0],
        practice_address=practice[1],
        practice_phone=practice[2],
        account=account,
        to_name=to[0],
        to_address=to[1],
        statement_date=statement_date,
        due_date=statement_date + timedelta(days=DAYS_TO_PAY),
        items=tuple(sorted(items, key=lambda i: (i.service_date, i.code))),
        amount_due=due,
        pending_insurance=pending_insurance,
        credit=(credit - amount_due).max(Money.zero()),
        stage=stage,
        message=STAGE_MESSAGES.get(stage, STAGE_MESSAGES[Stage.STATEMENT]),
    )


def statement_text(doc: StatementDoc) -> str:
    """The plain-text e-mail body of a statement (no diagnosis codes; names only as addressed)."""
    out = [
        doc.practice_name,
        doc.practice_address,
        f"Phone: {doc.practice_phone}" if doc.practice_phone else "",
        "",
        f"Statement for {doc.to_name}",
        f"Account {doc.account}    Statement date {doc.statement_date.isoformat()}",
        "",
        doc.message,
        "",
        "Date        Service                                  Charge  Ins paid  Ins adj  You paid  Balance",
    ]
    for i in doc.items:
        what = f"{i.description} ({i.code})"[:40]
        pending = "  (insurance pending)" if i.insurance_pending else ""
        out.append(
            f"{i.service_date.isoformat()}  {what:<40} {i.charge!s:>7} {i.insurance_paid!s:>9} "
            f"{i.insurance_adjusted!s:>8} {i.patient_paid!s:>9} {i.balance!s:>8}{pending}"
        )
    out += [
        "",
        f"Amount due: {doc.amount_due.display()}    Due by: {doc.due_date.isoformat()}",
    ]
    if doc.pending_insurance.is_positive():
        out.append(f"Waiting on insurance (not due yet): {doc.pending_insurance.display()}")
    if doc.credit.is_positive():
        out.append(f"Credit on your account: {doc.credit.display()}")
    out += ["", "How to pay: " + doc.how_to_pay]
    return "\n".join(line for line in out if line is not None)
