"""Imports over HTTP: POST a FHIR Bundle or resource, HL7 v2 messages, or a CSV file as the body;
read and work the coding queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from revcycle.api.deps import CurrentScope, Uow, require
from revcycle.charges import schemas as charge_schemas
from revcycle.charges import service as charges
from revcycle.imports import coding, service
from revcycle.imports.model import Parsed
from revcycle.kit.db import UnitOfWork
from revcycle.security.domain import AuditAction, Principal
from revcycle.security.service import record_access

router = APIRouter(prefix="/imports", tags=["imports"])


class CodingIn(BaseModel):
    """A coder's billing codes for a queued encounter."""

    model_config = ConfigDict(extra="forbid")

    diagnoses: list[str] = Field(max_length=12, description="ICD-10-CM, principal first")
    lines: list[charge_schemas.ChargeLineIn] = Field(max_length=50)
    place_of_service: str | None = None


READ, WRITE = [require("charges:read")], [require("charges:write")]
TEXT_BODY: dict[str, Any] = {
    "requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}, "required": True}
}


async def _import(
    request: Request,
    uow: UnitOfWork,
    scope: Principal,
    source: str,
    parse: Callable[[str], Parsed],
) -> dict[str, Any]:
    text = (await request.body()).decode("utf-8", errors="replace")
    result = service.import_records(uow, practice_id=scope.practice_id, source=source, parsed=parse(text))
    for w in result.written:
        action = AuditAction.CREATE if w.created else AuditAction.UPDATE
        record_access(uow, scope, action, w.entity, w.ident, w.patient_id, detail=f"import from {source}")
    return result.to_json()


@router.post("/fhir", dependencies=WRITE, openapi_extra=TEXT_BODY, summary="Import FHIR R4 JSON")
async def import_fhir(
    request: Request, uow: Uow, scope: CurrentScope, source: str = Query("fhir", max_length=80)
) -> dict[str, Any]:
    """A Bundle or one resource; every record imported whole or reported in ``errors``."""
    from revcycle.imports.fhir.records import parse_texts

    return await _import(request, uow, scope, source, lambda t: parse_texts([("body", t)]))


@router.post("/hl7", dependencies=WRITE, openapi_extra=TEXT_BODY, summary="Import HL7 v2 DFT^P03")
async def import_hl7(
    request: Request, uow: Uow, scope: CurrentScope, source: str = Query("hl7", max_length=80)
) -> dict[str, Any]:
    from revcycle.imports.hl7v2 import parse_hl7

    return await _import(request, uow, scope, source, lambda t: parse_hl7(t, name="body"))


@router.post("/csv", dependencies=WRITE, openapi_extra=TEXT_BODY, summary="Import CSV charge lines")
async def import_csv(
    request: Request, uow: Uow, scope: CurrentScope, source: str = Query("csv", max_length=80)
) -> dict[str, Any]:
    from revcycle.imports.csvfile import parse_csv

    return await _import(request, uow, scope, source, lambda t: parse_csv(t, name="body"))


@router.get("/coding-queue", dependencies=READ, summary="Imported encounters waiting for codes")
def coding_queue(uow: Uow, scope: CurrentScope) -> list[dict[str, Any]]:
    rows = coding.pending(uow, practice_id=scope.practice_id)
    for r in rows:
        record_access(uow, scope, AuditAction.READ, "coding queue item", r.id, r.patient_id, detail="list")
    return [coding.item_data(r) for r in rows]


@router.post(
    "/coding-queue/{item_id}",
    dependencies=WRITE,
    response_model=charge_schemas.EncounterOut,
    status_code=201,
    summary="Code a queued encounter (capture it with billing codes)",
)
def code_item(item_id: int, body: CodingIn, uow: Uow, scope: CurrentScope) -> Any:
    """Diagnoses and lines as for POST /encounters (charges as strings); the rest was imported."""
    row = coding.code_encounter(
        uow,
        practice_id=scope.practice_id,
        item_id=item_id,
        values=body.model_dump(exclude_unset=True),
        coder=str(scope.user_id),
    )
    record_access(uow, scope, AuditAction.CREATE, "encounter", row.id, row.patient_id, detail="coded import")
    view = charges.get_encounter(uow, practice_id=scope.practice_id, encounter_id=row.id)
    return charge_schemas.EncounterOut.of(view)
