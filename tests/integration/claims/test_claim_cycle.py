"""The demo practice through build, scrub, submit (directory drop), 999 and 277CA, to accepted."""

from __future__ import annotations

from revcycle.claims import acknowledgments, service, submission
from revcycle.claims.domain.lifecycle import ClaimState
from revcycle.claims.tables import ControlNumberRow
from tests.integration.claims.acks import ack_277ca, ack_999, ta1
from tests.integration.claims.conftest import Demo, build_scrub_submit, states
from tests.pyx12_oracle import pyx12_errors


def test_demo_claims_go_from_encounters_to_accepted_through_999_and_277ca(demo: Demo, clearinghouse):
    ids = build_scrub_submit(demo, clearinghouse)
    assert len(ids) == demo.encounters
    assert states(demo, ids) == {"submitted"}
    sent = sorted(clearinghouse.outbox.iterdir())
    assert sent, "the 837 files are in the outbox"
    for path in sent:
        text = path.read_text()
        assert pyx12_errors(text) == [], path.name
        clearinghouse.inbox.mkdir(exist_ok=True)
        (clearinghouse.inbox / f"999_{path.stem}.x12").write_text(ack_999(text))
    with demo.database.transaction() as uow:
        report = acknowledgments.process_inbox(uow, clearinghouse=clearinghouse)
    assert report.claims_updated == len(ids) and not report.unmatched
    assert states(demo, ids) == {"acknowledged"}
    for i, path in enumerate(sent):
        (clearinghouse.inbox / f"277CA_{path.stem}.x12").write_text(
            ack_277ca(path.read_text(), control=9200 + i)
        )
    with demo.database.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=clearinghouse)
    assert states(demo, ids) == {"accepted"}
    with demo.database.uow() as uow:
        view = service.get_claim(uow, practice_id=demo.practice_id, claim_id=ids[0])
        events = [(h.event, h.to_state, h.actor) for h in view.history]
        assert events == [
            ("create", "draft", "biller"),
            ("scrub_passed", "ready", "biller"),
            ("submit", "submitted", "biller"),
            ("ack_accepted", "acknowledged", "clearinghouse"),
            ("payer_accepted", "accepted", "clearinghouse"),
        ]
        assert view.history[2].source_document.startswith("837 ")
        assert view.history[4].source_document.startswith("277CA ")
        assert view.claim.payer_claim_control_number.startswith("PAYER")


def test_control_numbers_are_saved_unique_and_never_reused(demo: Demo, clearinghouse):
    build_scrub_submit(demo, clearinghouse)
    with demo.database.uow() as uow:
        rows = uow.session.query(ControlNumberRow).all()
        isa = [r.number for r in rows if r.kind == "ISA13"]
        assert len(isa) == len(set(isa)) == len(list(clearinghouse.outbox.iterdir()))
        assert submission.issue_control_number(uow, "ISA13", "test") == max(isa) + 1


def test_a_277ca_rejection_lands_in_the_rejections_queue_with_the_reason_in_words(demo: Demo, clearinghouse):
    ids = build_scrub_submit(demo, clearinghouse)
    path = next(iter(sorted(clearinghouse.outbox.iterdir())))
    text = path.read_text()
    with demo.database.uow() as uow:
        pcn = service.get_claim(
            uow, practice_id=demo.practice_id, claim_id=ids[0]
        ).claim.patient_control_number
    clearinghouse.inbox.mkdir()
    (clearinghouse.inbox / "a.x12").write_text(ack_999(text))
    (clearinghouse.inbox / "b.x12").write_text(ack_277ca(text, verdicts={pcn: ("A7", "164")}))
    with demo.database.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=clearinghouse)
    with demo.database.uow() as uow:
        queue = service.rejections_queue(uow, practice_id=demo.practice_id)
        assert [c.id for c in queue] == [ids[0]]
        assert "rejected for invalid information: entity's contract/member number" in queue[0].state_reason


def test_a_999_rejection_and_a_ta1_rejection_reject_the_batch_claims(demo: Demo, clearinghouse):
    ids = build_scrub_submit(demo, clearinghouse)
    files = sorted(clearinghouse.outbox.iterdir())
    clearinghouse.inbox.mkdir()
    (clearinghouse.inbox / "a.x12").write_text(ack_999(files[0].read_text(), code="R"))
    for other in files[1:]:
        (clearinghouse.inbox / f"ta1_{other.stem}.x12").write_text(ta1(other.read_text()))
    with demo.database.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=clearinghouse)
    assert states(demo, ids) == {ClaimState.REJECTED.value}
    with demo.database.uow() as uow:
        reasons = {c.state_reason for c in service.rejections_queue(uow, practice_id=demo.practice_id)}
    assert any("NM109 invalid code value" in r for r in reasons)


def test_the_same_acknowledgment_file_is_processed_once(demo: Demo, clearinghouse):
    build_scrub_submit(demo, clearinghouse)
    text = ack_999(next(iter(sorted(clearinghouse.outbox.iterdir()))).read_text())
    clearinghouse.inbox.mkdir()
    (clearinghouse.inbox / "a.x12").write_text(text)
    with demo.database.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=clearinghouse)
    (clearinghouse.inbox / "again.x12").write_text(text)
    with demo.database.transaction() as uow:
        report = acknowledgments.process_inbox(uow, clearinghouse=clearinghouse)
    assert report.duplicates == 1 and report.claims_updated == 0
