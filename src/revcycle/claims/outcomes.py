"""Payment outcomes for many claims at once (an 835 answers thousands): the same state machine and
history as ``service.record_payment_outcome``, with the claims updated and the history rows inserted
in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Integer, String, Table, bindparam, column, insert, update, values
from sqlalchemy.orm.attributes import set_committed_value

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
    """Move each claim by its outcome; returns the ids of claims whose state does not take it.

    The claims are updated in bulk (one statement per chunk on PostgreSQL, one executemany on
    SQLite) and the loaded rows are given the new values as their database state."""
    now = clock.now()
    events: list[dict[str, object]] = []
    refused: list[int] = []
    changed: dict[int, tuple[ClaimRow, str, str | None]] = {}  # id -> (row, state, payer's number)
    for o in outcomes:
        row = o.claim
        state, number = (
            changed[row.id][1:] if row.id in changed else (row.state, row.payer_claim_control_number)
        )
        try:
            entry = apply(
                ClaimState(state),
                OUTCOME_EVENTS[o.outcome],
                at=now,
                actor=actor,
                source_document=source_document,
            )
        except IllegalTransition:
            refused.append(row.id)
            continue
        changed[row.id] = (row, entry.to_state.value, o.payer_claim_control_number or number)
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
    _update_claims(uow, [(i, state, number) for i, (_, state, number) in changed.items()], now)
    for row, state, number in changed.values():
        set_committed_value(row, "state", state)
        set_committed_value(row, "payer_claim_control_number", number)
        set_committed_value(row, "updated_at", now)
    for i in range(0, len(events), 5000):
        uow.session.execute(insert(_EVENTS).returning(_EVENTS.c.id), events[i : i + 5000])
    return refused


_CLAIMS = cast(Table, ClaimRow.__table__)
_EVENTS = cast(Table, ClaimEventRow.__table__)


def _update_claims(uow: UnitOfWork, changes: list[tuple[int, str, str | None]], now: datetime) -> None:
    """Set state, payer claim control number and updated_at of many claims."""
    if not changes:
        return
    session = uow.session
    if session.get_bind().dialect.name != "postgresql":
        session.execute(
            update(_CLAIMS)
            .where(_CLAIMS.c.id == bindparam("claim_id"))
            .values(
                state=bindparam("new_state"), payer_claim_control_number=bindparam("number"), updated_at=now
            ),
            [{"claim_id": i, "new_state": s, "number": n} for i, s, n in changes],
        )
        return
    for start in range(0, len(changes), 5000):
        given = values(
            column("claim_id", Integer), column("new_state", String), column("number", String), name="given"
        ).data(changes[start : start + 5000])
        session.execute(
            update(_CLAIMS)
            .where(_CLAIMS.c.id == given.c.claim_id)
            .values(state=given.c.new_state, payer_claim_control_number=given.c.number, updated_at=now)
        )
