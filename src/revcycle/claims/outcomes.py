"""Payment outcomes for many claims at once (an 835 answers thousands): the same state machine and
history as ``service.record_payment_outcome``, with the history rows inserted in one statement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert

from revcycle.claims.domain.lifecycle import ClaimState, IllegalTransition, apply
from revcycle.claims.service import OUTCOME_EVENTS
from revcycle.claims.tables import ClaimEventRow, ClaimRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork


@dataclass(frozen=True)
class PaymentOutcome:
    claim: ClaimRow
    outcome: str
    """paid, partially_paid or denied."""
    payer_claim_control_number: str = ""


def record_payment_outcomes(
    uow: UnitOfWork, outcomes: Sequence[PaymentOutcome], *, actor: str, source_document: str
) -> list[int]:
    """Move each claim by its outcome; returns the ids of claims whose state does not take it."""
    now = clock.now()
    events: list[dict[str, object]] = []
    refused: list[int] = []
    for o in outcomes:
        row = o.claim
        try:
            entry = apply(
                ClaimState(row.state),
                OUTCOME_EVENTS[o.outcome],
                at=now,
                actor=actor,
                source_document=source_document,
            )
        except IllegalTransition:
            refused.append(row.id)
            continue
        if o.payer_claim_control_number:
            row.payer_claim_control_number = o.payer_claim_control_number
        row.state = entry.to_state.value
        events.append(
            {
                "claim_id": row.id,
                "at": now,
                "actor": actor[:80],
                "event": entry.event.value,
                "from_state": entry.from_state.value if entry.from_state else None,
                "to_state": entry.to_state.value,
                "source_document": source_document[:200],
                "note": "",
            }
        )
    uow.flush()
    for i in range(0, len(events), 5000):
        uow.session.execute(insert(ClaimEventRow), events[i : i + 5000])
    return refused
