"""The accounting of disclosures: find a patient (by POST, so no PHI lands in a URL), list the
disclosures of their PHI outside treatment, payment and operations, and record a new one."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from revcycle.api.deps import Scope, Uow, require
from revcycle.intake import service as intake_service
from revcycle.intake.views import audited_search
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import FieldErrors, NotFound
from revcycle.security.domain import AuditAction, DisclosurePurpose, disclosure_parts, validate_disclosure
from revcycle.security.service.audit import accounting_of_disclosures, record_access, record_disclosure
from revcycle.web.app import render, verify_csrf

router = APIRouter(include_in_schema=False)

PURPOSES = {
    DisclosurePurpose.LEGAL: "Court order, subpoena or law enforcement",
    DisclosurePurpose.PUBLIC_HEALTH: "Public-health reporting",
    DisclosurePurpose.RESEARCH: "Research without authorisation (waiver)",
    DisclosurePurpose.OTHER: "Other (say what in the description)",
    DisclosurePurpose.TREATMENT: "Treatment (not listed in the accounting)",
    DisclosurePurpose.PAYMENT: "Payment (not listed in the accounting)",
    DisclosurePurpose.OPERATIONS: "Health care operations (not listed in the accounting)",
}
"""The purposes a form offers, those the accounting lists first."""


def _patient(uow: UnitOfWork, scope: Scope, patient_id: int) -> Any:
    return intake_service.get(uow, intake_service.PATIENT, practice_id=scope.practice_id, ident=patient_id)


def _patient_named(uow: UnitOfWork, scope: Scope, text: str) -> Any | None:
    """The patient whose id a form field holds, or None (not a number, out of range, not found)."""
    if not text.isdigit() or not 0 < int(text) < 2**31:
        return None
    try:
        return _patient(uow, scope, int(text))
    except NotFound:
        return None


def _find_page(request: Request, status: int = 200, **context: Any) -> Response:
    context.setdefault("criteria", {})
    context.setdefault("errors", {})
    return render(request, "disclosures.html", status, title="Accounting of disclosures", **context)


@router.get("/disclosures", name="disclosures")
def find_page(request: Request, scope: Annotated[Scope, require("disclosures:read")]) -> Response:
    return _find_page(request, results=None)


@router.post("/disclosures", dependencies=[Depends(verify_csrf)])
def find_patient(
    request: Request,
    uow: Uow,
    scope: Annotated[Scope, require("disclosures:read")],
    patient_id: Annotated[str, Form(max_length=12)] = "",
    account_number: Annotated[str, Form(max_length=20)] = "",
    last_name: Annotated[str, Form(max_length=60)] = "",
    date_of_birth: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """A patient id opens that patient's accounting; other criteria search as the patients page does."""
    criteria = {
        "patient_id": patient_id.strip(),
        "account_number": account_number.strip(),
        "last_name": last_name.strip(),
        "date_of_birth": date_of_birth.strip(),
    }
    errors: dict[str, str] = {}
    if criteria["patient_id"]:
        found = _patient_named(uow, scope, criteria["patient_id"])
        if found is not None:
            return RedirectResponse(f"/patients/{found.id}/disclosures", status_code=303)
        errors["patient_id"] = "no patient of this practice has this id"
    dob = None
    if criteria["date_of_birth"]:
        try:
            dob = date.fromisoformat(criteria["date_of_birth"])
        except ValueError:
            errors["date_of_birth"] = "enter the date of birth as a date"
    if not errors and not any(criteria.values()):
        errors["patient_id"] = "enter a patient id, an account number, a last name or a date of birth"
    if errors:
        return _find_page(request, 422, criteria=criteria, errors=errors, results=None)
    search = {k: v for k, v in criteria.items() if k != "patient_id"} | {"date_of_birth": dob}
    rows, total = audited_search(uow, scope, search)
    return _find_page(request, criteria=criteria, results=rows, total=total)


@router.get("/patients/{patient_id}/disclosures", name="patient_disclosures")
def patient_disclosures(
    request: Request, uow: Uow, patient_id: int, scope: Annotated[Scope, require("disclosures:read")]
) -> Response:
    patient = _patient(uow, scope, patient_id)
    rows = accounting_of_disclosures(uow, scope, patient_id=patient.id)
    record_access(
        uow,
        scope,
        AuditAction.READ,
        "disclosure_accounting",
        patient.id,
        patient.id,
        detail="web disclosure accounting",
    )
    return render(
        request,
        "patient_disclosures.html",
        title="Accounting of disclosures",
        patient=patient,
        show_name=scope.can("patients:read"),
        disclosures=[(row, *disclosure_parts(row.detail)) for row in rows],
        can_record=scope.can("disclosures:write"),
        form={"patient_id": str(patient.id), "disclosed_on": clock.today().isoformat()},
        errors={},
        purposes=PURPOSES,
    )


def _form_page(request: Request, status: int = 200, **context: Any) -> Response:
    context.setdefault("form", {"disclosed_on": clock.today().isoformat()})
    context.setdefault("errors", {})
    return render(
        request, "disclosure_new.html", status, title="Record a disclosure", purposes=PURPOSES, **context
    )


@router.get("/disclosures/new", name="new_disclosure")
def new_disclosure(
    request: Request,
    scope: Annotated[Scope, require("disclosures:write")],
    patient_id: int | None = None,
    recorded: int | None = None,
) -> Response:
    form = {"disclosed_on": clock.today().isoformat(), "patient_id": str(patient_id or "")}
    return _form_page(request, form=form, recorded=recorded)


@router.post("/disclosures/new", dependencies=[Depends(verify_csrf)])
def record(
    request: Request,
    uow: Uow,
    scope: Annotated[Scope, require("disclosures:write")],
    patient_id: Annotated[str, Form(max_length=12)] = "",
    recipient: Annotated[str, Form(max_length=200)] = "",
    purpose: Annotated[str, Form(max_length=20)] = "",
    disclosed_on: Annotated[str, Form(max_length=10)] = "",
    detail: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Record a disclosure; on bad input, every field's problem next to it and nothing written."""
    form = {
        "patient_id": patient_id.strip(),
        "recipient": recipient,
        "purpose": purpose,
        "disclosed_on": disclosed_on.strip(),
        "detail": detail,
    }
    errors: dict[str, str] = {}
    patient = _patient_named(uow, scope, form["patient_id"])
    if patient is None:
        errors["patient_id"] = "no patient of this practice has this id"
    day = None
    try:
        day = date.fromisoformat(form["disclosed_on"]) if form["disclosed_on"] else None
    except ValueError:
        errors["disclosed_on"] = "enter the day of the disclosure as a date"
    try:
        if patient is None or errors:
            validate_disclosure(
                purpose=purpose, recipient=recipient, detail=detail, disclosed_on=day, today=clock.today()
            )  # to show every field's problem at once
            return _form_page(request, 422, form=form, errors=errors)
        row = record_disclosure(
            uow,
            scope,
            patient_id=patient.id,
            purpose=purpose,
            recipient=recipient,
            detail=detail,
            disclosed_on=day,
        )
        uow.flush()
    except FieldErrors as exc:
        uow.rollback()
        errors.update({e.field: e.message for e in exc.errors if e.field not in errors})
        return _form_page(request, 422, form=form, errors=errors)
    if scope.can("disclosures:read"):
        return RedirectResponse(f"/patients/{row.patient_id}/disclosures", status_code=303)
    return RedirectResponse(f"/disclosures/new?recorded={row.id}", status_code=303)
