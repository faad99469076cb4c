"""Intake over HTTP: practices, providers, facilities, payers, guarantors, patients, coverages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from revcycle.api.crud import add_crud_routes
from revcycle.api.deps import CurrentScope, Scope, Uow, require
from revcycle.intake import schemas, service
from revcycle.intake.service import COVERAGE, FACILITY, GUARANTOR, PATIENT, PAYER, PROVIDER, Resource
from revcycle.kit.errors import NotFound
from revcycle.kit.schema_types import Page
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access

router = APIRouter(tags=["intake"])


def _scoped(resource: Resource) -> dict[str, Any]:
    return {
        "create": lambda uow, pid, values: service.create(uow, resource, practice_id=pid, values=values),
        "update": lambda uow, pid, ident, changes: service.update(
            uow, resource, practice_id=pid, ident=ident, changes=changes
        ),
        "get": lambda uow, pid, ident: service.get(uow, resource, practice_id=pid, ident=ident),
        "page": lambda uow, pid, filters, limit, offset: service.list_page(
            uow, resource, practice_id=pid, filters=filters, limit=limit, offset=offset
        ),
    }


add_crud_routes(
    router,
    path="/providers",
    permission="providers",
    name="provider",
    schema_in=schemas.ProviderIn,
    schema_patch=schemas.ProviderPatch,
    schema_out=schemas.ProviderOut,
    filters={"is_rendering": bool, "is_billing": bool, "is_referring": bool, "active": bool},
    **_scoped(PROVIDER),
)
add_crud_routes(
    router,
    path="/facilities",
    permission="facilities",
    name="facility",
    schema_in=schemas.FacilityIn,
    schema_patch=schemas.FacilityPatch,
    schema_out=schemas.FacilityOut,
    filters={"active": bool},
    **_scoped(FACILITY),
)
add_crud_routes(
    router,
    path="/payers",
    permission="payers",
    name="payer",
    schema_in=schemas.PayerIn,
    schema_patch=schemas.PayerPatch,
    schema_out=schemas.PayerOut,
    filters={"claim_filing_indicator": str, "active": bool},
    **_scoped(PAYER),
)
add_crud_routes(
    router,
    path="/guarantors",
    permission="guarantors",
    phi_patient=lambda row: None,
    name="guarantor",
    schema_in=schemas.GuarantorIn,
    schema_patch=schemas.GuarantorPatch,
    schema_out=schemas.GuarantorOut,
    **_scoped(GUARANTOR),
)
add_crud_routes(
    router,
    path="/patients",
    permission="patients",
    phi_patient=lambda row: row.id,
    name="patient",
    schema_in=schemas.PatientIn,
    schema_patch=schemas.PatientPatch,
    schema_out=schemas.PatientOut,
    filters={"sex": str, "guarantor_id": int},
    **_scoped(PATIENT),
)
add_crud_routes(
    router,
    path="/coverages",
    permission="coverages",
    phi_patient=lambda row: row.patient_id,
    name="coverage",
    schema_in=schemas.CoverageIn,
    schema_patch=schemas.CoveragePatch,
    schema_out=schemas.CoverageOut,
    filters={"patient_id": int, "payer_id": int, "order": str},
    **_scoped(COVERAGE),
)


@router.post(
    "/patients/search",
    response_model=Page[schemas.PatientOut],
    summary="Find patients",
    dependencies=[require("patients:read")],
)
def search_patients(body: schemas.PatientSearch, uow: Uow, scope: CurrentScope) -> Any:
    """Search by name prefix, date of birth or account number. A POST, so PHI stays out of URLs."""
    criteria = body.model_dump(exclude={"limit", "offset"})
    rows, total = service.search_patients(
        uow, practice_id=scope.practice_id, criteria=criteria, limit=body.limit, offset=body.offset
    )
    for row in rows:
        record_access(uow, scope, AuditAction.READ, "patient", row.id, row.id, detail="search result")
    return Page[schemas.PatientOut](
        items=[schemas.PatientOut.model_validate(r) for r in rows],
        total=total,
        limit=body.limit,
        offset=body.offset,
    )


@router.post(
    "/practices",
    response_model=schemas.PracticeOut,
    status_code=201,
    summary="Create a practice (admins; the new practice gets its own users)",
    dependencies=[require("practices:create")],
)
def create_practice(body: schemas.PracticeIn, uow: Uow) -> Any:
    return schemas.PracticeOut.model_validate(service.create_practice(uow, values=body.model_dump()))


@router.get(
    "/practices/{item_id}",
    response_model=schemas.PracticeOut,
    summary="Read a practice",
    dependencies=[require("practices:read")],
)
def get_practice(item_id: int, uow: Uow, scope: CurrentScope) -> Any:
    return schemas.PracticeOut.model_validate(service.get_practice(uow, practice_id=_own(scope, item_id)))


@router.patch(
    "/practices/{item_id}",
    response_model=schemas.PracticeOut,
    summary="Change a practice",
    dependencies=[require("practices:write")],
)
def update_practice(item_id: int, body: schemas.PracticePatch, uow: Uow, scope: CurrentScope) -> Any:
    row = service.update_practice(
        uow, practice_id=_own(scope, item_id), changes=body.model_dump(exclude_unset=True)
    )
    return schemas.PracticeOut.model_validate(row)


def _own(scope: Scope, practice_id: int) -> int:
    """A caller sees only its own practice; any other id is simply not found."""
    if scope.practice_id != practice_id:
        raise NotFound("practice", practice_id)
    return practice_id
