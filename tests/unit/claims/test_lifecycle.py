from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revcycle.claims.domain.lifecycle import (
    TRANSITIONS,
    ClaimEvent,
    ClaimState,
    IllegalTransition,
    apply,
    next_state,
)
from revcycle.claims.domain.snapshot import claim_from_data, claim_to_data
from revcycle.kit.errors import Conflict
from tests.unit.claims.factories import make_claim, make_line

S, E = ClaimState, ClaimEvent
AT = datetime(2024, 3, 1, 12, tzinfo=UTC)


def walk(state: ClaimState, *events: ClaimEvent) -> ClaimState:
    for event in events:
        state = next_state(state, event)
    return state


def test_the_clean_path_goes_from_draft_to_accepted_to_paid_to_closed():
    assert walk(S.DRAFT, E.SCRUB_PASSED, E.SUBMIT, E.ACK_ACCEPTED, E.PAYER_ACCEPTED) is S.ACCEPTED
    assert walk(S.ACCEPTED, E.PARTIALLY_PAID, E.PAID, E.CLOSE) is S.CLOSED


def test_rejections_come_from_999_or_277ca_and_go_back_to_draft_to_be_corrected():
    assert walk(S.SUBMITTED, E.ACK_REJECTED) is S.REJECTED
    assert walk(S.ACKNOWLEDGED, E.PAYER_REJECTED, E.CORRECT) is S.DRAFT


def test_adjudicated_claims_can_be_replaced_or_voided_and_unsent_ones_cancelled():
    assert next_state(S.DENIED, E.REPLACE) is S.REPLACED
    assert next_state(S.PAID, E.VOID) is S.VOIDED
    assert next_state(S.READY, E.VOID) is S.VOIDED


def test_a_draft_cannot_be_submitted_and_the_error_says_what_is_allowed():
    with pytest.raises(IllegalTransition, match="a draft claim cannot take the event 'submit'") as exc:
        next_state(S.DRAFT, E.SUBMIT)
    assert "scrub_passed" in str(exc.value)
    assert isinstance(exc.value, Conflict)


@pytest.mark.parametrize("state", [S.CLOSED, S.VOIDED, S.REPLACED])
def test_final_states_take_no_event(state: ClaimState):
    assert not [e for (s, e) in TRANSITIONS if s is state]
    with pytest.raises(IllegalTransition):
        next_state(state, E.PAID)


def test_apply_describes_the_step_for_the_history():
    entry = apply(S.SUBMITTED, E.ACK_ACCEPTED, at=AT, actor="inbox", source_document="999 ISA 000000007")
    assert (entry.from_state, entry.to_state, entry.source_document) == (
        S.SUBMITTED,
        S.ACKNOWLEDGED,
        "999 ISA 000000007",
    )


def test_snapshot_round_trips_a_claim_with_money_dates_and_decimals_as_text():
    claim = make_claim(lines=(make_line(), make_line(line_number=2, code="J1885", ndc="00409378901")))
    data = claim_to_data(claim)
    assert data["lines"][0]["charge"] == "120.00" and data["date_of_service"] == "2024-02-20"
    assert claim_from_data(data) == claim


@given(st.sampled_from(list(ClaimState)), st.lists(st.sampled_from(list(ClaimEvent)), max_size=12))
def test_any_event_sequence_follows_the_table_or_raises_without_moving(state: ClaimState, events):
    for event in events:
        if (state, event) in TRANSITIONS:
            state = next_state(state, event)
        else:
            with pytest.raises(IllegalTransition):
                next_state(state, event)
    assert isinstance(state, ClaimState)


def test_every_state_is_reachable_from_draft():
    reachable, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        current = frontier.pop()
        for (s, _), target in TRANSITIONS.items():
            if s is current and target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(ClaimState)
