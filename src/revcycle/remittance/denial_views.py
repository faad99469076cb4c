"""Working a denial from the claim page and the denial queue: correct and resubmit, void, write off
with a reason (above the limit a supervisor approves), appeal (argument, letter PDF, outcome)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlalchemy import select

from revcycle.api.deps import Scope, Uow, require
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import AccessDenied, Conflict, FieldErrors
from revcycle.kit.money import Money
from revcycle.ledger.domain import WriteOffReason
from revcycle.remittance import repository as repo
from revcycle.remittance.appeal_letter import appeal_letter
from revcycle.remittance.service import denials
from revcycle.remittance.tables import AppealRow
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access
from revcycle.web.app import render, verify_csrf

router = APIRouter(include_in_schema=False)

OUTCOMES = {"sent": "Sent to the payer", "won": "Won (the payer will pay)", "lost": "Lost"}


@dataclass(frozen=True)
class WriteOff:
    """A denial's write-off as the claim page shows it: asked for, and posted or waiting."""

    amount: Money
    reason: str
    note: str
    asked_by: str
    asked_at: datetime | None
    posted: bool
    posted_at: datetime | None
    approved_by: str


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def write_off_of(item: Any) -> WriteOff | None:
    """The write-off asked for on a denial (None when nobody asked for one)."""
    asked = json.loads(item.details or "{}").get("write_off")
    if not asked:
        return None
    posted = item.status == "resolved"
    return WriteOff(
        amount=Money(asked["amount"]),
        reason=asked["reason"],
        note=asked.get("note", ""),
        asked_by=asked.get("by", ""),
        asked_at=_when(asked.get("at")),
        posted=posted,
        posted_at=item.resolved_at if posted else None,
        approved_by=asked.get("approved_by", ""),
    )


def denial_context(uow: UnitOfWork, scope: Scope, claim_id: int) -> dict[str, Any]:
    """The claim page's denial panel: its denials (open, waiting for approval, appealed) and appeals."""
    items = [
        i
        for i in repo.work_items(uow, scope.practice_id, status=None)
        if i.claim_id == claim_id and i.queue in ("denial", "write_off_approval")
    ]
    appeals = uow.session.scalars(
        select(AppealRow)
        .where(AppealRow.practice_id == scope.practice_id, AppealRow.claim_id == claim_id)
        .order_by(AppealRow.id)
    ).all()
    return {
        "denials": items,
        "write_offs": {i.id: w for i in items if (w := write_off_of(i)) is not None},
        "appeals": appeals,
        "write_off_reasons": [r.value for r in WriteOffReason],
        "approval_limit": denials.write_off_approval_limit(),
        "can_pay_write": scope.can("payments:write"),
        "is_supervisor": scope.role == "supervisor",
    }


def _actor(scope: Scope) -> str:
    return scope.username or f"user {scope.user_id}"


def _back(uow: UnitOfWork, scope: Scope, item_id: int) -> str:
    item = repo.work_item(uow, scope.practice_id, item_id)
    return f"/claims/{item.claim_id}#denial-h"


def _failed(request: Request, uow: UnitOfWork, scope: Scope, item_id: int, exc: Exception) -> Response:
    from revcycle.claims.views import claim_page_with

    uow.rollback()
    item = repo.work_item(uow, scope.practice_id, item_id)
    assert item.claim_id is not None
    return claim_page_with(request, uow, scope, item.claim_id, status=409, error=str(exc))


@router.post("/denials/{item_id}/correct", dependencies=[Depends(verify_csrf)])
def correct(
    request: Request, uow: Uow, item_id: int, scope: Annotated[Scope, require("claims:write")]
) -> Response:
    try:
        new = denials.correct_and_resubmit(
            uow, practice_id=scope.practice_id, item_id=item_id, actor=_actor(scope)
        )
    except (Conflict, FieldErrors) as exc:
        return _failed(request, uow, scope, item_id, exc)
    record_access(
        uow, scope, AuditAction.UPDATE, "claim", new.id, new.patient_id, detail="web denial correct"
    )
    return RedirectResponse(f"/claims/{new.id}", status_code=303)


@router.post("/denials/{item_id}/void", dependencies=[Depends(verify_csrf)])
def void(
    request: Request,
    uow: Uow,
    item_id: int,
    scope: Annotated[Scope, require("claims:write")],
    reason: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        new = denials.void(
            uow, practice_id=scope.practice_id, item_id=item_id, actor=_actor(scope), reason=reason.strip()
        )
    except (Conflict, FieldErrors) as exc:
        return _failed(request, uow, scope, item_id, exc)
    record_access(uow, scope, AuditAction.UPDATE, "claim", new.id, new.patient_id, detail="web denial void")
    return RedirectResponse(f"/claims/{new.id}", status_code=303)


@router.post("/denials/{item_id}/write-off", dependencies=[Depends(verify_csrf)])
def write_off(
    request: Request,
    uow: Uow,
    item_id: int,
    scope: Annotated[Scope, require("payments:write")],
    reason: Annotated[str, Form(max_length=20)] = "",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    if reason not in {r.value for r in WriteOffReason}:
        return _failed(request, uow, scope, item_id, FieldErrors.single("reason", "choose a reason"))
    try:
        item = denials.write_off(
            uow, practice_id=scope.practice_id, item_id=item_id, actor=_actor(scope), reason=reason, note=note
        )
    except (Conflict, FieldErrors) as exc:
        return _failed(request, uow, scope, item_id, exc)
    record_access(
        uow, scope, AuditAction.UPDATE, "claim", item.claim_id, detail=f"web write-off {item.status}"
    )
    return RedirectResponse(_back(uow, scope, item_id), status_code=303)


@router.post("/denials/{item_id}/approve-write-off", dependencies=[Depends(verify_csrf)])
def approve(
    request: Request, uow: Uow, item_id: int, scope: Annotated[Scope, require("payments:write")]
) -> Response:
    try:
        item = denials.approve_write_off(
            uow,
            practice_id=scope.practice_id,
            item_id=item_id,
            approver=_actor(scope),
            approver_role=scope.role or "",
        )
    except (Conflict, AccessDenied) as exc:
        return _failed(request, uow, scope, item_id, exc)
    record_access(uow, scope, AuditAction.UPDATE, "claim", item.claim_id, detail="web write-off approved")
    return RedirectResponse(_back(uow, scope, item_id), status_code=303)


@router.post("/denials/{item_id}/appeal", dependencies=[Depends(verify_csrf)])
def open_appeal(
    request: Request,
    uow: Uow,
    item_id: int,
    scope: Annotated[Scope, require("claims:write")],
    argument: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    try:
        row = denials.appeal(uow, practice_id=scope.practice_id, item_id=item_id, argument=argument)
    except (Conflict, FieldErrors) as exc:
        return _failed(request, uow, scope, item_id, exc)
    record_access(
        uow, scope, AuditAction.CREATE, "appeal", row.id, detail=f"web appeal of claim {row.claim_id}"
    )
    return RedirectResponse(f"/appeals/{row.id}", status_code=303)


def _appeal_page(request: Request, uow: UnitOfWork, scope: Scope, appeal_id: int, **extra: Any) -> Response:
    row = repo.appeal(uow, scope.practice_id, appeal_id)
    item = repo.work_item(uow, scope.practice_id, row.work_item_id)
    record_access(uow, scope, AuditAction.READ, "claim", row.claim_id, detail=f"web appeal {row.id}")
    return render(
        request,
        "appeal.html",
        extra.pop("status", 200),
        title=f"Appeal {row.id}",
        appeal=row,
        item=item,
        outcomes=OUTCOMES,
        can_write=scope.can("claims:write"),
        **extra,
    )


@router.get("/appeals/{appeal_id}", name="appeal")
def appeal_page(
    request: Request, uow: Uow, appeal_id: int, scope: Annotated[Scope, require("claims:read")]
) -> Response:
    return _appeal_page(request, uow, scope, appeal_id)


@router.post("/appeals/{appeal_id}", dependencies=[Depends(verify_csrf)])
def edit_appeal(
    request: Request,
    uow: Uow,
    appeal_id: int,
    scope: Annotated[Scope, require("claims:write")],
    argument: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    try:
        denials.edit_appeal(uow, practice_id=scope.practice_id, appeal_id=appeal_id, argument=argument)
    except Conflict as exc:
        uow.rollback()
        return _appeal_page(request, uow, scope, appeal_id, status=409, error=str(exc))
    return RedirectResponse(f"/appeals/{appeal_id}", status_code=303)


@router.post("/appeals/{appeal_id}/outcome", dependencies=[Depends(verify_csrf)])
def appeal_outcome(
    request: Request,
    uow: Uow,
    appeal_id: int,
    scope: Annotated[Scope, require("claims:write")],
    outcome: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        denials.record_appeal_outcome(
            uow, practice_id=scope.practice_id, appeal_id=appeal_id, outcome=outcome, note=note
        )
    except FieldErrors as exc:
        uow.rollback()
        return _appeal_page(request, uow, scope, appeal_id, status=422, error=str(exc))
    return RedirectResponse(f"/appeals/{appeal_id}", status_code=303)


@router.get("/appeals/{appeal_id}/letter.pdf", name="appeal_letter")
def letter(uow: Uow, appeal_id: int, scope: Annotated[Scope, require("claims:read")]) -> Response:
    body = appeal_letter(uow, practice_id=scope.practice_id, appeal_id=appeal_id)
    row = repo.appeal(uow, scope.practice_id, appeal_id)
    record_access(uow, scope, AuditAction.EXPORT, "claim", row.claim_id, detail=f"web appeal letter {row.id}")
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "content-disposition": f'attachment; filename="appeal-{appeal_id}.pdf"',
            "cache-control": "no-store",
        },
    )
