"""Working denials (write-off with approval, appeal with a letter, correct and resubmit) and EFT
reassociation, on the database."""

from __future__ import annotations

import datetime as dt

import pytest

from revcycle.kit.errors import AccessDenied, FieldErrors
from revcycle.kit.money import Money
from revcycle.ledger import service as ledger_service
from revcycle.remittance import repository as repo
from revcycle.remittance.appeal_letter import appeal_letter
from revcycle.remittance.service import denials, eft
from revcycle.remittance.service.ingest import ingest_era
from tests.integration.remittance.conftest import World, clp, era_text, make_claim, svc


def _denied(world: World, charge: str = "200.00") -> tuple[int, int]:
    claim = make_claim(world, (("99213", charge),))
    denied = clp(claim.pcn, svc("99213", charge, "0.00", ("CO", "197", charge)), status="4")
    with world.database.transaction() as uow:
        ingest_era(uow, practice_id=world.practice_id, text=era_text(denied), source_name="d.835")
        (item,) = repo.work_items(uow, world.practice_id, queue="denial")
        return claim.id, item.id


def test_denial_queue_groups_by_cause(world: World) -> None:
    _denied(world)
    with world.database.uow() as uow:
        grouped = denials.denial_queue(uow, practice_id=world.practice_id)
        assert [i.cause for i in grouped["authorization"]] == ["authorization"]
        assert grouped["coding"] == []


def test_small_write_off_posts_at_once(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVCYCLE_WRITE_OFF_APPROVAL_LIMIT", "500.00")
    claim_id, item_id = _denied(world)
    with world.database.transaction() as uow:
        item = denials.write_off(
            uow,
            practice_id=world.practice_id,
            item_id=item_id,
            actor="biller1",
            reason="administrative",
            note="no auth",
        )
        assert item.status == "resolved"
    with world.database.uow() as uow:
        balance = ledger_service.claim_balance(uow, practice_id=world.practice_id, claim_id=claim_id)
        assert balance.insurance == Money("-200.00")


def test_write_off_above_the_limit_waits_for_a_supervisor(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVCYCLE_WRITE_OFF_APPROVAL_LIMIT", "100.00")
    _, item_id = _denied(world)
    with world.database.transaction() as uow:
        item = denials.write_off(
            uow,
            practice_id=world.practice_id,
            item_id=item_id,
            actor="biller1",
            reason="administrative",
            note="late",
        )
        assert item.status == "pending"
    with world.database.transaction() as uow, pytest.raises(AccessDenied):
        denials.approve_write_off(
            uow, practice_id=world.practice_id, item_id=item_id, approver="biller2", approver_role="biller"
        )
    with world.database.transaction() as uow:
        item = denials.approve_write_off(
            uow, practice_id=world.practice_id, item_id=item_id, approver="sup1", approver_role="supervisor"
        )
        assert item.status == "resolved" and "approved by sup1" in item.resolution


def test_appeal_tracks_deadline_and_outcome_and_renders_a_letter(world: World) -> None:
    _, item_id = _denied(world)
    with world.database.transaction() as uow:
        appeal = denials.appeal(
            uow, practice_id=world.practice_id, item_id=item_id, argument="Authorization AUTH-77 was on file."
        )
        appeal_id = appeal.id
        # the payer's window (180 days) from the ERA's payment date (BPR16 2024-03-10)
        assert appeal.deadline == dt.date(2024, 3, 10) + dt.timedelta(days=180)
    with world.database.uow() as uow:
        pdf = appeal_letter(uow, practice_id=world.practice_id, appeal_id=appeal_id)
    assert pdf.startswith(b"%PDF")
    with world.database.transaction() as uow:
        denials.record_appeal_outcome(uow, practice_id=world.practice_id, appeal_id=appeal_id, outcome="won")
        assert repo.work_item(uow, world.practice_id, item_id).status == "resolved"


def test_correct_and_resubmit_builds_a_replacement_claim(world: World) -> None:
    claim_id, item_id = _denied(world)
    with world.database.transaction() as uow:
        new = denials.correct_and_resubmit(
            uow, practice_id=world.practice_id, item_id=item_id, actor="biller1"
        )
        assert (new.frequency_code, new.original_claim_id) == ("7", claim_id)
        assert new.payer_claim_control_number is not None


def test_deposits_are_reassociated_and_mismatches_become_exceptions(world: World) -> None:
    claim = make_claim(world)
    paid = clp(claim.pcn, svc("99213", "200.00", "96.00", ("CO", "45", "104.00")))
    with world.database.transaction() as uow:
        ingest_era(uow, practice_id=world.practice_id, text=era_text(paid, trace="TRC1"), source_name="a.835")
    csv_text = "date,amount,trace_number\n2024-03-11,96.00,TRC1\n2024-03-11,12.00,TRC9\n"
    with world.database.transaction() as uow:
        result = eft.import_deposits(uow, practice_id=world.practice_id, csv_text=csv_text)
    assert result.to_json() == {"matched": 1, "exceptions": 1, "already_imported": 0}
    with world.database.transaction() as uow:
        again = eft.import_deposits(uow, practice_id=world.practice_id, csv_text=csv_text)
        assert again.already_imported == 2
        (item,) = repo.work_items(uow, world.practice_id, queue="eft_exception")
        assert item.codes == "no_era" and item.amount == Money("12.00")


BAI2_FILE = """01,121000358,REVCYCLE,260310,0600,1,80,1,2/
02,REVCYCLE,121000358,1,260309,,USD,2/
03,0975312468,USD,010,500000,,,015,506500,,/
16,165,9600,Z,BNK0001,TRC2,APEX HEALTH HCCLAIMPMT/
16,165,4000,Z,BNK0002,,SUMMIT BC CCD+ HCCLAIMPMT
88,TRN*1*TRC9*1999999999\\/
16,475,1500,Z,CHK0001,,CHECK PAID/
49,1021600,6/
98,1021600,1,8/
99,1021600,1,10/
"""


def test_bai2_credits_are_reassociated_by_trace_in_customer_reference_or_continuation_text(
    world: World,
) -> None:
    claim = make_claim(world)
    paid = clp(claim.pcn, svc("99213", "200.00", "96.00", ("CO", "45", "104.00")))
    with world.database.transaction() as uow:
        ingest_era(uow, practice_id=world.practice_id, text=era_text(paid, trace="TRC2"), source_name="b.835")
    with world.database.transaction() as uow:  # the debit (475, a check paid) is not a deposit
        result = eft.import_deposits(uow, practice_id=world.practice_id, csv_text=BAI2_FILE)
    assert result.to_json() == {"matched": 1, "exceptions": 1, "already_imported": 0}
    with world.database.uow() as uow:
        deposits = {d.trace_number: (d.amount, d.status) for d in repo.deposits(uow, world.practice_id)}
        assert deposits == {"TRC2": (Money("96.00"), "matched"), "TRC9": (Money("40.00"), "no_era")}


def test_a_bai2_record_that_is_not_bai2_is_refused_naming_its_line() -> None:
    with pytest.raises(FieldErrors, match="line 4"):
        eft.read_deposits(BAI2_FILE.replace("16,165,9600", "17,165,9600"), "bai2")
