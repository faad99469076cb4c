"""Remittance over HTTP: post an 835, the work queues, denial actions, appeals, deposits."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from revcycle.api.deps import CurrentScope, Scope, Uow, require
from revcycle.kit.errors import NotFound
from revcycle.kit.money import Money
from revcycle.remittance import repository as repo
from revcycle.remittance.appeal_letter import appeal_letter
from revcycle.remittance.service import denials, eft
from revcycle.remittance.service.ingest import ingest_era
from revcycle.remittance.service.queues import QUEUES
from revcycle.remittance.service.rules import posting_rules, set_posting_rules
from revcycle.remittance.tables import WorkItemRow

router = APIRouter(prefix="/remittance", tags=["remittance"])

PERMISSIONS = {"GET": "payments:read", "*": "payments:write"}
"""Posting and working remittances is what the payments permission allows."""

Writer = Annotated[Scope, require("payments:write")]


class EraIn(BaseModel):
    text: str = Field(description="The 835 file as text.")
    source_name: str = Field(default="api", max_length=200)


class WorkItemOut(BaseModel):
    id: int
    queue: str
    status: str
    claim_id: int | None
    patient_control_number: str
    cause: str
    codes: str
    recommended_action: str
    recommendation: str
    amount: str

    @classmethod
    def of(cls, row: WorkItemRow) -> WorkItemOut:
        return cls(
            id=row.id,
            queue=row.queue,
            status=row.status,
            claim_id=row.claim_id,
            patient_control_number=row.patient_control_number,
            cause=row.cause,
            codes=row.codes,
            recommended_action=row.recommended_action,
            recommendation=row.recommendation,
            amount=str(row.amount.amount),
        )


class WriteOffIn(BaseModel):
    reason: str = "administrative"
    note: str
    amount: str | None = Field(default=None, description="Decimal string; the denied balance when absent.")


class AppealIn(BaseModel):
    argument: str
    deadline: date | None = None


class OutcomeIn(BaseModel):
    outcome: str = Field(description="sent, won or lost")
    note: str = ""


class DepositsIn(BaseModel):
    csv: str = Field(description="date,amount,trace_number[,description]")


@router.post("/eras", summary="Validate and post an 835 (quarantined when it does not balance)")
def post_era(body: EraIn, uow: Uow, scope: Writer) -> dict[str, Any]:
    result = ingest_era(uow, practice_id=scope.practice_id, text=body.text, source_name=body.source_name)
    return result.to_json()


@router.get("/queues/{queue}", response_model=list[WorkItemOut], summary="Open items of a work queue")
def work_queue(queue: str, uow: Uow, scope: CurrentScope) -> Any:
    if queue not in QUEUES:
        raise NotFound("queue", queue)
    rows = repo.work_items(uow, scope.practice_id, queue=queue, status=None)
    return [WorkItemOut.of(r) for r in rows if r.status != "resolved"]


@router.get("/denials", summary="Open denials grouped by cause")
def denial_queue(uow: Uow, scope: CurrentScope) -> dict[str, list[WorkItemOut]]:
    grouped = denials.denial_queue(uow, practice_id=scope.practice_id)
    return {cause: [WorkItemOut.of(r) for r in rows] for cause, rows in grouped.items()}


@router.post("/denials/{item_id}/resubmit", summary="Correct and resubmit (frequency 7)")
def resubmit(item_id: int, uow: Uow, scope: Writer) -> dict[str, int]:
    new = denials.correct_and_resubmit(
        uow, practice_id=scope.practice_id, item_id=item_id, actor=scope.username
    )
    return {"claim_id": new.id}


@router.post("/denials/{item_id}/void", summary="Void the claim (frequency 8)")
def void(item_id: int, uow: Uow, scope: Writer) -> dict[str, int]:
    new = denials.void(uow, practice_id=scope.practice_id, item_id=item_id, actor=scope.username)
    return {"claim_id": new.id}


@router.post("/denials/{item_id}/write-off", response_model=WorkItemOut, summary="Write a denial off")
def write_off(item_id: int, body: WriteOffIn, uow: Uow, scope: Writer) -> Any:
    amount = Money.parse(body.amount, field="amount") if body.amount else None
    row = denials.write_off(
        uow,
        practice_id=scope.practice_id,
        item_id=item_id,
        actor=scope.username,
        reason=body.reason,
        note=body.note,
        amount=amount,
    )
    return WorkItemOut.of(row)


@router.post("/write-offs/{item_id}/approve", response_model=WorkItemOut, summary="Approve a write-off")
def approve(item_id: int, uow: Uow, scope: Writer) -> Any:
    row = denials.approve_write_off(
        uow,
        practice_id=scope.practice_id,
        item_id=item_id,
        approver=scope.username,
        approver_role=scope.role or "",
    )
    return WorkItemOut.of(row)


@router.post("/denials/{item_id}/appeal", summary="Open an appeal")
def open_appeal(item_id: int, body: AppealIn, uow: Uow, scope: Writer) -> dict[str, Any]:
    row = denials.appeal(
        uow, practice_id=scope.practice_id, item_id=item_id, argument=body.argument, deadline=body.deadline
    )
    return {"appeal_id": row.id, "deadline": row.deadline.isoformat(), "status": row.status}


@router.post("/appeals/{appeal_id}/outcome", summary="Record that an appeal was sent, won or lost")
def appeal_outcome(appeal_id: int, body: OutcomeIn, uow: Uow, scope: Writer) -> dict[str, Any]:
    row = denials.record_appeal_outcome(
        uow, practice_id=scope.practice_id, appeal_id=appeal_id, outcome=body.outcome, note=body.note
    )
    return {"appeal_id": row.id, "status": row.status}


@router.get("/appeals/{appeal_id}/letter", summary="The appeal letter (PDF)", response_class=Response)
def letter(appeal_id: int, uow: Uow, scope: CurrentScope) -> Response:
    pdf = appeal_letter(uow, practice_id=scope.practice_id, appeal_id=appeal_id)
    return Response(pdf, media_type="application/pdf")


@router.post("/deposits", summary="Import bank deposits (CSV) and reassociate them with ERAs")
def deposits(body: DepositsIn, uow: Uow, scope: Writer) -> dict[str, int]:
    return eft.import_deposits(uow, practice_id=scope.practice_id, csv_text=body.csv).to_json()


class PostingRulesIO(BaseModel):
    """How OA, PI and CR adjustment groups post: contractual, write_off, patient or hold."""

    oa: str | None = Field(default=None, max_length=12)
    pi: str | None = Field(default=None, max_length=12)
    cr: str | None = Field(default=None, max_length=12)


@router.get("/posting-rules", response_model=PostingRulesIO, summary="The practice's posting rules")
def get_posting_rules(uow: Uow, scope: Annotated[Scope, require("payments:read")]) -> Any:
    return PostingRulesIO(
        **{k: str(v) for k, v in asdict(posting_rules(uow, practice_id=scope.practice_id)).items()}
    )


@router.put("/posting-rules", response_model=PostingRulesIO, summary="Change the practice's posting rules")
def put_posting_rules(
    body: PostingRulesIO, uow: Uow, scope: Annotated[Scope, require("posting_rules:write")]
) -> Any:
    changes = {k: v for k, v in body.model_dump().items() if v is not None}
    rules = set_posting_rules(uow, practice_id=scope.practice_id, changes=changes)
    return PostingRulesIO(**{k: str(v) for k, v in asdict(rules).items()})
