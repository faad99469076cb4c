"""Working denials: the queue grouped by cause, and the four actions (correct and resubmit, void,
write off with supervisor approval above a limit, appeal with a letter, deadline and outcome)."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from revcycle.claims import corrections
from revcycle.claims import repository as claims_repo
from revcycle.claims.tables import ClaimRow
from revcycle.kit.clock import clock
from revcycle.kit.errors import AccessDenied, Conflict, FieldErrors
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service
from revcycle.remittance import repository as repo
from revcycle.remittance.domain.denials import DenialCause
from revcycle.remittance.service import receivable
from revcycle.remittance.service.queues import DENIAL, WRITE_OFF_APPROVAL
from revcycle.remittance.tables import AppealRow, WorkItemRow

DEFAULT_APPEAL_DAYS = 180
"""The appeal window when the payer's is not known: days from the denial's payment date."""
APPROVER_ROLES = frozenset({"supervisor"})


def write_off_approval_limit() -> Money:
    """Write-offs above this need a supervisor's approval (``REVCYCLE_WRITE_OFF_APPROVAL_LIMIT``)."""
    return Money.parse(os.environ.get("REVCYCLE_WRITE_OFF_APPROVAL_LIMIT", "100.00"))


def denial_queue(uow: Any, *, practice_id: int) -> dict[str, list[WorkItemRow]]:
    """Open denials grouped by cause (every cause present, oldest first within each)."""
    grouped: dict[str, list[WorkItemRow]] = {c.value: [] for c in DenialCause}
    for item in repo.work_items(uow, practice_id, queue=DENIAL):
        grouped.setdefault(item.cause, []).append(item)
    return grouped


def _open_denial(uow: Any, practice_id: int, item_id: int) -> WorkItemRow:
    item = repo.work_item(uow, practice_id, item_id)
    if item.queue != DENIAL or item.status != "open":
        raise Conflict(f"work item {item_id} is not an open denial")
    if item.claim_id is None:
        raise Conflict(f"work item {item_id} names no claim")
    return item


def _resolve(item: WorkItemRow, resolution: str) -> None:
    item.status = "resolved"
    item.resolution = resolution[:2000]
    item.resolved_at = clock.now()


def correct_and_resubmit(
    uow: Any, *, practice_id: int, item_id: int, actor: str, changes: dict[str, Any] | None = None
) -> ClaimRow:
    """A replacement claim (frequency 7, REF*F8) through the claims service; the denial is resolved."""
    item = _open_denial(uow, practice_id, item_id)
    assert item.claim_id is not None
    new = corrections.correct_claim(
        uow, practice_id=practice_id, claim_id=item.claim_id, actor=actor, changes=changes
    )
    _resolve(item, f"corrected: replacement claim {new.id}")
    return new


def void(uow: Any, *, practice_id: int, item_id: int, actor: str, reason: str = "") -> ClaimRow:
    """Void the claim at the payer (frequency 8) through the claims service."""
    item = _open_denial(uow, practice_id, item_id)
    assert item.claim_id is not None
    new = corrections.void_claim(
        uow, practice_id=practice_id, claim_id=item.claim_id, actor=actor, reason=reason
    )
    _resolve(item, f"voided: claim {new.id}")
    return new


def write_off(
    uow: Any,
    *,
    practice_id: int,
    item_id: int,
    actor: str,
    reason: ledger.WriteOffReason | str,
    note: str,
    amount: Money | None = None,
) -> WorkItemRow:
    """Write the denied balance off. Above the approval limit the item waits for a supervisor
    (``pending``) and nothing is posted yet."""
    item = _open_denial(uow, practice_id, item_id)
    if not note.strip():
        raise FieldErrors.single("note", "say why the balance is written off")
    amount = amount or item.amount
    if not amount.is_positive():
        raise FieldErrors.single("amount", "a write-off must be more than 0.00")
    request = {
        "reason": ledger.WriteOffReason(reason).value,
        "note": note,
        "amount": str(amount.amount),
        "by": actor,
        "at": clock.now().isoformat(),
    }
    item.details = json.dumps({**json.loads(item.details or "{}"), "write_off": request})
    if amount > write_off_approval_limit():
        item.status = "pending"
        item.queue = WRITE_OFF_APPROVAL
        return item
    _post_write_off(uow, practice_id, item, amount, ledger.WriteOffReason(reason), note)
    return item


def approve_write_off(
    uow: Any, *, practice_id: int, item_id: int, approver: str, approver_role: str
) -> WorkItemRow:
    """A supervisor approves a write-off above the limit; it is posted now."""
    if approver_role not in APPROVER_ROLES:
        raise AccessDenied("a write-off above the approval limit needs a supervisor")
    item = repo.work_item(uow, practice_id, item_id)
    if item.status != "pending":
        raise Conflict(f"work item {item_id} does not wait for approval")
    request = json.loads(item.details)["write_off"]
    if request["by"] == approver:
        raise AccessDenied("a write-off is approved by someone other than who asked for it")
    item.queue = DENIAL
    _post_write_off(
        uow,
        practice_id,
        item,
        Money(request["amount"]),
        ledger.WriteOffReason(request["reason"]),
        request["note"],
    )
    item.resolution += f" (approved by {approver})"
    approval = {"approved_by": approver, "approved_at": clock.now().isoformat()}
    item.details = json.dumps({**json.loads(item.details), "write_off": {**request, **approval}})
    return item


def _post_write_off(
    uow: Any, practice_id: int, item: WorkItemRow, amount: Money, reason: ledger.WriteOffReason, note: str
) -> None:
    assert item.claim_id is not None
    claim = claims_repo.claims(uow, practice_id).get(item.claim_id)
    meta = ledger.EntryMeta(
        practice_id=practice_id,
        effective_date=clock.today(),
        source=f"denial:{item.id}",
        idempotency_key=f"denial:{item.id}:write_off",
        memo=f"write-off {reason.value}: {note}"[:500],
    )
    original = receivable.original_of(uow, practice_id, claim)  # a secondary's receivable lives there
    ref = ledger.ChargeRef(patient_id=claim.patient_id, claim_id=original.claim_id if original else claim.id)
    entry = ledger.write_off(
        meta, ref=ref, owed_by=ledger.Responsibility.insurance(claim.payer_id), reason=reason, amount=amount
    )
    ledger_service.post(uow, entry)
    _resolve(item, f"written off {amount} ({reason.value}): {note}")


# -- appeals ------------------------------------------------------------------------------------
def appeal(
    uow: Any, *, practice_id: int, item_id: int, argument: str, deadline: date | None = None
) -> AppealRow:
    """Open an appeal of a denial with an editable argument; the deadline defaults to the payer's
    window (180 days) from the ERA's payment date."""
    item = _open_denial(uow, practice_id, item_id)
    assert item.claim_id is not None
    if not argument.strip():
        raise FieldErrors.single("argument", "say why the denial is wrong")
    if deadline is None:
        era = repo.era(uow, practice_id, item.era_id) if item.era_id else None
        start = era.payment_date if era and era.payment_date else clock.today()
        deadline = start + timedelta(days=DEFAULT_APPEAL_DAYS)
    row = AppealRow(
        practice_id=practice_id,
        work_item_id=item.id,
        claim_id=item.claim_id,
        deadline=deadline,
        argument=argument,
    )
    uow.session.add(row)
    item.status = "appealed"
    uow.flush()
    return row


def edit_appeal(uow: Any, *, practice_id: int, appeal_id: int, argument: str) -> AppealRow:
    row = repo.appeal(uow, practice_id, appeal_id)
    if row.status not in ("drafted",):
        raise Conflict(f"appeal {appeal_id} was {row.status}; only a drafted appeal is edited")
    row.argument = argument
    return row


def record_appeal_outcome(
    uow: Any, *, practice_id: int, appeal_id: int, outcome: str, note: str = ""
) -> AppealRow:
    """``sent``, then ``won`` or ``lost``; a decided appeal resolves its denial."""
    if outcome not in ("sent", "won", "lost"):
        raise FieldErrors.single("outcome", "one of sent, won, lost")
    row = repo.appeal(uow, practice_id, appeal_id)
    row.status, row.outcome_note = outcome, note
    if outcome in ("won", "lost"):
        row.decided_at = clock.now()
        item = repo.work_item(uow, practice_id, row.work_item_id)
        _resolve(item, f"appeal {outcome}: {note}")
    return row


def appeals_due(uow: Any, *, practice_id: int, within_days: int = 30) -> Sequence[AppealRow]:
    """Appeals not yet decided whose deadline falls within ``within_days``."""
    limit = clock.today() + timedelta(days=within_days)
    rows: Sequence[AppealRow] = uow.session.scalars(
        select(AppealRow)
        .where(
            AppealRow.practice_id == practice_id,
            AppealRow.status.in_(("drafted", "sent")),
            AppealRow.deadline <= limit,
        )
        .order_by(AppealRow.deadline)
    ).all()
    return rows


def causes_summary(uow: Any, *, practice_id: int) -> dict[str, dict[str, str | int]]:
    """Count and amount of open denials per cause."""
    out: dict[str, dict[str, str | int]] = {}
    totals: dict[str, Money] = defaultdict(Money.zero)
    for cause, items in denial_queue(uow, practice_id=practice_id).items():
        totals[cause] = Money.total(i.amount for i in items)
        out[cause] = {"count": len(items), "amount": str(totals[cause].amount)}
    return out
