"""Patient pages: find a patient (searched by POST, so no PHI lands in a URL) and the account.

The account gathers what other contexts know of the patient, each part shown only to roles that
may see it: coverages, encounters and claims, and the ledger with its running balance.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response

from revcycle.api.deps import Scope, Uow, require
from revcycle.charges import queries as charge_queries
from revcycle.claims import queries as claim_queries
from revcycle.eligibility import service as eligibility
from revcycle.intake import service
from revcycle.intake.tables import PatientRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.ledger import service as ledger
from revcycle.patient_billing.service import accounts, documents
from revcycle.patient_billing.service import plans as payment_plans
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access
from revcycle.web.app import render, verify_csrf
from revcycle.web.lookups import payer_names, provider_names

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25


@router.get("/patients", name="patients")
def patients_page(request: Request, scope: Annotated[Scope, require("patients:read")]) -> Response:
    return render(request, "patients.html", title="Patients", criteria={}, results=None)


@router.post("/patients", dependencies=[Depends(verify_csrf)])
def search_patients(
    request: Request,
    uow: Uow,
    scope: Annotated[Scope, require("patients:read")],
    last_name: Annotated[str, Form(max_length=60)] = "",
    first_name: Annotated[str, Form(max_length=35)] = "",
    date_of_birth: Annotated[str, Form(max_length=10)] = "",
    account_number: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    criteria = {
        "last_name": last_name.strip(),
        "first_name": first_name.strip(),
        "date_of_birth": date_of_birth.strip(),
        "account_number": account_number.strip(),
    }
    error = None
    try:
        dob = date.fromisoformat(criteria["date_of_birth"]) if criteria["date_of_birth"] else None
    except ValueError:
        dob, error = None, "Enter the date of birth as a date."
    if error is None and not any(criteria.values()):
        error = "Enter a name, a date of birth or an account number."
    if error:
        return render(
            request, "patients.html", 422, title="Patients", criteria=criteria, results=None, error=error
        )
    rows, total = audited_search(uow, scope, {**criteria, "date_of_birth": dob})
    return render(request, "patients.html", title="Patients", criteria=criteria, results=rows, total=total)


def audited_search(
    uow: UnitOfWork, scope: Scope, criteria: dict[str, Any]
) -> tuple[Sequence[PatientRow], int]:
    """The first page of patients matching ``criteria``; each one shown is audited as read."""
    rows, total = service.search_patients(
        uow, practice_id=scope.practice_id, criteria=criteria, limit=PAGE_SIZE, offset=0
    )
    for row in rows:
        record_access(uow, scope, AuditAction.READ, "patient", row.id, row.id, detail="web search result")
    return rows, total


METHODS = {"cash": "Cash", "check": "Check (number)", "card": "Card (terminal approval code)"}


def _billing(uow: UnitOfWork, scope: Scope, patient_id: int, coverages: Any) -> dict[str, Any]:
    """What the account shows of patient billing and eligibility, by permission."""
    pid = scope.practice_id
    out: dict[str, Any] = {"methods": METHODS, "can_pay": scope.can("payments:write")}
    if scope.can("payments:read"):
        account = accounts.account_of(uow, pid, patient_id)
        out["account"] = accounts.get_account(uow, practice_id=pid, account=account)
        out["statements"] = documents.statement_history(uow, practice_id=pid, account=account)
        out["plans"] = [
            payment_plans.show_plan(uow, practice_id=pid, plan_id=row.id, today=clock.today())
            for row in payment_plans.plans_of(uow, practice_id=pid, account=account)
        ]
    if coverages is not None:
        out["eligibility"] = {
            c.id: eligibility.latest_check(uow, practice_id=pid, coverage_id=c.id) for c in coverages
        }
        out["can_check"] = scope.can("coverages:write")
    return out


def account_page(
    request: Request, uow: Uow, scope: Scope, patient_id: int, status: int = 200, **extra: Any
) -> Response:
    """The account, also shown again with an ``error`` when a form on it fails."""
    pid = scope.practice_id
    patient = service.get(uow, service.PATIENT, practice_id=pid, ident=patient_id)
    record_access(uow, scope, AuditAction.READ, "patient", patient.id, patient.id, detail="web account")
    coverages = encounters = claims = statement = None
    if scope.can("coverages:read"):
        coverages = service.list_page(
            uow, service.COVERAGE, practice_id=pid, filters={"patient_id": patient.id}, limit=10, offset=0
        )[0]
    if scope.can("charges:read"):
        encounters = charge_queries.encounters_of_patient(uow, pid, patient.id)
    if scope.can("claims:read"):
        claims = claim_queries.of_patient(uow, pid, patient.id)
    if scope.can("payments:read"):
        statement = ledger.patient_statement(uow, practice_id=pid, patient_id=patient.id)
    return render(
        request,
        "patient_account.html",
        status,
        title=f"Account {patient.account_number}",
        patient=patient,
        coverages=coverages,
        encounters=encounters,
        claims=claims,
        statement=statement,
        payers=payer_names(uow, pid),
        providers=provider_names(uow, pid),
        form=extra.pop("form", {}),
        can_charge=scope.can("charges:write"),
        can_read_disclosures=scope.can("disclosures:read"),
        **_billing(uow, scope, patient.id, coverages),
        **extra,
    )


@router.get("/patients/{patient_id}", name="patient_account")
def patient_account(
    request: Request, uow: Uow, patient_id: int, scope: Annotated[Scope, require("patients:read")]
) -> Response:
    return account_page(request, uow, scope, patient_id)
