"""The claim state machine. Pure: ``next_state(state, event)`` or an ``IllegalTransition``.

::

    draft --scrub_passed--> ready --submit--> submitted --ack_accepted--> acknowledged
      ^ <--scrub_failed/edit--'                 |  \\--ack_rejected--> rejected
      |                                         '--payer_accepted-------------.
      '------------------ correct ---- rejected <--payer_rejected-- acknowledged --payer_accepted--> accepted
    accepted --paid/partially_paid/denied--> paid | partially_paid | denied --close--> closed
    accepted, paid, partially_paid, denied --replace--> replaced ; --void--> voided
    draft, ready, rejected --void--> voided (never adjudicated)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from revcycle.kit.errors import Conflict


class ClaimState(StrEnum):
    """Where a claim is in its life."""

    DRAFT = "draft"
    """Built, not yet clean (or edited since the last scrub)."""
    READY = "ready"
    """Scrubbed with no errors; waits for the next submission batch."""
    SUBMITTED = "submitted"
    """Sent to the clearinghouse in an interchange."""
    ACKNOWLEDGED = "acknowledged"
    """The clearinghouse's 999 accepted the transaction set."""
    REJECTED = "rejected"
    """A TA1, 999 or 277CA rejected it; it waits in the rejections queue to be corrected."""
    ACCEPTED = "accepted"
    """The payer took it into adjudication (277CA A1/A2)."""
    PAID = "paid"
    """Paid in full by this payer."""
    PARTIALLY_PAID = "partially_paid"
    """Paid, with part of the charge left (denied lines, patient share to move on)."""
    DENIED = "denied"
    """Adjudicated and denied; a denial to work."""
    CLOSED = "closed"
    """Nothing more to do."""
    VOIDED = "voided"
    """Cancelled: never adjudicated, or voided at the payer with frequency 8."""
    REPLACED = "replaced"
    """Superseded by a corrected claim (frequency 7)."""


class ClaimEvent(StrEnum):
    """What happens to a claim."""

    CREATE = "create"
    """The claim was built (it starts as a draft)."""
    SCRUB_PASSED = "scrub_passed"
    """The scrubber found no errors."""
    SCRUB_FAILED = "scrub_failed"
    """The scrubber found errors."""
    EDIT = "edit"
    """The claim changed; it must be scrubbed again."""
    SUBMIT = "submit"
    """The batch holding it was sent."""
    ACK_ACCEPTED = "ack_accepted"
    """999 accepted (or accepted with errors) its transaction set."""
    ACK_REJECTED = "ack_rejected"
    """TA1 or 999 rejected its interchange or transaction set."""
    PAYER_ACCEPTED = "payer_accepted"
    """277CA: accepted into adjudication."""
    PAYER_REJECTED = "payer_rejected"
    """277CA: returned as unprocessable or rejected for missing or invalid information."""
    STATUS = "status"
    """A 277 status answer that changes nothing yet; recorded in the history."""
    PAID = "paid"
    """Remittance: paid in full."""
    PARTIALLY_PAID = "partially_paid"
    """Remittance: paid in part."""
    DENIED = "denied"
    """Remittance: denied."""
    CORRECT = "correct"
    """A rejected claim goes back to draft to be fixed."""
    REPLACE = "replace"
    """A corrected claim (frequency 7) supersedes this one."""
    VOID = "void"
    """Cancel this claim."""
    CLOSE = "close"
    """Nothing more to do."""


S, E = ClaimState, ClaimEvent
_ADJUDICATED = (S.ACCEPTED, S.PAID, S.PARTIALLY_PAID, S.DENIED)
_IN_FLIGHT = (S.SUBMITTED, S.ACKNOWLEDGED, S.ACCEPTED)

TRANSITIONS: dict[tuple[ClaimState, ClaimEvent], ClaimState] = {
    (S.DRAFT, E.SCRUB_PASSED): S.READY,
    (S.DRAFT, E.SCRUB_FAILED): S.DRAFT,
    (S.DRAFT, E.EDIT): S.DRAFT,
    (S.READY, E.SCRUB_PASSED): S.READY,
    (S.READY, E.SCRUB_FAILED): S.DRAFT,
    (S.READY, E.EDIT): S.DRAFT,
    (S.READY, E.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, E.ACK_ACCEPTED): S.ACKNOWLEDGED,
    (S.SUBMITTED, E.ACK_REJECTED): S.REJECTED,
    (S.SUBMITTED, E.PAYER_ACCEPTED): S.ACCEPTED,
    (S.SUBMITTED, E.PAYER_REJECTED): S.REJECTED,
    (S.ACKNOWLEDGED, E.PAYER_ACCEPTED): S.ACCEPTED,
    (S.ACKNOWLEDGED, E.PAYER_REJECTED): S.REJECTED,
    (S.ACCEPTED, E.PAYER_ACCEPTED): S.ACCEPTED,
    (S.REJECTED, E.CORRECT): S.DRAFT,
    (S.REJECTED, E.CLOSE): S.CLOSED,
    (S.PARTIALLY_PAID, E.PAID): S.PAID,
    (S.PAID, E.CLOSE): S.CLOSED,
    (S.PARTIALLY_PAID, E.CLOSE): S.CLOSED,
    (S.DENIED, E.CLOSE): S.CLOSED,
    (S.DRAFT, E.VOID): S.VOIDED,
    (S.READY, E.VOID): S.VOIDED,
    (S.REJECTED, E.VOID): S.VOIDED,
}
for _state in _IN_FLIGHT:
    TRANSITIONS[(_state, E.STATUS)] = _state
for _state in (S.SUBMITTED, S.ACKNOWLEDGED, S.ACCEPTED, S.DENIED):
    TRANSITIONS[(_state, E.PAID)] = S.PAID
    TRANSITIONS[(_state, E.PARTIALLY_PAID)] = S.PARTIALLY_PAID
    TRANSITIONS[(_state, E.DENIED)] = S.DENIED
for _state in _ADJUDICATED:
    TRANSITIONS[(_state, E.REPLACE)] = S.REPLACED
    TRANSITIONS[(_state, E.VOID)] = S.VOIDED

OPEN_STATES = frozenset({S.SUBMITTED, S.ACKNOWLEDGED, S.ACCEPTED})
"""Sent and waiting for the payer's answer: what follow-up watches."""
BILLED_STATES = frozenset({S.SUBMITTED, S.ACKNOWLEDGED, S.ACCEPTED, S.PAID, S.PARTIALLY_PAID, S.DENIED})
"""States in which the payer has (or will have) this claim: what a duplicate is compared with."""


class IllegalTransition(Conflict):
    """The event cannot happen to a claim in its current state."""

    def __init__(self, state: ClaimState, event: ClaimEvent) -> None:
        self.state = state
        self.event = event
        allowed = sorted(e.value for (s, e) in TRANSITIONS if s is state)
        super().__init__(
            f"a {state.value} claim cannot take the event {event.value!r}"
            f" (allowed: {', '.join(allowed) or 'none'})"
        )


def next_state(state: ClaimState, event: ClaimEvent) -> ClaimState:
    """The state after ``event``, or :class:`IllegalTransition`."""
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise IllegalTransition(state, event) from None


@dataclass(frozen=True)
class HistoryEntry:
    """One step in a claim's life: when, who, what, from which document."""

    at: datetime
    actor: str
    event: ClaimEvent
    from_state: ClaimState | None
    to_state: ClaimState
    source_document: str = ""
    note: str = ""


def apply(
    state: ClaimState,
    event: ClaimEvent,
    *,
    at: datetime,
    actor: str,
    source_document: str = "",
    note: str = "",
) -> HistoryEntry:
    """Apply ``event`` and describe the step for the claim's history."""
    return HistoryEntry(at, actor, event, state, next_state(state, event), source_document, note)
