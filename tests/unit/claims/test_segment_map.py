"""Claim spans in an 837 we wrote, and 999 verdicts per claim."""

from __future__ import annotations

import datetime as dt

from revcycle.claims.segment_map import ClaimSpan, claim_spans, verdicts_999
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.x999.models import Acknowledgment999, SegmentNote, TransactionSetResponse
from tests.unit.claims.factories import make_claim, make_person
from tests.unit.claims.test_edi import write


def test_each_claim_spans_its_subscriber_loop_to_the_segment_before_the_next_hl_or_se():
    dependent = make_claim(
        patient_control_number="RC1-2-1",
        relationship="19",
        subscriber=make_person(first_name="Parent", date_of_birth=dt.date(1960, 1, 1)),
        patient=make_person(first_name="Kid", date_of_birth=dt.date(2015, 6, 1)),
    )
    text = write(make_claim(), dependent)
    lines = [ln.rstrip("~").split("*")[0:4] for ln in text.splitlines()]
    st = next(i for i, ln in enumerate(lines) if ln[0] == "ST")
    at = {i - st + 1: ln for i, ln in enumerate(lines) if i >= st}
    spans = claim_spans(text)
    assert set(spans) == {"RC1-1-1", "RC1-2-1"} and {s.transaction_set for s in spans.values()} == {"0001"}
    first, second = spans["RC1-1-1"], spans["RC1-2-1"]
    assert at[first.first][:4] == ["HL", "2", "1", "22"] and at[first.last + 1][0] == "HL"
    assert at[second.first][:4] == ["HL", "3", "1", "22"] and at[second.last + 1][0] == "SE"
    assert any(at[p][:2] == ["NM1", "QC"] for p in range(second.first, second.last + 1))


def _ack(code: str, *notes: SegmentNote) -> Acknowledgment999:
    env = Envelope("A", "B", "000000001", "1", "0001", dt.date(2024, 3, 1), "1200")
    ts = TransactionSetResponse(
        "837", "0001", code, segments=notes, error_codes=("5",) if code == "R" else ()
    )
    return Acknowledgment999(env, "HC", "42", "P" if code == "R" else code, 1, 1, 0, transaction_sets=(ts,))


SPANS = {1: ClaimSpan("0001", 6, 20), 2: ClaimSpan("0001", 21, 35), 3: None}


def test_a_located_rejection_rejects_its_claim_accepts_the_others_and_an_unlocated_one_rejects_all():
    located = verdicts_999(_ack("R", SegmentNote("CLM", 25, "8")), SPANS)
    assert not located[2].accepted and "CLM (segment 25)" in located[2].note
    assert located[1].accepted and "other claims" in located[1].note
    whole = verdicts_999(_ack("R", SegmentNote("NM1", 3, "8"), SegmentNote("CLM", 25, "8")), SPANS)
    assert not any(v.accepted for v in whole.values())
    assert all(v.note.startswith("transaction set rejected") for v in whole.values())


def test_an_accepted_set_accepts_its_claims_and_notes_errors_on_accepted_with_errors():
    assert all(v.accepted and v.note == "" for v in verdicts_999(_ack("A"), SPANS).values())
    noted = verdicts_999(_ack("E", SegmentNote("DTP", 30, "8")), SPANS)
    assert noted[2].note.startswith("accepted with errors: DTP (segment 30)") and noted[1].accepted
