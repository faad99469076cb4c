"""Break-glass: emergency access to one patient, with a stated reason, time-boxed, every access under
it flagged in the audit trail and listed for a supervisor's review."""

from __future__ import annotations

from collections.abc import Sequence

from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, FieldErrors
from revcycle.security import repository
from revcycle.security.domain import BREAK_GLASS_FOR, AuditAction, Principal, validate_break_glass_reason
from revcycle.security.service.audit import record_access
from revcycle.security.tables import AuditEventRow, BreakGlassRow

REVIEW_DECISIONS = ("justified", "unjustified")


def open_break_glass(uow: UnitOfWork, scope: Principal, *, reason: str, patient_id: int) -> BreakGlassRow:
    """Open an emergency grant to ``patient_id``'s records for an hour; it is audited and waits for
    a supervisor's review. The caller checks the patient belongs to the practice."""
    assert scope.user_id is not None
    now = clock.now()
    row = BreakGlassRow(
        practice_id=scope.practice_id,
        user_id=scope.user_id,
        patient_id=patient_id,
        reason=validate_break_glass_reason(reason),
        opened_at=now,
        expires_at=now + BREAK_GLASS_FOR,
        review_status="pending",
    )
    uow.session.add(row)
    uow.flush()
    record_access(
        uow,
        scope,
        AuditAction.BREAK_GLASS,
        "break_glass",
        row.id,
        patient_id,
        detail="emergency access opened; pending supervisor review",
    )
    return row


def list_break_glass(uow: UnitOfWork, scope: Principal, *, status: str | None) -> Sequence[BreakGlassRow]:
    return repository.grants(uow, scope.practice_id, status)


def accesses_under(uow: UnitOfWork, scope: Principal, grant_id: int) -> Sequence[AuditEventRow]:
    """The audit records written under one of the practice's grants, for its review."""
    repository.scoped_grant(uow, scope.practice_id, grant_id)
    return repository.accesses_under(uow, grant_id)


def get_break_glass(uow: UnitOfWork, scope: Principal, grant_id: int) -> BreakGlassRow:
    return repository.scoped_grant(uow, scope.practice_id, grant_id)


def review_break_glass(
    uow: UnitOfWork, scope: Principal, grant_id: int, *, decision: str, note: str | None
) -> BreakGlassRow:
    row = repository.scoped_grant(uow, scope.practice_id, grant_id)
    if decision not in REVIEW_DECISIONS:
        raise FieldErrors.single("decision", f"one of {', '.join(REVIEW_DECISIONS)}")
    if row.review_status != "pending":
        raise Conflict(f"break-glass grant {grant_id} was already reviewed")
    if row.user_id == scope.user_id:
        raise Conflict("a supervisor cannot review their own emergency access")
    row.review_status = decision
    row.reviewed_by = scope.user_id
    row.reviewed_at = clock.now()
    row.review_note = note
    if decision == "unjustified":
        row.expires_at = min(row.expires_at, clock.now())
    return row
