"""A 999 rejection lands on the claims its IK3 segment positions fall in, not on the whole file."""

from __future__ import annotations

from pathlib import Path

from revcycle.claims import acknowledgments, service
from revcycle.claims.domain.lifecycle import ClaimState
from revcycle.claims.tables import ClaimRow
from revcycle.x12.x999.models import ElementNote, SegmentNote
from tests.integration.claims.acks import ack_999
from tests.integration.claims.conftest import Demo, build_scrub_submit


def _multi_claim_file(outbox: Path) -> tuple[str, list[tuple[str, int]]]:
    """The first 837 with two claims or more, and each claim's (PCN, CLM position from ST = 1)."""
    for path in sorted(outbox.iterdir()):
        lines = [ln.rstrip("~") for ln in path.read_text().splitlines()]
        st = next(i for i, ln in enumerate(lines) if ln.startswith("ST*"))
        clms = [(ln.split("*")[1], i - st + 1) for i, ln in enumerate(lines) if ln.startswith("CLM*")]
        if len(clms) >= 2:
            return path.read_text(), clms
    raise AssertionError("no 837 with two claims in the demo")


def _by_pcn(demo: Demo) -> dict[str, tuple[str, str]]:
    with demo.database.uow() as uow:
        rows = uow.session.query(ClaimRow).filter_by(practice_id=demo.practice_id).all()
        return {r.patient_control_number: (r.state, r.state_reason or "") for r in rows}


def _answer(demo: Demo, clearinghouse, text: str) -> None:
    clearinghouse.inbox.mkdir(exist_ok=True)
    (clearinghouse.inbox / "999.x12").write_text(text)
    with demo.database.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=clearinghouse)


def test_an_ik3_inside_one_claim_rejects_that_claim_and_accepts_the_rest_of_the_set(
    demo: Demo, clearinghouse
):
    build_scrub_submit(demo, clearinghouse)
    text, clms = _multi_claim_file(clearinghouse.outbox)
    bad_pcn, clm_position = clms[1]
    note = SegmentNote(
        "CLM", clm_position, "8", loop_id="2300", elements=(ElementNote(2, "6", bad_value="X"),)
    )
    _answer(demo, clearinghouse, ack_999(text, code="R", segments=(note,)))
    states = _by_pcn(demo)
    assert states[bad_pcn][0] == ClaimState.REJECTED.value
    assert f"CLM (segment {clm_position})" in states[bad_pcn][1] and "CLM02" in states[bad_pcn][1]
    for pcn, _ in clms:
        if pcn != bad_pcn:
            assert states[pcn][0] == ClaimState.ACKNOWLEDGED.value, states[pcn]
    with demo.database.uow() as uow:
        queue = [
            c.patient_control_number for c in service.rejections_queue(uow, practice_id=demo.practice_id)
        ]
    assert queue == [bad_pcn]


def test_an_ik3_in_a_claims_subscriber_loop_rejects_that_claim_only(demo: Demo, clearinghouse):
    build_scrub_submit(demo, clearinghouse)
    text, clms = _multi_claim_file(clearinghouse.outbox)
    first_pcn, clm_position = clms[0]
    member = SegmentNote("NM1", clm_position - 3, "8", loop_id="2010BA", elements=(ElementNote(9, "7"),))
    _answer(demo, clearinghouse, ack_999(text, code="R", segments=(member,)))
    states = _by_pcn(demo)
    assert [p for p, _ in clms if states[p][0] == ClaimState.REJECTED.value] == [first_pcn]


def test_a_set_rejected_without_an_ik3_or_with_one_in_the_header_rejects_every_claim(
    demo: Demo, clearinghouse
):
    build_scrub_submit(demo, clearinghouse)
    text, clms = _multi_claim_file(clearinghouse.outbox)
    header = SegmentNote("NM1", 3, "8", loop_id="1000A", elements=(ElementNote(9, "7"),))
    _answer(demo, clearinghouse, ack_999(text, code="R", segments=(header,)))
    states = _by_pcn(demo)
    assert {states[p][0] for p, _ in clms} == {ClaimState.REJECTED.value}
    assert all("transaction set rejected" in states[p][1] for p, _ in clms)


def test_a_set_rejected_with_no_segment_notes_rejects_every_claim(demo: Demo, clearinghouse):
    build_scrub_submit(demo, clearinghouse)
    text, clms = _multi_claim_file(clearinghouse.outbox)
    _answer(demo, clearinghouse, ack_999(text, code="R", segments=()))
    assert {_by_pcn(demo)[p][0] for p, _ in clms} == {ClaimState.REJECTED.value}
