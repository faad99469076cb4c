"""Payment plans and collections over HTTP: plans, disputes, the guarantor's time zone, collection
state, agency placement and the agency's CSV file. Audited like the rest of patient billing."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from revcycle.api.deps import Scope, Uow, require
from revcycle.kit.clock import clock
from revcycle.kit.schema_types import MoneyStr
from revcycle.patient_billing.endpoints import account_for, first_patient
from revcycle.patient_billing.service import collections, contact, plans
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access

router = APIRouter(prefix="/billing", tags=["patient billing"])

Reader = Annotated[Scope, require("payments:read")]
Writer = Annotated[Scope, require("payments:write")]


class PlanIn(BaseModel):
    total: MoneyStr
    first_due: date
    frequency: str = Field("monthly", description="monthly, biweekly or weekly")
    installments: int | None = Field(
        None, description="Number of equal installments, or give installment_amount"
    )
    installment_amount: MoneyStr | None = None
    grace_days: int = 10


class DisputeIn(BaseModel):
    note: str


class TimeZoneIn(BaseModel):
    time_zone: str | None = Field(None, description="IANA zone (America/Denver); null: derive from the state")


class PlacementIn(BaseModel):
    agency: str


class CollectionOut(BaseModel):
    account: str
    stage: str
    time_zone: str | None
    disputed: bool
    hold: str | None
    next_stage: str | None
    agency: str | None
    placed_on: date | None
    placed_amount: MoneyStr | None


@router.post("/patients/{patient_id}/plans", status_code=201, summary="Agree a payment plan for an account")
def create_plan(patient_id: int, body: PlanIn, uow: Uow, scope: Writer) -> Any:
    account_for(uow, scope, patient_id)
    view = plans.create_plan(
        uow,
        practice_id=scope.practice_id,
        patient_id=patient_id,
        total=body.total,
        first_due=body.first_due,
        frequency=body.frequency,
        installments_count=body.installments,
        installment_amount=body.installment_amount,
        grace_days=body.grace_days,
        today=clock.today(),
    )
    record_access(uow, scope, AuditAction.CREATE, "payment_plan", view.plan.id, patient_id)
    return plans.plan_json(view)


@router.get("/plans/{plan_id}", summary="A payment plan: schedule, what is paid, status")
def show_plan(plan_id: int, uow: Uow, scope: Reader) -> Any:
    view = plans.show_plan(uow, practice_id=scope.practice_id, plan_id=plan_id, today=clock.today())
    patient = first_patient(uow, scope.practice_id, view.plan.account)
    record_access(uow, scope, AuditAction.READ, "payment_plan", plan_id, patient)
    return plans.plan_json(view)


def _collection(uow: Uow, scope: Scope, account: str) -> CollectionOut:
    row = contact.collection_row(uow, scope.practice_id, account)
    decision = collections.next_step(uow, practice_id=scope.practice_id, account=account, on=clock.today())
    return CollectionOut(
        account=account,
        stage=row.stage,
        time_zone=contact.contact_zone(uow, scope.practice_id, account),
        disputed=bool(row.dispute_note),
        hold=decision.hold.value if decision.hold else None,
        next_stage=decision.next_stage.value if decision.next_stage else None,
        agency=row.agency_name,
        placed_on=row.placed_on,
        placed_amount=row.placed_amount,
    )


@router.get(
    "/patients/{patient_id}/collection", response_model=CollectionOut, summary="Where collection stands"
)
def collection(patient_id: int, uow: Uow, scope: Reader) -> Any:
    account = account_for(uow, scope, patient_id)
    record_access(uow, scope, AuditAction.READ, "collection", account, patient_id)
    return _collection(uow, scope, account)


@router.put(
    "/patients/{patient_id}/time-zone", response_model=CollectionOut, summary="The guarantor's time zone"
)
def set_time_zone(patient_id: int, body: TimeZoneIn, uow: Uow, scope: Writer) -> Any:
    account = account_for(uow, scope, patient_id)
    contact.set_time_zone(uow, practice_id=scope.practice_id, account=account, zone=body.time_zone)
    record_access(uow, scope, AuditAction.UPDATE, "collection", account, patient_id, detail="time zone")
    return _collection(uow, scope, account)


@router.post(
    "/patients/{patient_id}/dispute",
    response_model=CollectionOut,
    status_code=201,
    summary="The guarantor disputes the debt: statements and collection stop",
)
def open_dispute(patient_id: int, body: DisputeIn, uow: Uow, scope: Writer) -> Any:
    account = account_for(uow, scope, patient_id)
    collections.open_dispute(
        uow, practice_id=scope.practice_id, account=account, note=body.note, on=clock.today()
    )
    record_access(uow, scope, AuditAction.UPDATE, "collection", account, patient_id, detail="dispute opened")
    return _collection(uow, scope, account)


@router.delete(
    "/patients/{patient_id}/dispute", response_model=CollectionOut, summary="The dispute is resolved"
)
def resolve_dispute(patient_id: int, uow: Uow, scope: Writer) -> Any:
    account = account_for(uow, scope, patient_id)
    collections.resolve_dispute(uow, practice_id=scope.practice_id, account=account)
    record_access(
        uow, scope, AuditAction.UPDATE, "collection", account, patient_id, detail="dispute resolved"
    )
    return _collection(uow, scope, account)


@router.post(
    "/patients/{patient_id}/placement",
    response_model=CollectionOut,
    summary="Place the account with a collection agency (30 days after the final notice)",
)
def place(patient_id: int, body: PlacementIn, uow: Uow, scope: Writer) -> Any:
    account = account_for(uow, scope, patient_id)
    collections.place_with_agency(
        uow, practice_id=scope.practice_id, account=account, agency=body.agency, on=clock.today()
    )
    record_access(uow, scope, AuditAction.UPDATE, "collection", account, patient_id, detail="placed")
    return _collection(uow, scope, account)


@router.get(
    "/collections/placed.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
    summary="Every account placed with an agency, as the agency's CSV file",
)
def export_placed(uow: Uow, scope: Writer) -> Response:
    text, rows = collections.export_csv(uow, practice_id=scope.practice_id)
    for row in rows:
        patient = first_patient(uow, scope.practice_id, row.account)
        record_access(uow, scope, AuditAction.EXPORT, "collection", row.account, patient, detail="agency csv")
    return Response(text, media_type="text/csv")
