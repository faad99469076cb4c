"""Remittance pages: the ERAs received, one ERA as a readable EOB (payer, trace number, claims,
lines, adjustments with their reason codes in words, what was posted), and the remittance work
queues: denials by cause, underpaid claims, unmatched remittances."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from revcycle.api.deps import Scope, Uow, require
from revcycle.codes.domain import CodeSystem
from revcycle.kit.clock import clock
from revcycle.kit.errors import NotFound
from revcycle.remittance import queries
from revcycle.remittance import repository as repo
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access
from revcycle.web.app import render
from revcycle.web.assign_views import assignment_context, keep_mine
from revcycle.web.lookups import describe_in, payer_names

router = APIRouter(include_in_schema=False)

GROUPS = {
    "CO": "contractual obligation (the practice writes it off)",
    "PR": "patient responsibility",
    "OA": "other adjustment",
    "PI": "payer initiated reduction",
    "CR": "correction or reversal",
}
QUEUES = {
    "denials": (
        "denial",
        "Denials",
        "Claims the payer denied in whole or in part, by cause, with the recommended action.",
    ),
    "underpaid": (
        "underpaid",
        "Underpaid claims",
        "Payments below the contracted amount the fee schedule expects.",
    ),
    "unmatched": (
        "unmatched",
        "Unmatched remittances",
        "ERA claims that match no claim of ours (CLP01 not found).",
    ),
}


@router.get("/remittances", name="remittances")
def remittances(request: Request, uow: Uow, scope: Annotated[Scope, require("payments:read")]) -> Response:
    pid = scope.practice_id
    return render(
        request,
        "remittances.html",
        title="Remittances",
        eras=queries.eras(uow, pid),
        payers=payer_names(uow, pid),
    )


@router.get("/remittances/{era_id}", name="remittance")
def remittance(
    request: Request, uow: Uow, era_id: int, scope: Annotated[Scope, require("payments:read")]
) -> Response:
    pid = scope.practice_id
    era, claims = queries.era_with_claims(uow, pid, era_id)
    for paid in claims:
        record_access(
            uow, scope, AuditAction.READ, "claim", paid.row.claim_id, detail=f"web remittance {era.id}"
        )
    carcs = {
        a.reason
        for c in claims
        for a in (*c.claim_adjustments, *(x for ln in c.lines for x in ln.adjustments))
    }
    on = era.payment_date or clock.today()
    return render(
        request,
        "remittance.html",
        title=f"Remittance {era.trace_number}",
        era=era,
        claims=claims,
        payers=payer_names(uow, pid),
        groups=GROUPS,
        carc=describe_in(uow, CodeSystem.CARC, carcs, on),
    )


@router.get("/queues/{queue}", name="remittance_queue")
def work_queue(
    request: Request,
    uow: Uow,
    queue: str,
    scope: Annotated[Scope, require("payments:read")],
    mine: Annotated[bool, Query()] = False,
) -> Response:
    if queue not in QUEUES:
        raise NotFound("queue", queue)
    name, title, hint = QUEUES[queue]
    context = assignment_context(uow, scope, queue, mine)
    items = keep_mine(list(queries.open_items(uow, scope.practice_id, name)), lambda i: i.id, context)
    for item in items:
        record_access(uow, scope, AuditAction.READ, "claim", item.claim_id, detail=f"web queue {queue}")
    pending = (
        repo.work_items(uow, scope.practice_id, queue="write_off_approval", status="pending")
        if queue == "denials"
        else ()
    )
    return render(
        request, "queue_remittance.html", title=title, hint=hint, items=items, pending=pending, **context
    )
