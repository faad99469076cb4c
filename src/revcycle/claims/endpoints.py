"""Claims over HTTP: build, scrub, show, correct, void, split, submit; the rejections and
follow-up queues; payer rules; and the inbox."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response

from revcycle.api.deps import CurrentScope, Uow, require
from revcycle.claims import acknowledgments, corrections, followup, schemas, service, submission
from revcycle.claims.paper import cms1500_pdf
from revcycle.claims.scrubber import PayerRules
from revcycle.claims.secondary import PriorPayer
from revcycle.claims.tables import ClaimRow
from revcycle.clearinghouse.config import clearinghouse_from_env, receiver_id
from revcycle.clearinghouse.port import Clearinghouse
from revcycle.intake.repository import practice_repo
from revcycle.kit.db import UnitOfWork
from revcycle.kit.schema_types import Page
from revcycle.kit.settings import Settings
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access

router = APIRouter(tags=["claims"])
READ, WRITE = [require("claims:read")], [require("claims:write")]


def _clearinghouse(request: Request) -> Clearinghouse:
    configured: Clearinghouse | None = getattr(request.app.state, "clearinghouse", None)
    if configured is not None:
        return configured
    settings: Settings = request.app.state.settings
    return clearinghouse_from_env(settings)


def _remittance_priors(uow: UnitOfWork, practice_id: int, row: ClaimRow) -> list[PriorPayer]:
    """Secondary claims report what the earlier payers paid, from the remittance context's 835s."""
    from revcycle.remittance.service.secondary import priors_for

    return priors_for(uow, practice_id=practice_id, claim=row)


def _actor(scope: Any) -> str:
    return f"user {scope.user_id}"


def _detail(uow: Uow, scope: Any, claim_id: int) -> schemas.ClaimDetail:
    view = service.get_claim(uow, practice_id=scope.practice_id, claim_id=claim_id)
    record_access(uow, scope, AuditAction.READ, "claim", claim_id, view.claim.patient_id)
    return schemas.ClaimDetail.of(view)


@router.post(
    "/claims",
    response_model=schemas.ClaimDetail,
    status_code=201,
    dependencies=WRITE,
    summary="Build a claim from an encounter",
)
def build(body: schemas.BuildIn, uow: Uow, scope: CurrentScope) -> Any:
    row = service.build_claim(
        uow,
        practice_id=scope.practice_id,
        encounter_id=body.encounter_id,
        actor=_actor(scope),
        order=body.order,
    )
    return _detail(uow, scope, row.id)


@router.post(
    "/claims/build-open",
    response_model=list[schemas.ClaimSummary],
    dependencies=WRITE,
    summary="Build a claim for every encounter not billed yet",
)
def build_open(uow: Uow, scope: CurrentScope) -> Any:
    rows = service.build_open_encounters(uow, practice_id=scope.practice_id, actor=_actor(scope))
    return [schemas.ClaimSummary.model_validate(r) for r in rows]


@router.get(
    "/claims/{item_id}",
    response_model=schemas.ClaimDetail,
    dependencies=READ,
    summary="A claim with its state, history and findings",
)
def show(item_id: int, uow: Uow, scope: CurrentScope) -> Any:
    return _detail(uow, scope, item_id)


@router.get(
    "/claims/{item_id}/cms1500.pdf",
    response_class=Response,
    dependencies=READ,
    summary="The claim on the CMS-1500 (02/12) paper form, as a PDF",
    responses={200: {"content": {"application/pdf": {}}}},
)
def cms1500(item_id: int, uow: Uow, scope: CurrentScope) -> Response:
    paper = cms1500_pdf(uow, practice_id=scope.practice_id, claim_id=item_id)
    record_access(
        uow, scope, AuditAction.EXPORT, "claim", paper.claim_id, paper.patient_id, detail="cms1500 pdf"
    )
    return Response(
        paper.content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{paper.file_name}"'},
    )


@router.get("/claims", response_model=Page[schemas.ClaimSummary], dependencies=READ, summary="List claims")
def list_claims(
    uow: Uow,
    scope: CurrentScope,
    state: str | None = Query(None),
    payer_id: int | None = Query(None),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> Any:
    rows, total = service.list_claims(
        uow, practice_id=scope.practice_id, state=state, payer_id=payer_id, limit=limit, offset=offset
    )
    return Page[schemas.ClaimSummary](
        items=[schemas.ClaimSummary.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.post(
    "/claims/{item_id}/scrub",
    response_model=schemas.ScrubOut,
    dependencies=WRITE,
    summary="Run the scrubber; a clean claim becomes ready",
)
def scrub(item_id: int, uow: Uow, scope: CurrentScope) -> Any:
    findings = service.scrub_claim(uow, practice_id=scope.practice_id, claim_id=item_id, actor=_actor(scope))
    row = service.get_claim(uow, practice_id=scope.practice_id, claim_id=item_id).claim
    return schemas.ScrubOut(
        claim_id=item_id,
        state=row.state,
        findings=[
            schemas.FindingOut(
                rule_id=f.rule_id,
                severity=f.severity.value,
                message=f.message,
                field=f.field,
                suggestion=f.suggestion,
            )
            for f in findings
        ],
    )


@router.post(
    "/claims/{item_id}/events",
    response_model=schemas.ClaimDetail,
    dependencies=WRITE,
    summary="Apply a lifecycle event by hand (illegal ones answer 409)",
)
def apply_event(item_id: int, body: schemas.EventIn, uow: Uow, scope: CurrentScope) -> Any:
    service.transition(
        uow,
        practice_id=scope.practice_id,
        claim_id=item_id,
        event=body.event,
        actor=_actor(scope),
        note=body.note,
    )
    return _detail(uow, scope, item_id)


@router.post(
    "/claims/{item_id}/correct",
    response_model=schemas.ClaimDetail,
    dependencies=WRITE,
    summary="Correct a claim (in place, or a frequency-7 replacement once adjudicated)",
)
def correct(item_id: int, body: schemas.CorrectIn, uow: Uow, scope: CurrentScope) -> Any:
    row = corrections.correct_claim(
        uow,
        practice_id=scope.practice_id,
        claim_id=item_id,
        actor=_actor(scope),
        changes=body.changes,
        refresh=body.refresh,
    )
    return _detail(uow, scope, row.id)


@router.post(
    "/claims/{item_id}/void",
    response_model=schemas.ClaimDetail,
    dependencies=WRITE,
    summary="Void a claim (at once, or by a frequency-8 claim once adjudicated)",
)
def void(item_id: int, body: schemas.VoidIn, uow: Uow, scope: CurrentScope) -> Any:
    row = corrections.void_claim(
        uow, practice_id=scope.practice_id, claim_id=item_id, actor=_actor(scope), reason=body.reason
    )
    return _detail(uow, scope, row.id)


@router.post(
    "/claims/{item_id}/split",
    response_model=schemas.ClaimDetail,
    status_code=201,
    dependencies=WRITE,
    summary="Move some lines to a new claim",
)
def split(item_id: int, body: schemas.SplitIn, uow: Uow, scope: CurrentScope) -> Any:
    row = corrections.split_claim(
        uow,
        practice_id=scope.practice_id,
        claim_id=item_id,
        line_numbers=body.line_numbers,
        actor=_actor(scope),
    )
    return _detail(uow, scope, row.id)


@router.post(
    "/claims/submit",
    response_model=list[schemas.BatchOut],
    dependencies=WRITE,
    summary="Batch ready claims per payer and send them to the clearinghouse",
)
def submit(request: Request, uow: Uow, scope: CurrentScope) -> Any:
    """Control numbers and files are committed before anything is sent."""
    practice = practice_repo(uow).get(scope.practice_id)
    batches = submission.prepare_batches(
        uow,
        practice_id=scope.practice_id,
        submitter=submission.default_submitter(practice, receiver_id=receiver_id()),
        prior_payers=_remittance_priors,
    )
    uow.commit()
    submission.send_batches(
        uow, practice_id=scope.practice_id, clearinghouse=_clearinghouse(request), actor=_actor(scope)
    )
    return [schemas.BatchOut.model_validate(b) for b in batches]


@router.post(
    "/inbox/process",
    response_model=schemas.InboxOut,
    dependencies=WRITE,
    summary="Read acknowledgments (TA1, 999, 277CA, 277) and 835s from the clearinghouse",
)
def process_inbox(request: Request, uow: Uow, scope: CurrentScope) -> Any:
    """835s are posted to the caller's practice."""
    report = acknowledgments.process_inbox(
        uow, clearinghouse=_clearinghouse(request), practice_id=scope.practice_id
    )
    return schemas.InboxOut(**report.__dict__)


@router.get(
    "/queues/rejections",
    response_model=list[schemas.ClaimSummary],
    dependencies=READ,
    summary="Rejected claims to correct, with the reason in words",
)
def rejections(uow: Uow, scope: CurrentScope) -> Any:
    return [
        schemas.ClaimSummary.model_validate(r)
        for r in service.rejections_queue(uow, practice_id=scope.practice_id)
    ]


@router.get(
    "/queues/follow-up",
    response_model=list[schemas.FollowUpOut],
    dependencies=READ,
    summary="Open claims awaiting the payer, largest and oldest first",
)
def follow_up(uow: Uow, scope: CurrentScope, due_only: bool = Query(False)) -> Any:
    items = followup.follow_up_queue(uow, practice_id=scope.practice_id, due_only=due_only)
    return [
        schemas.FollowUpOut(
            claim=schemas.ClaimSummary.model_validate(i.claim),
            age_days=i.age_days,
            follow_up_days=i.follow_up_days,
            due=i.due,
        )
        for i in items
    ]


@router.get("/payers/{payer_id}/claim-rules", dependencies=READ, summary="A payer's claim rules (data)")
def get_rules(payer_id: int, uow: Uow, scope: CurrentScope) -> dict[str, Any]:
    return service.payer_rules(uow, practice_id=scope.practice_id, payer_id=payer_id).to_mapping()


@router.put(
    "/payers/{payer_id}/claim-rules",
    dependencies=WRITE,
    summary="Replace a payer's claim rules (unknown keys are refused)",
)
def put_rules(payer_id: int, body: dict[str, Any], uow: Uow, scope: CurrentScope) -> dict[str, Any]:
    rules: PayerRules = service.set_payer_rules(
        uow, practice_id=scope.practice_id, payer_id=payer_id, rules=body
    )
    return rules.to_mapping()
