"""Corrected claims, voids, splits, provider queries and follow-up by 276/277."""

from __future__ import annotations

from datetime import timedelta

import pytest

from revcycle import x12
from revcycle.charges import service as charges
from revcycle.claims import acknowledgments, corrections, followup, service, submission
from revcycle.clearinghouse.port import TransportError
from revcycle.intake import service as intake
from revcycle.kit.clock import clock
from revcycle.kit.errors import Conflict
from revcycle.x12.core.common import Name
from revcycle.x12.core.levels import Level, LevelHeader, Status, Trace
from revcycle.x12.validate import validate
from revcycle.x12.x277 import StatusResponse277
from tests.integration.claims.conftest import Demo, build_scrub_submit, to_accepted
from tests.pyx12_oracle import pyx12_errors


def errors(findings):
    return [f for f in findings if f.is_error]


def submit_ready(demo: Demo, ch) -> None:
    with demo.database.transaction() as uow:
        submission.prepare_batches(uow, practice_id=demo.practice_id)
    with demo.database.transaction() as uow:
        submission.send_batches(uow, practice_id=demo.practice_id, clearinghouse=ch)


def claim(demo: Demo, claim_id: int):
    """The claim view, detached with everything loaded."""
    with demo.database.uow() as uow:
        view = service.get_claim(uow, practice_id=demo.practice_id, claim_id=claim_id)
        uow.session.expunge_all()
        return view


def test_a_corrected_claim_goes_out_as_frequency_7_and_replaces_the_original(demo: Demo, clearinghouse):
    ids = to_accepted(demo, clearinghouse)
    pid = demo.practice_id
    with demo.database.transaction() as uow:
        new = corrections.correct_claim(
            uow, practice_id=pid, claim_id=ids[0], actor="biller", changes={"prior_authorization": "AUTH42"}
        )
        new_id = new.id
        assert new.frequency_code == "7" and new.original_claim_id == ids[0]
        assert not errors(service.scrub_claim(uow, practice_id=pid, claim_id=new_id))
    before = set(clearinghouse.outbox.iterdir())
    submit_ready(demo, clearinghouse)
    (sent,) = set(clearinghouse.outbox.iterdir()) - before
    text = sent.read_text()
    original = claim(demo, ids[0]).claim
    assert (
        f"REF*F8*{original.payer_claim_control_number}" in text
        and ":B:7*" in text
        and "REF*G1*AUTH42" in text
    )
    assert pyx12_errors(text) == []
    assert original.state == "replaced"
    assert claim(demo, ids[0]).history[-1].note == f"by claim {new_id}"


def test_voiding_an_accepted_claim_sends_frequency_8_and_an_unsent_claim_is_voided_at_once(
    demo: Demo, clearinghouse
):
    ids = to_accepted(demo, clearinghouse)
    pid = demo.practice_id
    with demo.database.transaction() as uow:
        void = corrections.void_claim(uow, practice_id=pid, claim_id=ids[1], actor="biller")
        assert not errors(service.scrub_claim(uow, practice_id=pid, claim_id=void.id))
    submit_ready(demo, clearinghouse)
    assert claim(demo, ids[1]).claim.state == "voided"
    with demo.database.transaction() as uow, pytest.raises(Conflict, match="submitted"):
        corrections.void_claim(uow, practice_id=pid, claim_id=void.id)


def test_a_claim_is_split_by_line_and_a_rejected_claim_is_corrected_in_place(demo: Demo):
    pid = demo.practice_id
    with demo.database.transaction() as uow:
        rows = service.build_open_encounters(uow, practice_id=pid)
        first = rows[0]
        assert len(service.get_claim(uow, practice_id=pid, claim_id=first.id).lines) == 3
        other = corrections.split_claim(uow, practice_id=pid, claim_id=first.id, line_numbers=[2, 3])
        assert [
            ln.line_number for ln in service.get_claim(uow, practice_id=pid, claim_id=first.id).lines
        ] == [1]
        assert [ln.code for ln in service.get_claim(uow, practice_id=pid, claim_id=other.id).lines] == [
            "80053",
            "36415",
        ]
        assert first.total_charge + other.total_charge == sum(
            (r.total_charge for r in [first, other]), start=first.total_charge - first.total_charge
        )
        assert other.patient_control_number != first.patient_control_number
        with pytest.raises(Exception, match="line_numbers"):
            corrections.split_claim(uow, practice_id=pid, claim_id=first.id, line_numbers=[1])


def test_an_open_provider_query_holds_the_claim_until_answered(demo: Demo):
    pid = demo.practice_id
    with demo.database.transaction() as uow:
        row = service.build_open_encounters(uow, practice_id=pid)[0]
        query = charges.ask_provider(
            uow,
            practice_id=pid,
            encounter_id=row.encounter_id,
            question="Was the ECG interpreted on site?",
            asked_by="coder1",
        )
        findings = service.scrub_claim(uow, practice_id=pid, claim_id=row.id)
        assert [f.rule_id for f in findings if f.is_error] == ["PROVIDER-QUERY"] and row.state == "draft"
        charges.answer_query(uow, practice_id=pid, query_id=query.id, answer="Yes, by Dr Okafor.")
        assert not errors(service.scrub_claim(uow, practice_id=pid, claim_id=row.id))
        assert row.state == "ready"


def test_claims_stay_ready_with_the_reason_when_the_file_fails_checks_or_sending(demo: Demo, clearinghouse):
    pid = demo.practice_id
    with demo.database.transaction() as uow:
        intake.update_practice(uow, practice_id=pid, changes={"phone": None})
        ids = [c.id for c in service.build_open_encounters(uow, practice_id=pid)]
        for cid in ids:
            service.scrub_claim(uow, practice_id=pid, claim_id=cid)
        batches = submission.prepare_batches(uow, practice_id=pid)
        assert {b.status for b in batches} == {"failed"}
    assert {c.state for c in (claim(demo, i).claim for i in ids)} == {"ready"}
    assert "no phone number" in claim(demo, ids[0]).claim.state_reason

    class Down:
        def send(self, file_name: str, content: str) -> None:
            raise TransportError("connection refused")

    with demo.database.transaction() as uow:
        intake.update_practice(uow, practice_id=pid, changes={"phone": "3035550142"})
        submission.prepare_batches(uow, practice_id=pid)
    with demo.database.transaction() as uow:
        submission.send_batches(uow, practice_id=pid, clearinghouse=Down())
    view = claim(demo, ids[0])
    assert view.claim.state == "ready" and "connection refused" in view.claim.state_reason


def test_claims_without_an_answer_get_a_276_and_a_277_updates_them(demo: Demo, clearinghouse):
    ids = build_scrub_submit(demo, clearinghouse)
    pid = demo.practice_id
    with demo.database.uow() as uow:
        assert followup.follow_up_queue(uow, practice_id=pid, due_only=True) == []
    with clock.frozen(clock.now() + timedelta(days=31)):
        with demo.database.transaction() as uow:
            queue = followup.follow_up_queue(uow, practice_id=pid)
            amounts = [i.claim.total_charge for i in queue]
            assert amounts == sorted(amounts, reverse=True) and all(i.due for i in queue)
            asked = followup.request_status(uow, practice_id=pid, clearinghouse=clearinghouse, actor="biller")
            assert {c.id for c in asked} == set(ids)
        with demo.database.transaction() as uow:
            assert followup.request_status(uow, practice_id=pid, clearinghouse=clearinghouse) == []
    requests = sorted(clearinghouse.outbox.glob("276_*"))
    assert requests and all(validate(p.read_text()).valid for p in requests)  # pyx12 has no 276 map
    first = claim(demo, ids[0]).claim
    model = x12.parse(requests[0].read_text())[0]
    answer = StatusResponse277(
        model.envelope,
        LevelHeader("0010", "08", "ANS1", clock.today(), "1200", "DG"),
        (
            Level(
                "20",
                name=Name("PR", "2", "PAYER", id_qualifier="PI", identifier="X"),
                children=(
                    Level(
                        "21",
                        name=Name("41", "2", "US", id_qualifier="46", identifier="S"),
                        children=(
                            Level(
                                "19",
                                name=Name("1P", "2", "BILLING", id_qualifier="XX", identifier="1234567893"),
                                children=(
                                    Level(
                                        "22",
                                        name=Name("IL", "1", "DOE", "J", id_qualifier="MI", identifier="M1"),
                                        traces=(Trace("2", first.patient_control_number),),
                                        statuses=(Status("F2", "88", "", date=clock.today()),),
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    clearinghouse.inbox.mkdir(exist_ok=True)
    (clearinghouse.inbox / "277.x12").write_text(x12.write(answer))
    with demo.database.transaction() as uow:
        acknowledgments.process_inbox(uow, clearinghouse=clearinghouse)
    view = claim(demo, ids[0])
    assert view.claim.state == "denied"
    assert "finalized: denied: entity not eligible for benefits" in view.history[-1].note
    assert [h.event for h in view.history][-2:] == ["status", "denied"]


def test_the_remittance_context_records_payment_outcomes_by_patient_control_number(demo: Demo, clearinghouse):
    from revcycle.kit.errors import FieldErrors, NotFound

    ids = to_accepted(demo, clearinghouse)
    pid = demo.practice_id
    first, second = claim(demo, ids[0]).claim, claim(demo, ids[1]).claim
    with demo.database.transaction() as uow:
        paid = service.record_payment_outcome(
            uow,
            practice_id=pid,
            patient_control_number=first.patient_control_number,
            outcome="partially_paid",
            actor="era",
            source_document="835 TRN 12345",
            payer_claim_control_number="CLP07-1",
        )
        assert paid.state == "partially_paid" and paid.payer_claim_control_number == "CLP07-1"
        denied = service.record_payment_outcome(
            uow,
            practice_id=pid,
            patient_control_number=second.patient_control_number,
            outcome="denied",
            actor="era",
            source_document="835 TRN 12345",
        )
        assert denied.state == "denied"
        with pytest.raises(NotFound):
            service.record_payment_outcome(
                uow,
                practice_id=pid + 1,
                patient_control_number=first.patient_control_number,
                outcome="paid",
                actor="era",
                source_document="835",
            )
        with pytest.raises(FieldErrors):
            service.record_payment_outcome(
                uow,
                practice_id=pid,
                patient_control_number=first.patient_control_number,
                outcome="lost",
                actor="era",
                source_document="835",
            )
    history = claim(demo, ids[0]).history
    assert (history[-1].event, history[-1].source_document, history[-1].actor) == (
        "partially_paid",
        "835 TRN 12345",
        "era",
    )
