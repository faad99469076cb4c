"""Collections: disputes (which stop statements and dunning), reminders within the contact window,
placement with an agency once the final notice has had its 30 days, and the agency's CSV file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, FieldCollector, FieldErrors
from revcycle.kit.money import Money
from revcycle.patient_billing.domain import dunning, plans
from revcycle.patient_billing.service import accounts, installments
from revcycle.patient_billing.service.contact import collection_row, contact, person_of
from revcycle.patient_billing.tables import CollectionAccountRow, ContactRow, PaymentPlanRow

CSV_COLUMNS = (
    "account",
    "last_name",
    "first_name",
    "address_line1",
    "city",
    "state",
    "zip",
    "phone",
    "amount_placed",
    "placed_on",
    "first_statement_on",
    "final_notice_on",
    "agency",
)
REMINDER_DAYS = 3
"""A payment plan reminder goes out this many days before an installment falls due."""


def open_dispute(
    uow: UnitOfWork, *, practice_id: int, account: str, note: str, on: date
) -> CollectionAccountRow:
    """The guarantor disputes the debt: statements and collection stop until it is resolved."""
    if not note.strip():
        raise FieldErrors.single("note", "say what the guarantor disputes")
    accounts.patients_of(uow, practice_id, account)
    row = collection_row(uow, practice_id, account)
    if row.dispute_note:
        raise Conflict("the account is already disputed")
    row.dispute_note, row.disputed_on = note.strip()[:2000], on
    uow.flush()
    return row


def resolve_dispute(uow: UnitOfWork, *, practice_id: int, account: str) -> CollectionAccountRow:
    """The dispute is answered (validation sent, or corrected): collection may resume."""
    row = collection_row(uow, practice_id, account)
    if not row.dispute_note:
        raise Conflict("the account is not disputed")
    row.dispute_note, row.disputed_on = None, None
    uow.flush()
    return row


def _state(uow: UnitOfWork, practice_id: int, account: str, on: date) -> dunning.CollectionAccount:
    row = collection_row(uow, practice_id, account)
    return dunning.CollectionAccount(
        due=accounts.get_account(uow, practice_id=practice_id, account=account).summary.due,
        first_statement_on=row.first_statement_on,
        stage=dunning.Stage(row.stage),
        stage_on=row.stage_on,
        disputed=bool(row.dispute_note),
        active_plan=installments.plan_in_force(uow, practice_id, account, on),
        hardship_pending=accounts.pending_hardship(uow, practice_id, account),
    )


def next_step(uow: UnitOfWork, *, practice_id: int, account: str, on: date) -> dunning.Decision:
    return dunning.next_step(_state(uow, practice_id, account, on), on)


def ready_for_agency(uow: UnitOfWork, *, practice_id: int, on: date) -> list[str]:
    """Accounts whose final notice has had its 30 days and who still owe (no hold)."""
    rows = uow.session.scalars(
        select(CollectionAccountRow.account).where(
            CollectionAccountRow.practice_id == practice_id,
            CollectionAccountRow.stage == dunning.Stage.FINAL_NOTICE.value,
        )
    ).all()
    return [
        a
        for a in rows
        if next_step(uow, practice_id=practice_id, account=a, on=on).next_stage is dunning.Stage.AGENCY
    ]


def place_with_agency(
    uow: UnitOfWork, *, practice_id: int, account: str, agency: str, on: date
) -> CollectionAccountRow:
    """Place the account with a collection agency: only after the final notice's 30 days and never
    while disputed, on a plan, or waiting on a hardship decision."""
    if not agency.strip():
        raise FieldErrors.single("agency", "name the collection agency")
    decision = next_step(uow, practice_id=practice_id, account=account, on=on)
    if decision.hold is not None:
        raise Conflict(f"collection is on hold for this account ({decision.hold.value})")
    if decision.next_stage is not dunning.Stage.AGENCY:
        raise Conflict("an account goes to an agency only 30 days after its final notice (120 days in all)")
    row = collection_row(uow, practice_id, account)
    row.stage, row.stage_on = dunning.Stage.AGENCY.value, on
    row.agency_name, row.placed_on = agency.strip()[:80], on
    row.placed_amount = accounts.get_account(uow, practice_id=practice_id, account=account).summary.due
    uow.flush()
    return row


def placed_accounts(uow: UnitOfWork, *, practice_id: int) -> list[CollectionAccountRow]:
    return list(
        uow.session.scalars(
            select(CollectionAccountRow)
            .where(
                CollectionAccountRow.practice_id == practice_id,
                CollectionAccountRow.placed_on.is_not(None),
            )
            .order_by(CollectionAccountRow.placed_on, CollectionAccountRow.id)
        )
    )


def export_csv(uow: UnitOfWork, *, practice_id: int) -> tuple[str, list[CollectionAccountRow]]:
    """The agency's file: one row per placed account (amounts as decimal strings)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = placed_accounts(uow, practice_id=practice_id)
    for r in rows:
        p = person_of(uow, practice_id, r.account)
        writer.writerow(
            [
                r.account,
                p.last_name,
                p.first_name,
                p.address_line1 or "",
                p.city or "",
                p.state or "",
                p.zip or "",
                p.phone or "",
                str(r.placed_amount or Money.zero()),
                r.placed_on.isoformat() if r.placed_on else "",
                r.first_statement_on.isoformat() if r.first_statement_on else "",
                r.stage_on.isoformat() if r.stage_on and r.stage != "agency" else "",
                r.agency_name or "",
            ]
        )
    return out.getvalue(), rows


@dataclass(frozen=True)
class ReminderRun:
    contacts: tuple[ContactRow, ...]


def send_reminders(uow: UnitOfWork, *, practice_id: int, now: datetime, today: date) -> ReminderRun:
    """Remind accounts of a plan installment due within ``REMINDER_DAYS`` (or missed), one
    attempt per installment and day; each is sent, deferred (outside 8 am-9 pm local) or stopped."""
    c = FieldCollector()
    if now.tzinfo is None:
        c.add("now", "must carry a time zone")
    c.raise_if_any()
    made: list[ContactRow] = []
    active = uow.session.scalars(
        select(PaymentPlanRow).where(
            PaymentPlanRow.practice_id == practice_id, PaymentPlanRow.status == plans.PlanStatus.ACTIVE.value
        )
    ).all()
    for plan in active:
        if installments.refresh_status(uow, plan, today) is not plans.PlanStatus.ACTIVE:
            continue
        items = installments.as_domain(installments.installment_rows(uow, plan.id))
        nxt = plans.next_due(items)
        if nxt is None or (nxt.due_date - today).days > REMINDER_DAYS:
            continue
        reference = f"plan:{plan.id}:{nxt.number}:{today.isoformat()}"
        done = uow.session.scalars(
            select(ContactRow.id).where(
                ContactRow.practice_id == practice_id,
                ContactRow.reference == reference,
                ContactRow.status != "deferred",
            )
        ).first()
        if done is None:
            made.append(
                contact(
                    uow,
                    practice_id=practice_id,
                    account=plan.account,
                    kind="reminder",
                    now=now,
                    reference=reference,
                )
            )
    return ReminderRun(tuple(made))
