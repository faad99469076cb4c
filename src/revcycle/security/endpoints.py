"""Security over HTTP: who am I, users, the audit trail, disclosures, break-glass, coding audits."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Query

from revcycle.api.deps import Scope, Uow, require
from revcycle.intake import service as intake_service
from revcycle.kit.schema_types import Page
from revcycle.security import repository, schemas
from revcycle.security.domain import AuditAction, Outcome
from revcycle.security.service import audit, break_glass, coding_audit

router = APIRouter(tags=["security"])


@router.get("/me", response_model=schemas.MeOut, summary="Who am I (user, role, practice, permissions)")
def me(scope: Annotated[Scope, require("self:read")]) -> Any:
    return schemas.MeOut(
        user_id=scope.user_id,
        username=scope.username,
        role=scope.role,
        practice_id=scope.practice_id,
        permissions=sorted(scope.permissions),
        via=scope.via,
        break_glass_id=scope.grant_id,
        break_glass_patient_id=scope.grant_patient_id,
    )


@router.get("/users", response_model=list[schemas.UserOut], summary="The practice's users")
def list_users(uow: Uow, scope: Annotated[Scope, require("users:read")]) -> Any:
    return [schemas.UserOut.model_validate(u) for u in repository.users_of(uow, scope.practice_id)]


@router.get("/audit-events", response_model=Page[schemas.AuditEventOut], summary="Search the audit trail")
def search_audit_events(
    uow: Uow,
    scope: Annotated[Scope, require("audit:read")],
    user_id: int | None = None,
    patient_id: int | None = None,
    action: AuditAction | None = None,
    outcome: Outcome | None = None,
    entity: str | None = Query(None, max_length=40),
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> Any:
    criteria = {
        "user_id": user_id,
        "patient_id": patient_id,
        "action": action.value if action else None,
        "outcome": outcome.value if outcome else None,
        "entity": entity,
        "since": since,
        "until": until,
    }
    rows, total = audit.search_audit(uow, scope, criteria, limit=limit, offset=offset)
    return Page[schemas.AuditEventOut](
        items=[schemas.AuditEventOut.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.get("/audit-events/verify", response_model=schemas.ChainVerdictOut, summary="Verify the chain")
def verify_audit_events(uow: Uow, scope: Annotated[Scope, require("audit:read")]) -> Any:
    verdict = audit.verify_audit_chain(uow)
    return schemas.ChainVerdictOut(**verdict.__dict__)


@router.post(
    "/disclosures", response_model=schemas.AuditEventOut, status_code=201, summary="Record a disclosure"
)
def record_disclosure(
    body: schemas.DisclosureIn, uow: Uow, scope: Annotated[Scope, require("disclosures:write")]
) -> Any:
    """PHI given to someone outside the practice; non-TPO ones appear in the patient's accounting."""
    intake_service.get(uow, intake_service.PATIENT, practice_id=scope.practice_id, ident=body.patient_id)
    row = audit.record_disclosure(
        uow,
        scope,
        patient_id=body.patient_id,
        purpose=body.purpose,
        recipient=body.recipient,
        detail=body.detail,
        disclosed_on=body.disclosed_on,
    )
    uow.flush()
    return schemas.AuditEventOut.model_validate(row)


@router.get(
    "/patients/{item_id}/disclosures",
    response_model=list[schemas.AuditEventOut],
    summary="Accounting of disclosures (outside treatment, payment and operations)",
)
def accounting_of_disclosures(
    item_id: int, uow: Uow, scope: Annotated[Scope, require("disclosures:read")], since: date | None = None
) -> Any:
    intake_service.get(uow, intake_service.PATIENT, practice_id=scope.practice_id, ident=item_id)
    start = datetime.combine(since, time(), UTC) if since else None
    rows = audit.accounting_of_disclosures(uow, scope, patient_id=item_id, since=start)
    audit.record_access(uow, scope, AuditAction.EXPORT, "disclosure_accounting", item_id, item_id)
    return [schemas.AuditEventOut.model_validate(r) for r in rows]


@router.post(
    "/break-glass", response_model=schemas.BreakGlassOut, status_code=201, summary="Emergency access"
)
def open_break_glass(
    body: schemas.BreakGlassIn, uow: Uow, scope: Annotated[Scope, require("break_glass:use")]
) -> Any:
    """Open emergency access to one patient's records for one hour, with a stated reason; every
    access under it is flagged, and a supervisor reviews every grant."""
    intake_service.get(uow, intake_service.PATIENT, practice_id=scope.practice_id, ident=body.patient_id)
    row = break_glass.open_break_glass(uow, scope, reason=body.reason, patient_id=body.patient_id)
    return schemas.BreakGlassOut.model_validate(row)


@router.get(
    "/break-glass", response_model=list[schemas.BreakGlassOut], summary="Emergency accesses to review"
)
def list_break_glass(
    uow: Uow,
    scope: Annotated[Scope, require("break_glass:review")],
    status: str | None = Query(None, pattern="^(pending|justified|unjustified)$"),
) -> Any:
    return [
        schemas.BreakGlassOut.model_validate(r)
        for r in break_glass.list_break_glass(uow, scope, status=status)
    ]


@router.get(
    "/break-glass/{item_id}/accesses",
    response_model=list[schemas.AuditEventOut],
    summary="What was done under an emergency access (for its review)",
)
def break_glass_accesses(
    item_id: int, uow: Uow, scope: Annotated[Scope, require("break_glass:review")]
) -> Any:
    return [schemas.AuditEventOut.model_validate(r) for r in break_glass.accesses_under(uow, scope, item_id)]


@router.post(
    "/break-glass/{item_id}/review",
    response_model=schemas.BreakGlassOut,
    summary="Review an emergency access",
)
def review_break_glass(
    item_id: int,
    body: schemas.BreakGlassReviewIn,
    uow: Uow,
    scope: Annotated[Scope, require("break_glass:review")],
) -> Any:
    row = break_glass.review_break_glass(uow, scope, item_id, decision=body.decision, note=body.note)
    return schemas.BreakGlassOut.model_validate(row)


def _sample_out(sample: Any, findings: Any) -> schemas.SampleOut:
    return schemas.SampleOut.model_validate(
        {**{c: getattr(sample, c) for c in sample.__mapper__.columns.keys()}, "findings": findings}  # noqa: SIM118
    )


@router.post(
    "/coding-audits/samples",
    response_model=schemas.SampleOut,
    status_code=201,
    summary="Draw a coding sample",
)
def draw_sample(
    body: schemas.SampleIn, uow: Uow, scope: Annotated[Scope, require("coding_audit:write")]
) -> Any:
    sample, findings = coding_audit.draw_coding_sample(uow, scope, **body.model_dump())
    return _sample_out(sample, findings)


@router.get("/coding-audits/samples/{item_id}", response_model=schemas.SampleOut, summary="A coding sample")
def get_sample(item_id: int, uow: Uow, scope: Annotated[Scope, require("coding_audit:read")]) -> Any:
    return _sample_out(*coding_audit.get_sample(uow, scope, item_id))


@router.post(
    "/coding-audits/findings/{item_id}", response_model=schemas.FindingOut, summary="Record a finding"
)
def record_finding(
    item_id: int, body: schemas.FindingIn, uow: Uow, scope: Annotated[Scope, require("coding_audit:write")]
) -> Any:
    row = coding_audit.record_finding(uow, scope, item_id, **body.model_dump())
    return schemas.FindingOut.model_validate(row)


@router.get("/coding-audits/accuracy", response_model=list[schemas.AccuracyOut], summary="Accuracy per coder")
def accuracy(
    uow: Uow,
    scope: Annotated[Scope, require("coding_audit:read")],
    period_start: date | None = None,
    period_end: date | None = None,
) -> Any:
    rows = coding_audit.accuracy_by_coder(uow, scope, period_start=period_start, period_end=period_end)
    return [schemas.AccuracyOut(**r.__dict__, accuracy=r.accuracy) for r in rows]
