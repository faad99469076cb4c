"""Charges over HTTP: encounters, the charge master, payer contracts, expected allowed amounts,
and questions to the rendering provider."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from revcycle.api.deps import CurrentScope, Uow, require
from revcycle.charges import editing, schemas, self_pay, service
from revcycle.kit.schema_types import Page
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access

router = APIRouter(tags=["charges"])
READ, WRITE = [require("charges:read")], [require("charges:write")]


@router.post(
    "/encounters",
    response_model=schemas.EncounterOut,
    status_code=201,
    dependencies=WRITE,
    summary="Capture an encounter with its charge lines",
)
def create_encounter(body: schemas.EncounterIn, uow: Uow, scope: CurrentScope) -> Any:
    """Lines without a charge are priced from the charge master; every bad field is named at once."""
    row = service.capture_encounter(
        uow, practice_id=scope.practice_id, values=body.model_dump(exclude_unset=True)
    )
    record_access(uow, scope, AuditAction.CREATE, "encounter", row.id, row.patient_id)
    view = service.get_encounter(uow, practice_id=scope.practice_id, encounter_id=row.id)
    return schemas.EncounterOut.of(view)


@router.get(
    "/encounters/{item_id}",
    response_model=schemas.EncounterOut,
    dependencies=READ,
    summary="Read one encounter",
)
def get_encounter(item_id: int, uow: Uow, scope: CurrentScope) -> Any:
    view = service.get_encounter(uow, practice_id=scope.practice_id, encounter_id=item_id)
    record_access(uow, scope, AuditAction.READ, "encounter", item_id, view.encounter.patient_id)
    return schemas.EncounterOut.of(view)


@router.patch(
    "/encounters/{item_id}",
    response_model=schemas.EncounterOut,
    dependencies=WRITE,
    summary="Edit an encounter not billed yet (open or self-pay); a self-pay visit's balance is restated",
    responses={409: {"description": "billed (correct its claim instead) or voided (final)"}},
)
def edit_encounter(item_id: int, body: schemas.EncounterPatch, uow: Uow, scope: CurrentScope) -> Any:
    """Fields left out keep their values; every bad field is named at once and nothing is written."""
    edited = editing.edit_encounter(
        uow,
        practice_id=scope.practice_id,
        encounter_id=item_id,
        changes=body.model_dump(exclude_unset=True),
        actor=scope.username or f"user {scope.user_id}",
    )
    if edited.changes:  # the field names only: the values are in the encounter's history
        detail = "edit: " + ", ".join(sorted({k.split(".")[0] for k in edited.changes}))
        record_access(
            uow, scope, AuditAction.UPDATE, "encounter", item_id, edited.encounter.patient_id, detail=detail
        )
    view = service.get_encounter(uow, practice_id=scope.practice_id, encounter_id=item_id)
    return schemas.EncounterOut.of(view)


@router.get(
    "/encounters/{item_id}/history",
    response_model=list[schemas.EncounterEventOut],
    dependencies=READ,
    summary="An encounter's edits: who, when, and each field's old and new value",
)
def encounter_history(item_id: int, uow: Uow, scope: CurrentScope) -> Any:
    events = editing.history(uow, practice_id=scope.practice_id, encounter_id=item_id)
    view = service.get_encounter(uow, practice_id=scope.practice_id, encounter_id=item_id)
    record_access(
        uow, scope, AuditAction.READ, "encounter", item_id, view.encounter.patient_id, detail="history"
    )
    return [
        schemas.EncounterEventOut(at=e.at, actor=e.actor, event=e.event, changes=e.changes) for e in events
    ]


@router.post(
    "/encounters/{item_id}/self-pay",
    response_model=schemas.EncounterOut,
    dependencies=WRITE,
    summary="Bill an encounter to the patient (self-pay): its charges go on the patient's balance",
)
def bill_to_patient(item_id: int, uow: Uow, scope: CurrentScope) -> Any:
    """Idempotent; an encounter billed to a payer or voided is a 409."""
    self_pay.bill_to_patient(uow, practice_id=scope.practice_id, encounter_id=item_id)
    return _changed(uow, scope, item_id, "self-pay")


@router.post(
    "/encounters/{item_id}/void",
    response_model=schemas.EncounterOut,
    dependencies=WRITE,
    summary="Void an encounter captured in error (its self-pay charges are reversed)",
)
def void_encounter(item_id: int, uow: Uow, scope: CurrentScope) -> Any:
    """An encounter billed to a payer is voided through its claim instead (409)."""
    self_pay.void_encounter(uow, practice_id=scope.practice_id, encounter_id=item_id)
    return _changed(uow, scope, item_id, "void")


def _changed(uow: Uow, scope: CurrentScope, item_id: int, what: str) -> schemas.EncounterOut:
    """The encounter as it now stands, its change audited."""
    view = service.get_encounter(uow, practice_id=scope.practice_id, encounter_id=item_id)
    record_access(
        uow, scope, AuditAction.UPDATE, "encounter", item_id, view.encounter.patient_id, detail=what
    )
    return schemas.EncounterOut.of(view)


@router.get(
    "/encounters",
    response_model=Page[schemas.EncounterOut],
    dependencies=READ,
    summary="List encounters (open: not billed yet; self_pay: billed to the patient)",
)
def list_encounters(
    uow: Uow,
    scope: CurrentScope,
    status: str | None = Query(None, pattern="^(open|billed|self_pay|voided)$"),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> Any:
    views, total = service.list_encounters(
        uow, practice_id=scope.practice_id, status=status, limit=limit, offset=offset
    )
    for v in views:
        record_access(
            uow, scope, AuditAction.READ, "encounter", v.encounter.id, v.encounter.patient_id, detail="list"
        )
    return Page[schemas.EncounterOut](
        items=[schemas.EncounterOut.of(v) for v in views], total=total, limit=limit, offset=offset
    )


@router.put(
    "/charge-master",
    response_model=list[schemas.ChargeMasterEntry],
    dependencies=WRITE,
    summary="Add or change charge master entries",
)
def put_charge_master(body: schemas.ChargeMasterIn, uow: Uow, scope: CurrentScope) -> Any:
    rows = service.set_charge_master(
        uow, practice_id=scope.practice_id, entries=[e.model_dump() for e in body.entries]
    )
    return [
        schemas.ChargeMasterEntry(
            code=r.code, modifier=r.modifier, amount=r.amount, description=r.description
        )
        for r in rows
    ]


@router.put(
    "/payers/{payer_id}/contract",
    status_code=204,
    dependencies=WRITE,
    summary="Set what a payer allows (fixed amounts or percent of Medicare)",
)
def put_contract(payer_id: int, body: schemas.ContractIn, uow: Uow, scope: CurrentScope) -> None:
    service.set_payer_contract(
        uow,
        practice_id=scope.practice_id,
        payer_id=payer_id,
        basis=body.basis,
        percent=body.percent,
        pfs_year=body.pfs_year,
        locality=body.locality,
        rates={(r.code, r.modifier): r.allowed for r in body.rates},
    )


@router.post(
    "/expected-allowed",
    response_model=schemas.AllowedOut,
    dependencies=READ,
    summary="What a payer's contract allows for one unit of a code",
)
def expected_allowed(body: schemas.AllowedQuery, uow: Uow, scope: CurrentScope) -> Any:
    allowed = service.expected_allowed(
        uow,
        practice_id=scope.practice_id,
        payer_id=body.payer_id,
        code=body.code,
        modifier=body.modifier,
        place_of_service=body.place_of_service,
    )
    return schemas.AllowedOut(payer_id=body.payer_id, code=body.code, allowed=allowed)


@router.post(
    "/encounters/{item_id}/queries",
    response_model=schemas.QueryOut,
    status_code=201,
    dependencies=WRITE,
    summary="Ask the rendering provider a question (holds the claim)",
)
def ask(item_id: int, body: schemas.QuestionIn, uow: Uow, scope: CurrentScope) -> Any:
    row = service.ask_provider(
        uow,
        practice_id=scope.practice_id,
        encounter_id=item_id,
        question=body.question,
        asked_by=f"user {scope.user_id}",
    )
    return schemas.QueryOut.model_validate(row)


@router.post(
    "/provider-queries/{item_id}/answer",
    response_model=schemas.QueryOut,
    dependencies=WRITE,
    summary="Answer a provider query",
)
def answer(item_id: int, body: schemas.AnswerIn, uow: Uow, scope: CurrentScope) -> Any:
    row = service.answer_query(uow, practice_id=scope.practice_id, query_id=item_id, answer=body.answer)
    return schemas.QueryOut.model_validate(row)


@router.get(
    "/provider-queries",
    response_model=list[schemas.QueryOut],
    dependencies=READ,
    summary="Open provider queries",
)
def open_queries(uow: Uow, scope: CurrentScope) -> Any:
    return [
        schemas.QueryOut.model_validate(r) for r in service.open_queries(uow, practice_id=scope.practice_id)
    ]
