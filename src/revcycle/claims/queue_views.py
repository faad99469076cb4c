"""Claim work queues: claims the scrubber held, claims the clearinghouse or payer rejected, and
claims with no payer answer after N days. Filter by payer, sort, and act on several at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from revcycle.api.deps import Scope, Uow, require
from revcycle.claims import corrections, followup, queries, service
from revcycle.claims.tables import ClaimRow
from revcycle.kit.clock import clock
from revcycle.kit.errors import Conflict
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access
from revcycle.web.app import render, verify_csrf
from revcycle.web.assign_views import assignment_context, keep_mine
from revcycle.web.lookups import payer_names

router = APIRouter(include_in_schema=False)

SORTS: dict[str, tuple[str, Callable[[ClaimRow], Any]]] = {
    "oldest": ("Oldest date of service first", lambda c: (c.date_of_service, c.id)),
    "newest": ("Newest date of service first", lambda c: (-c.date_of_service.toordinal(), -c.id)),
    "largest": ("Largest charge first", lambda c: (-c.total_charge.cents, c.id)),
}
QUEUES = {
    "to-fix": ("Claims to fix", "Drafts the scrubber held: fix what each finding names, then scrub again."),
    "rejections": (
        "Rejections",
        "Claims the clearinghouse (TA1, 999) or the payer (277CA) rejected, with the reason in words. "
        "Correct rebuilds a claim from today's data and sends it back to draft.",
    ),
}


def _filtered(rows: Sequence[ClaimRow], payer_id: int | None, sort: str) -> list[ClaimRow]:
    chosen = [r for r in rows if payer_id is None or r.payer_id == payer_id]
    return sorted(chosen, key=SORTS.get(sort, SORTS["oldest"])[1])


def _queue(
    request: Request, uow: Uow, scope: Scope, queue: str, payer_id: int | None, sort: str, mine: bool
) -> Response:
    pid = scope.practice_id
    rows = queries.to_fix(uow, pid) if queue == "to-fix" else service.rejections_queue(uow, practice_id=pid)
    context = assignment_context(uow, scope, queue, mine)
    claims = keep_mine(_filtered(rows, payer_id, sort), lambda c: c.id, context)
    for row in claims:
        record_access(
            uow, scope, AuditAction.READ, "claim", row.id, row.patient_id, detail=f"web queue {queue}"
        )
    title, hint = QUEUES[queue]
    return render(
        request,
        "queue.html",
        title=title,
        hint=hint,
        claims=claims,
        ages={c.id: (clock.today() - c.date_of_service).days for c in claims},
        payers=payer_names(uow, pid),
        payer_id=payer_id,
        sort=sort,
        sorts=SORTS,
        bulk=("scrub", "Scrub the selected claims again")
        if queue == "to-fix"
        else ("correct", "Correct the selected claims"),
        can_write=scope.can("claims:write"),
        **context,
    )


PayerFilter = Annotated[int | None, Query()]
SortChoice = Annotated[str, Query(max_length=10)]
Mine = Annotated[bool, Query()]


@router.get("/queues/to-fix", name="queue_to_fix")
def to_fix(
    request: Request,
    uow: Uow,
    scope: Annotated[Scope, require("claims:read")],
    payer: PayerFilter = None,
    sort: SortChoice = "oldest",
    mine: Mine = False,
) -> Response:
    return _queue(request, uow, scope, "to-fix", payer, sort, mine)


@router.get("/queues/rejections", name="queue_rejections")
def rejections(
    request: Request,
    uow: Uow,
    scope: Annotated[Scope, require("claims:read")],
    payer: PayerFilter = None,
    sort: SortChoice = "oldest",
    mine: Mine = False,
) -> Response:
    return _queue(request, uow, scope, "rejections", payer, sort, mine)


def _bulk(uow: Uow, scope: Scope, queue: str, claim_ids: list[int]) -> Response:
    """Scrub (claims to fix) or correct (rejections) each selected claim; one that cannot is skipped."""
    actor = scope.username or f"user {scope.user_id}"
    for claim_id in claim_ids[:200]:
        try:
            if queue == "to-fix":
                service.scrub_claim(uow, practice_id=scope.practice_id, claim_id=claim_id, actor=actor)
            else:
                corrections.correct_claim(uow, practice_id=scope.practice_id, claim_id=claim_id, actor=actor)
        except Conflict:
            continue
        record_access(uow, scope, AuditAction.UPDATE, "claim", claim_id, detail=f"web bulk {queue}")
    return RedirectResponse(f"/queues/{queue}", status_code=303)


Selected = Annotated[list[int], Form(alias="claim_id")]


@router.post("/queues/to-fix", dependencies=[Depends(verify_csrf)])
def scrub_selected(
    uow: Uow, scope: Annotated[Scope, require("claims:write")], claim_ids: Selected
) -> Response:
    return _bulk(uow, scope, "to-fix", claim_ids)


@router.post("/queues/rejections", dependencies=[Depends(verify_csrf)])
def correct_selected(
    uow: Uow, scope: Annotated[Scope, require("claims:write")], claim_ids: Selected
) -> Response:
    return _bulk(uow, scope, "rejections", claim_ids)


@router.get("/queues/unpaid", name="queue_unpaid")
def unpaid(
    request: Request,
    uow: Uow,
    scope: Annotated[Scope, require("claims:read")],
    payer: PayerFilter = None,
    days: Annotated[int, Query(ge=0, le=3650)] = 30,
    mine: Mine = False,
) -> Response:
    """Claims sent and not answered by the payer for at least ``days`` days, largest first."""
    pid = scope.practice_id
    context = assignment_context(uow, scope, "unpaid", mine)
    items = keep_mine(
        [
            i
            for i in followup.follow_up_queue(uow, practice_id=pid)
            if i.age_days >= days and (payer is None or i.claim.payer_id == payer)
        ],
        lambda i: i.claim.id,
        context,
    )
    for item in items:
        record_access(
            uow,
            scope,
            AuditAction.READ,
            "claim",
            item.claim.id,
            item.claim.patient_id,
            detail="web queue unpaid",
        )
    return render(
        request,
        "queue_unpaid.html",
        title="Unpaid claims",
        items=items,
        days=days,
        payer_id=payer,
        payers=payer_names(uow, pid),
        **context,
    )
