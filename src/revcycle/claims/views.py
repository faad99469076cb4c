"""The claim page (lines and codes in words, findings, the timeline of events and documents), its
CMS-1500-style view, and the actions a biller takes on one claim: scrub, correct, void, and check
its status with the payer in real time (276/277)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from revcycle.api.deps import Scope, Uow, require
from revcycle.claims import corrections, followup, service
from revcycle.claims.domain.lifecycle import BILLED_STATES, ClaimState
from revcycle.clearinghouse.port import TransportError
from revcycle.codes.domain import CodeSystem, display_code
from revcycle.kit.errors import ConfigurationError, Conflict
from revcycle.kit.findings import Finding
from revcycle.remittance.denial_views import denial_context
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access
from revcycle.web.app import render, verify_csrf
from revcycle.web.lookups import describe, payer_names
from revcycle.web.realtime import realtime_clearinghouse

router = APIRouter(include_in_schema=False)

FIX_AT: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("patient", "subscriber", "member", "coverage", "relationship"), "patient", "the patient's account"),
    (("encounter", "line", "diagnos", "procedure", "modifier", "units", "code"), "claim-lines", "the lines"),
)
"""Where a finding's field is fixed: the patient's account (demographics, coverage) or the lines."""

CORRECTABLE = {s.value for s in (ClaimState.DRAFT, ClaimState.READY, ClaimState.REJECTED)} | {
    s.value for s in (ClaimState.ACCEPTED, ClaimState.PAID, ClaimState.PARTIALLY_PAID, ClaimState.DENIED)
}


def fix_link(finding: Finding, claim_id: int, patient_id: int) -> tuple[str, str]:
    field = (finding.field or "").lower()
    for prefixes, target, label in FIX_AT:
        if field.startswith(prefixes):
            if target == "patient":
                return f"/patients/{patient_id}", label
            return f"/claims/{claim_id}#{target}", label
    return f"/claims/{claim_id}#claim-lines", "the claim"


RESPONSIBILITY = {"P": "primary", "S": "secondary", "T": "tertiary"}
SENT_STATES = {
    s.value for s in (ClaimState.ACCEPTED, ClaimState.PAID, ClaimState.PARTIALLY_PAID, ClaimState.DENIED)
}


def _units(value: Decimal) -> str:
    return str(int(value)) if value == int(value) else str(value.normalize())


def _correct_hint(state: str) -> str:
    if state in SENT_STATES:
        return "Builds a replacement claim (frequency 7) from today's patient, coverage and encounter data."
    return (
        "Rebuilds it from today's patient, coverage and encounter data and sends it back to draft to scrub."
    )


def claim_page_with(
    request: Request,
    uow: Uow,
    scope: Scope,
    claim_id: int,
    *,
    template: str = "claim.html",
    status: int = 200,
    **extra: object,
) -> Response:
    """The claim page (or its CMS-1500 view), also shown again with an ``error`` after a failed action."""
    view = service.get_claim(uow, practice_id=scope.practice_id, claim_id=claim_id)
    row = view.claim
    record_access(uow, scope, AuditAction.READ, "claim", row.id, row.patient_id, detail=f"web {template}")
    claim = service.claim_of(row)
    codes = [*claim.diagnoses, *(ln.code for ln in claim.lines)]
    denial = denial_context(uow, scope, row.id) if scope.can("payments:read") else {"denials": []}
    return render(
        request,
        template,
        status,
        title=f"Claim {row.patient_control_number}",
        view=view,
        row=row,
        claim=claim,
        diagnoses=[(display_code(CodeSystem.ICD10CM, dx), dx) for dx in claim.diagnoses],
        units={ln.line_number: _units(ln.units) for ln in claim.lines},
        responsibility=RESPONSIBILITY.get(claim.payer_responsibility, claim.payer_responsibility),
        correct_hint=_correct_hint(row.state),
        descriptions=describe(uow, dict.fromkeys(codes), row.date_of_service),
        fixes=[(f, *fix_link(f, row.id, row.patient_id)) for f in view.findings],
        payers=payer_names(uow, scope.practice_id),
        can_write=scope.can("claims:write"),
        can_correct=row.state in CORRECTABLE,
        can_scrub=row.state in (ClaimState.DRAFT.value, ClaimState.READY.value),
        can_ask_status=ClaimState(row.state) in BILLED_STATES and scope.can("claims:write"),
        last_status=followup.last_status_answer(view.history),
        **denial,
        **extra,
    )


@router.get("/claims/{claim_id}", name="claim")
def claim_page(
    request: Request, uow: Uow, claim_id: int, scope: Annotated[Scope, require("claims:read")]
) -> Response:
    return claim_page_with(request, uow, scope, claim_id, template="claim.html")


@router.get("/claims/{claim_id}/cms1500", name="claim_cms1500")
def claim_form(
    request: Request, uow: Uow, claim_id: int, scope: Annotated[Scope, require("claims:read")]
) -> Response:
    return claim_page_with(request, uow, scope, claim_id, template="cms1500.html")


def _act(request: Request, uow: Uow, scope: Scope, claim_id: int, action: str, reason: str = "") -> Response:
    actor = scope.username or f"user {scope.user_id}"
    pid = scope.practice_id
    try:
        if action == "scrub":
            service.scrub_claim(uow, practice_id=pid, claim_id=claim_id, actor=actor)
            target = claim_id
        elif action == "correct":
            target = corrections.correct_claim(uow, practice_id=pid, claim_id=claim_id, actor=actor).id
        else:
            target = corrections.void_claim(
                uow, practice_id=pid, claim_id=claim_id, actor=actor, reason=reason
            ).id
    except Conflict as exc:
        uow.rollback()
        return claim_page_with(request, uow, scope, claim_id, status=409, error=exc.message)
    record_access(uow, scope, AuditAction.UPDATE, "claim", claim_id, detail=f"web {action}")
    return RedirectResponse(f"/claims/{target}", status_code=303)


@router.post("/claims/{claim_id}/scrub", dependencies=[Depends(verify_csrf)])
def scrub(
    request: Request, uow: Uow, claim_id: int, scope: Annotated[Scope, require("claims:write")]
) -> Response:
    return _act(request, uow, scope, claim_id, "scrub")


@router.post("/claims/{claim_id}/correct", dependencies=[Depends(verify_csrf)])
def correct(
    request: Request, uow: Uow, claim_id: int, scope: Annotated[Scope, require("claims:write")]
) -> Response:
    return _act(request, uow, scope, claim_id, "correct")


@router.post("/claims/{claim_id}/void", dependencies=[Depends(verify_csrf)])
def void(
    request: Request,
    uow: Uow,
    claim_id: int,
    scope: Annotated[Scope, require("claims:write")],
    reason: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    return _act(request, uow, scope, claim_id, "void", reason.strip())


@router.post("/claims/{claim_id}/status-check", dependencies=[Depends(verify_csrf)])
def check_status(
    request: Request, uow: Uow, claim_id: int, scope: Annotated[Scope, require("claims:write")]
) -> Response:
    """Ask the payer now (276); the page shows its 277 answer in words, also on the timeline."""
    try:
        followup.check_claim_status(
            uow,
            practice_id=scope.practice_id,
            claim_id=claim_id,
            clearinghouse=realtime_clearinghouse(request),
            actor=scope.username or f"user {scope.user_id}",
        )
    except (Conflict, ConfigurationError, TransportError) as exc:
        uow.rollback()
        code = 502 if isinstance(exc, TransportError) else 409
        return claim_page_with(request, uow, scope, claim_id, status=code, error=exc.message)
    record_access(uow, scope, AuditAction.UPDATE, "claim", claim_id, detail="web status check")
    return RedirectResponse(f"/claims/{claim_id}#status-h", status_code=303)
