"""Charge entry: one visit's diagnoses and lines, with code search as you type. Saving captures
the encounter, builds its claim and scrubs it; the claim page then shows the findings. A self-pay
visit (ticked, or no coverage in force on the date of service) builds no claim: its charges go on
the patient's balance at capture (``charges.self_pay``) and the patient's account page opens."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import RedirectResponse

from revcycle.api.deps import Scope, Uow, require
from revcycle.charges import self_pay, service
from revcycle.charges.domain import EncounterStatus
from revcycle.claims import service as claims
from revcycle.intake import service as intake
from revcycle.kit.clock import clock
from revcycle.kit.errors import Conflict, FieldErrors, InvalidInput
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access
from revcycle.web.app import render, verify_csrf
from revcycle.web.lookups import provider_names

router = APIRouter(include_in_schema=False)
DIAGNOSES = 4
LINES = 4


def _form_page(
    request: Request, uow: Uow, scope: Scope, form: dict[str, str], status: int = 200, **extra: Any
) -> Response:
    return render(
        request,
        "charge_entry.html",
        status,
        title="Charge entry",
        form=form,
        providers=provider_names(uow, scope.practice_id),
        diagnoses=range(1, DIAGNOSES + 1),
        lines=range(1, LINES + 1),
        **extra,
    )


@router.get("/encounters/new", name="charge_entry")
def charge_entry(
    request: Request,
    uow: Uow,
    scope: Annotated[Scope, require("charges:write")],
    patient: Annotated[int | None, Query()] = None,
) -> Response:
    form = {"date_of_service": clock.today().isoformat()}
    if patient is not None:
        row = intake.get(uow, intake.PATIENT, practice_id=scope.practice_id, ident=patient)
        form["account_number"] = row.account_number
    return _form_page(request, uow, scope, form)


def _values(form: dict[str, str], patient_id: int) -> dict[str, Any]:
    diagnoses = [form[f"dx{i}"].strip() for i in range(1, DIAGNOSES + 1) if form.get(f"dx{i}", "").strip()]
    lines = []
    for i in range(1, LINES + 1):
        code = form.get(f"px{i}", "").strip()
        if not code:
            continue
        pointers = [int(p) for p in form.get(f"ptr{i}", "1").replace(",", " ").split() if p.isdigit()]
        lines.append(
            {
                "code": code,
                "modifiers": [m for m in form.get(f"mod{i}", "").replace(",", " ").split() if m],
                "units": form.get(f"units{i}", "1").strip() or "1",
                "diagnosis_pointers": pointers or [1],
            }
        )
    return {
        "patient_id": patient_id,
        "rendering_provider_id": int(form.get("provider") or 0),
        "date_of_service": date.fromisoformat(form.get("date_of_service", "")),
        "diagnoses": diagnoses,
        "lines": lines,
        "self_pay": form.get("self_pay") == "1",
    }


@router.post("/encounters/new", dependencies=[Depends(verify_csrf)])
async def save_charges(
    request: Request, uow: Uow, scope: Annotated[Scope, require("charges:write")]
) -> Response:
    form = {k: str(v)[:60] for k, v in (await request.form()).items() if k != "csrf_token"}
    pid = scope.practice_id
    found = intake.search_patients(
        uow,
        practice_id=pid,
        criteria={"account_number": form.get("account_number", "").strip()},
        limit=1,
        offset=0,
    )[0]
    if not found:
        return _form_page(
            request, uow, scope, form, 422, errors=["account_number: no patient has this account number"]
        )
    try:
        encounter = service.capture_encounter(uow, practice_id=pid, values=_values(form, found[0].id))
        claim = None
        if encounter.status != EncounterStatus.SELF_PAY:
            claim = claims.build_claim(uow, practice_id=pid, encounter_id=encounter.id, actor=scope.username)
            claims.scrub_claim(uow, practice_id=pid, claim_id=claim.id, actor=scope.username)
    except FieldErrors as exc:
        uow.rollback()
        messages = [f"{e.field}: {e.message}" for e in exc.errors]
        return _form_page(request, uow, scope, form, 422, errors=messages)
    except (InvalidInput, Conflict, ValueError) as exc:
        uow.rollback()
        return _form_page(request, uow, scope, form, 422, errors=[getattr(exc, "message", str(exc))])
    record_access(
        uow, scope, AuditAction.CREATE, "encounter", encounter.id, found[0].id, detail="web charge entry"
    )
    if claim is None:  # self-pay: on the patient's balance, no claim
        return RedirectResponse(f"/patients/{found[0].id}#led-h", status_code=303)
    return RedirectResponse(f"/claims/{claim.id}", status_code=303)


def _encounter_action(request: Request, uow: Uow, scope: Scope, encounter_id: int, act: str) -> Response:
    """Bill an open encounter to the patient, or void one captured in error; back to the account."""
    pid = scope.practice_id
    patient_id = service.get_encounter(uow, practice_id=pid, encounter_id=encounter_id).encounter.patient_id
    try:
        if act == "self-pay":
            self_pay.bill_to_patient(uow, practice_id=pid, encounter_id=encounter_id)
        else:
            self_pay.void_encounter(uow, practice_id=pid, encounter_id=encounter_id)
    except Conflict as exc:
        from revcycle.intake.views import account_page

        uow.rollback()
        return account_page(request, uow, scope, patient_id, status=409, error=exc.message)
    record_access(uow, scope, AuditAction.UPDATE, "encounter", encounter_id, patient_id, detail=f"web {act}")
    return RedirectResponse(f"/patients/{patient_id}#enc-h", status_code=303)


@router.post("/encounters/{encounter_id}/self-pay", dependencies=[Depends(verify_csrf)])
def bill_encounter_to_patient(
    request: Request, uow: Uow, encounter_id: int, scope: Annotated[Scope, require("charges:write")]
) -> Response:
    return _encounter_action(request, uow, scope, encounter_id, "self-pay")


@router.post("/encounters/{encounter_id}/void", dependencies=[Depends(verify_csrf)])
def void_encounter(
    request: Request, uow: Uow, encounter_id: int, scope: Annotated[Scope, require("charges:write")]
) -> Response:
    return _encounter_action(request, uow, scope, encounter_id, "void")
