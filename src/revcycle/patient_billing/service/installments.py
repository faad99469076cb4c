"""Payment plan storage: the installments of an account's plan, payments applied to them, and
each plan's status brought up to date (a defaulted plan lets dunning resume).

Kept apart from ``plans`` so that ``accounts.record_payment`` can apply a payment to the plan
without importing the plan use cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import NotFound
from revcycle.kit.money import Money
from revcycle.patient_billing.domain import plans
from revcycle.patient_billing.tables import PaymentPlanRow, PlanInstallmentRow


def installment_rows(uow: UnitOfWork, plan_id: int) -> Sequence[PlanInstallmentRow]:
    return uow.session.scalars(
        select(PlanInstallmentRow)
        .where(PlanInstallmentRow.plan_id == plan_id)
        .order_by(PlanInstallmentRow.number)
    ).all()


def as_domain(rows: Sequence[PlanInstallmentRow]) -> list[plans.Installment]:
    return [plans.Installment(r.number, r.due_date, r.amount, r.paid) for r in rows]


def get_plan(uow: UnitOfWork, *, practice_id: int, plan_id: int) -> PaymentPlanRow:
    row = uow.session.get(PaymentPlanRow, plan_id)
    if row is None or row.practice_id != practice_id:
        raise NotFound("payment plan", plan_id)
    return row


def active_plan(uow: UnitOfWork, practice_id: int, account: str) -> PaymentPlanRow | None:
    return uow.session.scalars(
        select(PaymentPlanRow)
        .where(
            PaymentPlanRow.practice_id == practice_id,
            PaymentPlanRow.account == account,
            PaymentPlanRow.status == plans.PlanStatus.ACTIVE.value,
        )
        .order_by(PaymentPlanRow.id)
    ).first()


def refresh_status(uow: UnitOfWork, plan: PaymentPlanRow, today: date) -> plans.PlanStatus:
    """Bring the stored status up to date: completed, or defaulted after missed installments."""
    if plan.status in (plans.PlanStatus.CANCELLED.value, plans.PlanStatus.DEFAULTED.value):
        return plans.PlanStatus(plan.status)
    found = plans.status(as_domain(installment_rows(uow, plan.id)), today, grace_days=plan.grace_days)
    plan.status = found.value
    uow.flush()
    return found


def plan_in_force(uow: UnitOfWork, practice_id: int, account: str, today: date) -> bool:
    """True while an active plan covers the account (dunning holds); a plan that has just defaulted
    is marked so and no longer holds."""
    plan = active_plan(uow, practice_id, account)
    return plan is not None and refresh_status(uow, plan, today) is plans.PlanStatus.ACTIVE


def apply_to_plan(
    uow: UnitOfWork, practice_id: int, account: str, amount: Money, today: date
) -> PaymentPlanRow | None:
    """Apply a patient payment to the account's active plan, oldest open installment first.

    Returns the plan (None when the account has none). Overpayment beyond the plan is not an error:
    it stays on the account as the ledger shows it.
    """
    plan = active_plan(uow, practice_id, account)
    if plan is None:
        return None
    rows = installment_rows(uow, plan.id)
    updated, _left = plans.apply_payment(as_domain(rows), amount)
    for row, inst in zip(rows, updated, strict=True):
        row.paid = inst.paid
    uow.flush()
    refresh_status(uow, plan, today)
    return plan
