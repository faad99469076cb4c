"""The break-glass review page: a supervisor lists emergency grants (pending or all), sees what was
done under each, and marks each justified or unjustified with a note (unjustified ends it at once)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from revcycle.api.deps import Scope, Uow, require
from revcycle.intake import service as intake_service
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, FieldErrors, NotFound
from revcycle.security.domain import AuditAction
from revcycle.security.service import break_glass, users
from revcycle.security.service.audit import record_access
from revcycle.web.app import render, verify_csrf

router = APIRouter(include_in_schema=False)

SHOW = {"pending": "Waiting for review", "all": "All grants"}


def patient_names(uow: UnitOfWork, scope: Scope, patient_ids: set[int], why: str) -> dict[int, str]:
    """The patients' names, for a viewer who may read patients (each name shown is audited)."""
    if not scope.can("patients:read"):
        return {}
    names: dict[int, str] = {}
    for patient_id in sorted(patient_ids):
        try:
            patient = intake_service.get(
                uow, intake_service.PATIENT, practice_id=scope.practice_id, ident=patient_id
            )
        except NotFound:
            continue
        record_access(uow, scope, AuditAction.READ, "patient", patient.id, patient.id, detail=why)
        names[patient.id] = f"{patient.last_name}, {patient.first_name}"
    return names


def _page(
    request: Request, uow: UnitOfWork, scope: Scope, show: str, status: int = 200, **extra: Any
) -> Response:
    grants = break_glass.list_break_glass(uow, scope, status="pending" if show == "pending" else None)
    grants = sorted(grants, key=lambda g: g.id, reverse=True)
    return render(
        request,
        "break_glass.html",
        status,
        title="Break-glass review",
        show=show,
        shows=SHOW,
        grants=grants,
        accesses={g.id: break_glass.accesses_under(uow, scope, g.id) for g in grants},
        user_names={u.id: u.username for u in users.practice_users(uow, scope)},
        patient_names=patient_names(
            uow, scope, {g.patient_id for g in grants if g.patient_id is not None}, "web break-glass review"
        ),
        now=clock.now(),
        errors=extra.pop("errors", {}),
        form=extra.pop("form", {}),
        **extra,
    )


@router.get("/break-glass", name="break_glass_review")
def review_page(
    request: Request, uow: Uow, scope: Annotated[Scope, require("break_glass:review")], show: str = "pending"
) -> Response:
    return _page(request, uow, scope, show if show in SHOW else "pending")


@router.post("/break-glass/{grant_id}/review", dependencies=[Depends(verify_csrf)])
def review(
    request: Request,
    uow: Uow,
    grant_id: int,
    scope: Annotated[Scope, require("break_glass:review")],
    decision: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
    show: Annotated[str, Form(max_length=10)] = "pending",
) -> Response:
    show = show if show in SHOW else "pending"
    try:
        break_glass.review_break_glass(uow, scope, grant_id, decision=decision, note=note.strip() or None)
    except FieldErrors as exc:
        uow.rollback()
        errors = {grant_id: {e.field: e.message for e in exc.errors}}
        form = {grant_id: {"decision": decision, "note": note}}
        return _page(request, uow, scope, show, 422, errors=errors, form=form)
    except Conflict as exc:
        uow.rollback()
        return _page(request, uow, scope, show, 409, errors={grant_id: {"": exc.message}})
    return RedirectResponse(f"/break-glass?show={show}", status_code=303)
