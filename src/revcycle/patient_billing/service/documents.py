"""Statements (cycle billing, at most one per account and cycle), statement history and receipts."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from revcycle.charges.tables import ChargeLineRow, ChargeMasterRow
from revcycle.claims.tables import ClaimLineRow
from revcycle.intake.repository import practice_repo, repo
from revcycle.intake.tables import GuarantorRow, PatientRow
from revcycle.kit.db import UnitOfWork
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import repository as ledger_repository
from revcycle.patient_billing.domain import dunning
from revcycle.patient_billing.domain.statements import (
    STAGE_MESSAGES,
    StatementDoc,
    StatementItem,
    compose,
    cycle_of,
    statement_text,
)
from revcycle.patient_billing.render import statement_pdf
from revcycle.patient_billing.service import accounts, installments
from revcycle.patient_billing.service.contact import collection_row, contact, person_of
from revcycle.patient_billing.tables import ContactRow, StatementRow

__all__ = ["collection_row", "compose_statement", "receipt_text", "run_statements", "statement_history"]

_INSURANCE_PAID = {ledger.EntryKind.INSURANCE_PAYMENT}
_ADJUSTED = {ledger.EntryKind.CONTRACTUAL_ADJUSTMENT, ledger.EntryKind.WRITE_OFF}
_PATIENT_PAID = {ledger.EntryKind.PATIENT_PAYMENT, ledger.EntryKind.APPLY_UNAPPLIED}


def _items(uow: UnitOfWork, practice_id: int, patient: PatientRow) -> list[StatementItem]:
    """One item per claim line, and per self-pay visit line, with what moved on it."""
    where = ledger.AccountFilter.receivables(patient_id=patient.id)
    sums: dict[tuple[int | None, int | None], dict[str, Money]] = defaultdict(lambda: defaultdict(Money.zero))
    for m in ledger_repository.movements(uow.session, practice_id, where, None, None):
        s = sums[(m.account.claim_line_id, m.account.charge_line_id)]
        insurance = m.account.kind is ledger.AccountKind.INSURANCE_AR
        if m.kind is ledger.EntryKind.CHARGE:
            s["charge"] += m.amount
        elif insurance and m.kind in _INSURANCE_PAID:
            s["insurance_paid"] -= m.amount
        elif insurance and m.kind in _ADJUSTED:
            s["insurance_adjusted"] -= m.amount
        elif not insurance and m.kind in _PATIENT_PAID:
            s["patient_paid"] -= m.amount
        elif not insurance and m.kind is ledger.EntryKind.WRITE_OFF:
            s["patient_adjusted"] -= m.amount
        s["insurance" if insurance else "balance"] += m.amount
    claim_lines = {
        r.id: r
        for r in uow.session.scalars(
            select(ClaimLineRow).where(ClaimLineRow.id.in_([c for c, _ in sums if c]))
        )
    }
    visit_lines = {
        r.id: r
        for r in uow.session.scalars(
            select(ChargeLineRow).where(ChargeLineRow.id.in_([v for _, v in sums if v]))
        )
    }
    names = dict(
        uow.session.execute(
            select(ChargeMasterRow.code, ChargeMasterRow.description).where(
                ChargeMasterRow.practice_id == practice_id
            )
        ).all()
    )
    out = []
    for (claim_line_id, charge_line_id), s in sums.items():
        if s["balance"].is_zero() and s["insurance"].is_zero():
            continue
        row = claim_lines.get(claim_line_id or 0) or visit_lines.get(charge_line_id or 0)
        code = row.code if row else ""
        out.append(
            StatementItem(
                service_date=row.service_date if row else date.min,
                patient_name=f"{patient.first_name} {patient.last_name}",
                code=code,
                description=names.get(code) or (f"Medical service {code}" if code else "Medical services"),
                charge=s["charge"],
                insurance_paid=s["insurance_paid"],
                insurance_adjusted=s["insurance_adjusted"],
                patient_paid=s["patient_paid"],
                patient_adjusted=s["patient_adjusted"],
                balance=s["balance"],
                insurance_pending=not s["insurance"].is_zero(),
            )
        )
    return out


def _addressee(uow: UnitOfWork, practice_id: int, account: str) -> tuple[str, str]:
    kind, number = accounts.parse_account(account)
    row: GuarantorRow | PatientRow = (
        repo(uow, GuarantorRow, practice_id).get(number)
        if kind == "guarantor"
        else repo(uow, PatientRow, practice_id).get(number)
    )
    address = ", ".join(p for p in (row.address_line1, row.city, row.state, row.zip) if p)
    return f"{row.first_name} {row.last_name}", address


def compose_statement(uow: UnitOfWork, *, practice_id: int, account: str, on: date) -> StatementDoc:
    """What the account's statement says today (nothing is stored)."""
    view = accounts.get_account(uow, practice_id=practice_id, account=account)
    practice = practice_repo(uow).get(practice_id)
    items = [
        item
        for patient_id in accounts.patients_of(uow, practice_id, account)
        for item in _items(uow, practice_id, repo(uow, PatientRow, practice_id).get(patient_id))
    ]
    state = collection_row(uow, practice_id, account)
    address = ", ".join(p for p in (practice.address_line1, practice.city, practice.state, practice.zip) if p)
    return compose(
        practice=(practice.name, address, practice.phone or ""),
        account=account,
        to=_addressee(uow, practice_id, account),
        statement_date=on,
        items=items,
        amount_due=view.summary.due,
        pending_insurance=view.summary.pending_insurance,
        credit=view.summary.credit,
        stage=dunning.Stage(state.stage) if state.stage != "none" else dunning.Stage.STATEMENT,
    )


def billing_accounts(uow: UnitOfWork, practice_id: int) -> list[str]:
    found = [
        f"guarantor:{p.guarantor_id}" if p.guarantor_id else f"patient:{p.id}"
        for p in uow.session.scalars(
            select(PatientRow).where(PatientRow.practice_id == practice_id).order_by(PatientRow.id)
        )
    ]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class RunResult:
    sent: tuple[StatementRow, ...]
    skipped: tuple[tuple[str, str], ...]
    """(account, why) for accounts with a balance that got no statement."""
    emails: tuple[ContactRow, ...] = ()
    """Statement e-mails: sent, or deferred when it is outside 8 am-9 pm where the guarantor lives."""


def run_statements(
    uow: UnitOfWork,
    *,
    practice_id: int,
    on: date,
    out_dir: Path | None = None,
    now: datetime | None = None,
) -> RunResult:
    """Cycle billing: one statement per account with a balance due, at most one per cycle; disputed
    accounts get none. Advances the dunning stage (up to the final notice; not while a payment plan
    is in force) and writes PDF and text files to ``out_dir`` when given. With ``now``, accounts
    whose addressee has an e-mail address get the statement e-mail, within the contact window."""
    sent: list[StatementRow] = []
    emails: list[ContactRow] = []
    skipped: list[tuple[str, str]] = []
    cycle = cycle_of(on)
    for account in billing_accounts(uow, practice_id):
        doc = compose_statement(uow, practice_id=practice_id, account=account, on=on)
        if not doc.amount_due.is_positive():
            continue
        exists = uow.session.scalars(
            select(StatementRow.id).where(
                StatementRow.practice_id == practice_id,
                StatementRow.account == account,
                StatementRow.cycle == cycle,
            )
        ).first()
        if exists is not None:
            skipped.append((account, f"already billed in cycle {cycle}"))
            continue
        state = collection_row(uow, practice_id, account)
        if state.dispute_note:
            skipped.append((account, "disputed: collection is stopped"))
            continue
        stage = dunning.Stage(state.stage)
        decision = dunning.next_step(
            dunning.CollectionAccount(
                due=doc.amount_due,
                first_statement_on=state.first_statement_on,
                stage=stage,
                stage_on=state.stage_on,
                active_plan=installments.plan_in_force(uow, practice_id, account, on),
                hardship_pending=accounts.pending_hardship(uow, practice_id, account),
            ),
            on,
        )
        if decision.next_stage is not None and decision.next_stage is not dunning.Stage.AGENCY:
            stage, state.stage, state.stage_on = decision.next_stage, decision.next_stage.value, on
        if state.first_statement_on is None:
            state.first_statement_on = on
        shown = stage if stage is not dunning.Stage.NONE else dunning.Stage.STATEMENT
        doc = replace(doc, stage=shown, message=STAGE_MESSAGES.get(shown, doc.message))
        row = StatementRow(
            practice_id=practice_id,
            account=account,
            cycle=cycle,
            statement_date=on,
            due_date=doc.due_date,
            amount_due=doc.amount_due,
            stage=doc.stage.value,
            content=json.dumps({"text": statement_text(doc)}),
        )
        uow.session.add(row)
        uow.flush()
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            stem = f"statement-{row.id:06d}-{cycle}"
            (out_dir / f"{stem}.pdf").write_bytes(statement_pdf(doc))
            (out_dir / f"{stem}.txt").write_text(statement_text(doc), encoding="utf-8")
        sent.append(row)
        if now is not None and person_of(uow, practice_id, account).email:
            emails.append(
                contact(
                    uow,
                    practice_id=practice_id,
                    account=account,
                    kind="statement_email",
                    now=now,
                    reference=f"statement:{row.id}",
                )
            )
    return RunResult(tuple(sent), tuple(skipped), tuple(emails))


def statement_history(uow: UnitOfWork, *, practice_id: int, account: str) -> Sequence[StatementRow]:
    return uow.session.scalars(
        select(StatementRow)
        .where(StatementRow.practice_id == practice_id, StatementRow.account == account)
        .order_by(StatementRow.statement_date.desc(), StatementRow.id.desc())
    ).all()


def receipt_text(uow: UnitOfWork, *, practice_id: int, payment_id: int) -> str:
    """A receipt: practice, receipt number, date, amount, method, what it paid, what is left."""
    payment = accounts.get_payment(uow, practice_id=practice_id, payment_id=payment_id)
    practice = practice_repo(uow).get(practice_id)
    lines = [
        practice.name,
        f"Receipt {payment.receipt_number}    {payment.received_on.isoformat()}",
        f"Account {payment.account}",
        f"Received {payment.amount.display()} by {payment.method}"
        + (f" (ref {payment.reference})" if payment.reference else ""),
    ]
    for a in accounts.allocations_of(uow, payment.id):
        where = f"claim {a.claim_id} line {a.claim_line_id}" if a.claim_id else "a self-pay visit"
        lines.append(f"  applied {a.amount.display()} to {where}")
    if payment.unapplied.is_positive():
        lines.append(f"  held on account (credit): {payment.unapplied.display()}")
    balance = accounts.get_account(uow, practice_id=practice_id, account=payment.account).summary
    lines.append(f"Balance due now: {balance.due.display()}")
    return "\n".join(lines)
