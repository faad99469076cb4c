"""Payment plan use cases: agree a plan for what an account owes, show it, review missed installments.

Payments reach the plan through ``accounts.record_payment`` (see ``installments.apply_to_plan``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, FieldCollector, FieldErrors
from revcycle.kit.money import Money
from revcycle.patient_billing.domain import plans
from revcycle.patient_billing.service import accounts, installments
from revcycle.patient_billing.tables import PaymentPlanRow, PlanInstallmentRow

MAX_GRACE_DAYS = 60


@dataclass(frozen=True)
class PlanView:
    plan: PaymentPlanRow
    installments: tuple[plans.Installment, ...]
    status: plans.PlanStatus
    missed: tuple[plans.Installment, ...]

    @property
    def paid(self) -> Money:
        return Money.total(i.paid for i in self.installments)

    @property
    def remaining(self) -> Money:
        return self.plan.total - self.paid

    @property
    def next_due(self) -> plans.Installment | None:
        return plans.next_due(self.installments)


def create_plan(
    uow: UnitOfWork,
    *,
    practice_id: int,
    patient_id: int,
    total: Money,
    first_due: date,
    frequency: str,
    installments_count: int | None = None,
    installment_amount: Money | None = None,
    grace_days: int = plans.GRACE_DAYS,
    today: date,
) -> PlanView:
    """A plan for (part of) what the patient's account owes: ``installments_count`` equal
    installments, or installments of ``installment_amount``. One active plan per account."""
    c = FieldCollector()
    if (installments_count is None) == (installment_amount is None):
        c.add("installments", "give either a number of installments or an installment amount")
    if frequency not in plans.Frequency.__members__.values():
        c.add("frequency", f"{frequency!r} is not monthly, biweekly or weekly")
    if not 0 <= grace_days <= MAX_GRACE_DAYS:
        c.add("grace_days", f"between 0 and {MAX_GRACE_DAYS} days")
    if first_due < today:
        c.add("first_due", "the first installment cannot fall due in the past")
    if not total.is_positive():
        c.add("total", "a plan total must be more than 0.00")
    c.raise_if_any()
    account = accounts.account_of(uow, practice_id, patient_id)
    due = accounts.get_account(uow, practice_id=practice_id, account=account).summary.due
    if total > due:
        raise FieldErrors.single("total", f"only {due} is due on the account")
    if installments.plan_in_force(uow, practice_id, account, today):
        raise Conflict("the account already has an active payment plan")
    freq = plans.Frequency(frequency)
    if installment_amount is not None:
        schedule = plans.schedule_by_amount(total, installment_amount, first_due, freq)
    else:
        assert installments_count is not None
        schedule = plans.schedule(total, installments_count, first_due, freq)
    row = PaymentPlanRow(
        practice_id=practice_id,
        account=account,
        total=total,
        frequency=freq.value,
        status=plans.PlanStatus.ACTIVE.value,
        first_due=first_due,
        grace_days=grace_days,
    )
    uow.session.add(row)
    uow.flush()
    for inst in schedule:
        uow.session.add(
            PlanInstallmentRow(
                plan_id=row.id, number=inst.number, due_date=inst.due_date, amount=inst.amount, paid=inst.paid
            )
        )
    uow.flush()
    return show_plan(uow, practice_id=practice_id, plan_id=row.id, today=today)


def show_plan(uow: UnitOfWork, *, practice_id: int, plan_id: int, today: date) -> PlanView:
    """The plan with its installments and its status as of ``today`` (a default is stored)."""
    row = installments.get_plan(uow, practice_id=practice_id, plan_id=plan_id)
    status = installments.refresh_status(uow, row, today)
    items = installments.as_domain(installments.installment_rows(uow, row.id))
    return PlanView(row, tuple(items), status, tuple(plans.missed(items, today, row.grace_days)))


def plans_of(uow: UnitOfWork, *, practice_id: int, account: str) -> list[PaymentPlanRow]:
    return list(
        uow.session.scalars(
            select(PaymentPlanRow)
            .where(PaymentPlanRow.practice_id == practice_id, PaymentPlanRow.account == account)
            .order_by(PaymentPlanRow.id)
        )
    )


def review_plans(uow: UnitOfWork, *, practice_id: int, today: date) -> list[PaymentPlanRow]:
    """Mark every active plan with too many missed installments defaulted; returns those plans."""
    defaulted = []
    for row in uow.session.scalars(
        select(PaymentPlanRow).where(
            PaymentPlanRow.practice_id == practice_id,
            PaymentPlanRow.status == plans.PlanStatus.ACTIVE.value,
        )
    ).all():
        if installments.refresh_status(uow, row, today) is plans.PlanStatus.DEFAULTED:
            defaulted.append(row)
    return defaulted


def plan_json(view: PlanView) -> dict[str, object]:
    nxt = view.next_due
    return {
        "plan_id": view.plan.id,
        "account": view.plan.account,
        "status": view.status.value,
        "frequency": view.plan.frequency,
        "total": str(view.plan.total),
        "paid": str(view.paid),
        "remaining": str(view.remaining),
        "grace_days": view.plan.grace_days,
        "next_due": None if nxt is None else {"date": nxt.due_date.isoformat(), "amount": str(nxt.open)},
        "missed": len(view.missed),
        "installments": [
            {
                "number": i.number,
                "due_date": i.due_date.isoformat(),
                "amount": str(i.amount),
                "paid": str(i.paid),
            }
            for i in view.installments
        ],
    }
