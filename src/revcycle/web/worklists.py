"""Read-only worklists the office screens need across contexts: patient balances due (by age, with
the dunning stage) and eligibility problems (inactive, rejected, changed, not checked for a visit).
Nothing here writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from revcycle.eligibility.tables import AppointmentRow, EligibilityCheckRow
from revcycle.intake.tables import CoverageRow
from revcycle.kit.db import UnitOfWork
from revcycle.kit.money import Money
from revcycle.patient_billing.service import accounts, documents
from revcycle.patient_billing.tables import CollectionAccountRow

UPCOMING_DAYS = 7
"""Visits this many days ahead must have an eligibility check."""


@dataclass(frozen=True)
class BalanceDue:
    account: str
    patient_id: int
    """The account's first patient (the page links to that patient's account)."""
    due: Money
    age_days: int
    """Days since the oldest line with a balance due was served."""
    stage: str


def balances_due(uow: UnitOfWork, practice_id: int, today: date) -> list[BalanceDue]:
    """Accounts owing the practice now, oldest first."""
    stages = dict(
        uow.session.execute(
            select(CollectionAccountRow.account, CollectionAccountRow.stage).where(
                CollectionAccountRow.practice_id == practice_id
            )
        ).all()
    )
    found = []
    for account in documents.billing_accounts(uow, practice_id):
        view = accounts.get_account(uow, practice_id=practice_id, account=account)
        due_lines = [ln for ln in view.lines if ln.due.is_positive()]
        if not view.summary.due.is_positive() or not due_lines:
            continue
        oldest = min(ln.service_date for ln in due_lines)
        found.append(
            BalanceDue(
                account,
                due_lines[0].patient_id,
                view.summary.due,
                (today - oldest).days,
                stages.get(account, "none"),
            )
        )
    return sorted(found, key=lambda b: (-b.age_days, b.account))


@dataclass(frozen=True)
class EligibilityProblem:
    coverage: CoverageRow
    problem: str
    """inactive, rejected, check_failed, changed, not_checked."""
    detail: str
    check: EligibilityCheckRow | None


def _last_checks(uow: UnitOfWork, practice_id: int) -> dict[int, EligibilityCheckRow]:
    rows = uow.session.scalars(
        select(EligibilityCheckRow)
        .where(EligibilityCheckRow.practice_id == practice_id)
        .order_by(EligibilityCheckRow.id)
    )
    return {r.coverage_id: r for r in rows}


def _problem_of(row: EligibilityCheckRow) -> tuple[str, str] | None:
    if row.status == "failed":
        return "check_failed", row.error or "the check failed"
    if row.status != "answered":
        return None
    if row.coverage_status == "inactive":
        return "inactive", f"the payer said inactive on {row.service_date.isoformat()}"
    if row.coverage_status == "rejected":
        snapshot = json.loads(row.snapshot or "{}")
        reasons = "; ".join(str(r.get("reason", "")) for r in snapshot.get("rejections", ())) or "no reason"
        return "rejected", f"the payer could not answer (AAA): {reasons}"
    changes = json.loads(row.changes or "[]")
    if changes:
        return "changed", "; ".join(changes)
    return None


def eligibility_problems(uow: UnitOfWork, practice_id: int, today: date) -> list[EligibilityProblem]:
    """Coverages whose last check needs a look, and coverages of patients with a visit in the next
    days and no check for it."""
    coverages = {
        c.id: c
        for c in uow.session.scalars(
            select(CoverageRow).where(CoverageRow.practice_id == practice_id).order_by(CoverageRow.id)
        )
        if c.termination_date is None or c.termination_date >= today
    }
    last = _last_checks(uow, practice_id)
    found: dict[int, EligibilityProblem] = {}
    for coverage_id, row in last.items():
        problem = _problem_of(row)
        if problem and coverage_id in coverages:
            found[coverage_id] = EligibilityProblem(coverages[coverage_id], *problem, row)
    visits = uow.session.scalars(
        select(AppointmentRow).where(
            AppointmentRow.practice_id == practice_id,
            AppointmentRow.status == "scheduled",
            AppointmentRow.scheduled_on >= today,
            AppointmentRow.scheduled_on <= today + timedelta(days=UPCOMING_DAYS),
        )
    )
    for visit in visits:
        for c in coverages.values():
            checked = last.get(c.id)
            if c.patient_id != visit.patient_id or c.id in found:
                continue
            if checked is None or checked.service_date != visit.scheduled_on:
                detail = f"visit on {visit.scheduled_on.isoformat()} not checked"
                found[c.id] = EligibilityProblem(c, "not_checked", detail, checked)
    return sorted(found.values(), key=lambda p: (p.problem, p.coverage.id))
