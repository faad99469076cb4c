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
from revcycle.charges import editing, self_pay, service
from revcycle.charges.domain import MAX_DIAGNOSES, MAX_LINES, EncounterStatus
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


def _rows(form: dict[str, str], prefix: str, shown: int) -> range:
    """Rows 1..n: at least ``shown``, and every row the form fills (an edited visit may have more)."""
    filled = [
        int(k[len(prefix) :])
        for k, v in form.items()
        if k.startswith(prefix) and k[len(prefix) :].isdigit() and v
    ]
    return range(1, max([shown, *filled]) + 1)


def _form_page(
    request: Request, uow: Uow, scope: Scope, form: dict[str, str], status: int = 200, **extra: Any
) -> Response:
    return render(
        request,
        "charge_entry.html",
        status,
        title="Edit encounter" if extra.get("encounter_id") else "Charge entry",
        form=form,
        providers=provider_names(uow, scope.practice_id),
        diagnoses=_rows(form, "dx", DIAGNOSES),
        lines=_rows(form, "px", LINES),
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
    diagnoses = [
        form[f"dx{i}"].strip() for i in range(1, MAX_DIAGNOSES + 1) if form.get(f"dx{i}", "").strip()
    ]
    lines = []
    for i in range(1, MAX_LINES + 1):
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
        "onset_date": date.fromisoformat(form["onset_date"]) if form.get("onset_date") else None,
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


# -- editing ---------------------------------------------------------------------------------
def _form_of(view: service.EncounterView, account_number: str) -> dict[str, str]:
    """The stored encounter as the charge-entry form's fields."""
    e = view.encounter
    form = {
        "account_number": account_number,
        "provider": str(e.rendering_provider_id),
        "date_of_service": e.date_of_service.isoformat(),
        "onset_date": e.onset_date.isoformat() if e.onset_date else "",
    }
    for i, dx in enumerate((d for d in e.diagnoses.split(",") if d), start=1):
        form[f"dx{i}"] = dx
    for i, line in enumerate(view.lines, start=1):
        form[f"px{i}"] = line.code
        form[f"mod{i}"] = line.modifiers.replace(",", " ")
        form[f"units{i}"] = format(line.units.normalize(), "f")
        form[f"ptr{i}"] = line.diagnosis_pointers
    return form


def _refused(request: Request, uow: Uow, scope: Scope, patient_id: int, exc: Conflict) -> Response:
    from revcycle.intake.views import account_page

    uow.rollback()
    return account_page(request, uow, scope, patient_id, status=409, error=exc.message)


@router.get("/encounters/{encounter_id}/edit", name="edit_encounter")
def edit_form(
    request: Request, uow: Uow, encounter_id: int, scope: Annotated[Scope, require("charges:write")]
) -> Response:
    """The charge-entry form filled with an open or self-pay encounter."""
    pid = scope.practice_id
    view = service.get_encounter(uow, practice_id=pid, encounter_id=encounter_id)
    patient = intake.get(uow, intake.PATIENT, practice_id=pid, ident=view.encounter.patient_id)
    try:
        editing.refuse_if_not_editable(uow, view.encounter)
    except Conflict as exc:
        return _refused(request, uow, scope, patient.id, exc)
    record_access(uow, scope, AuditAction.READ, "encounter", encounter_id, patient.id, detail="web edit form")
    return _form_page(request, uow, scope, _form_of(view, patient.account_number), encounter_id=encounter_id)


@router.post("/encounters/{encounter_id}/edit", dependencies=[Depends(verify_csrf)])
async def save_edit(
    request: Request, uow: Uow, encounter_id: int, scope: Annotated[Scope, require("charges:write")]
) -> Response:
    """Apply the edit (a self-pay visit is restated); a bad field: the form again, nothing written."""
    form = {k: str(v)[:60] for k, v in (await request.form()).items() if k != "csrf_token"}
    pid = scope.practice_id
    view = service.get_encounter(uow, practice_id=pid, encounter_id=encounter_id)
    patient_id = view.encounter.patient_id
    form["account_number"] = intake.get(uow, intake.PATIENT, practice_id=pid, ident=patient_id).account_number
    try:
        values = _values(form, patient_id)
        edited_fields = ("rendering_provider_id", "date_of_service", "onset_date", "diagnoses", "lines")
        changes = {k: values[k] for k in edited_fields}
        edited = editing.edit_encounter(
            uow, practice_id=pid, encounter_id=encounter_id, changes=changes, actor=scope.username
        )
    except Conflict as exc:
        return _refused(request, uow, scope, patient_id, exc)
    except FieldErrors as exc:
        uow.rollback()
        messages = [f"{e.field}: {e.message}" for e in exc.errors]
        return _form_page(request, uow, scope, form, 422, errors=messages, encounter_id=encounter_id)
    except (InvalidInput, ValueError) as exc:
        uow.rollback()
        message = getattr(exc, "message", str(exc))
        return _form_page(request, uow, scope, form, 422, errors=[message], encounter_id=encounter_id)
    if edited.changes:
        detail = "web edit: " + ", ".join(sorted({k.split(".")[0] for k in edited.changes}))
        record_access(uow, scope, AuditAction.UPDATE, "encounter", encounter_id, patient_id, detail=detail)
    return RedirectResponse(f"/patients/{patient_id}#enc-h", status_code=303)
