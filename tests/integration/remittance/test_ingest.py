"""835 ingestion end to end on the database: posting, duplicates, quarantine, unmatched, PLB,
reversals, denials, claim states."""

from __future__ import annotations

from revcycle.claims import service as claims
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service
from revcycle.remittance import repository as repo
from revcycle.remittance.service.ingest import ingest_era
from revcycle.x12.x835.models import ProviderAdjustment, ProviderAdjustmentItem
from tests.integration.remittance.conftest import DOS, World, clp, era_text, make_claim, svc


def _ingest(world: World, text: str, name: str = "era.835") -> object:
    with world.database.transaction() as uow:
        return ingest_era(uow, practice_id=world.practice_id, text=text, source_name=name)


def _balances(world: World, claim_id: int) -> ledger.ReceivableBalance:
    with world.database.uow() as uow:
        return ledger_service.claim_balance(uow, practice_id=world.practice_id, claim_id=claim_id)


def _cash(world: World) -> Money:
    with world.database.uow() as uow:
        return ledger_service.account_balance(uow, practice_id=world.practice_id, account=ledger.CASH)


def _state(world: World, claim_id: int) -> str:
    with world.database.uow() as uow:
        return claims.get_claim(uow, practice_id=world.practice_id, claim_id=claim_id).claim.state


def paid_200(pcn: str) -> object:
    return clp(
        pcn,
        svc("99213", "200.00", "96.00", ("CO", "45", "50.00"), ("PR", "1", "30.00"), ("PR", "2", "24.00")),
    )


def test_era_posts_payment_contractual_and_patient_share(world: World) -> None:
    claim = make_claim(world)
    result = _ingest(world, era_text(paid_200(claim.pcn)))
    assert result.to_json() == {  # type: ignore[attr-defined]
        "status": "posted",
        "claims_posted": 1,
        "claims_unmatched": 0,
        "paid": "96.00",
        "reason": "",
        "era_ids": list(result.era_ids),  # type: ignore[attr-defined]
    }
    balance = _balances(world, claim.id)
    # no charge was posted by this test: insurance AR moved by -(96 + 50 + 54), patient AR by +54
    assert balance.insurance == Money("-200.00")
    assert balance.patient == Money("54.00")
    assert _cash(world) == Money("96.00")
    assert _state(world, claim.id) == "paid"


def test_second_import_of_the_same_era_is_a_duplicate_and_posts_nothing(world: World) -> None:
    claim = make_claim(world)
    text = era_text(paid_200(claim.pcn))
    assert _ingest(world, text).status == "posted"  # type: ignore[attr-defined]
    again = _ingest(world, text, "copy.835")
    assert again.status == "duplicate"  # type: ignore[attr-defined]
    assert _cash(world) == Money("96.00")


def test_unbalanced_835_is_quarantined_and_posts_nothing(world: World) -> None:
    claim = make_claim(world)
    text = era_text(paid_200(claim.pcn)).replace(
        "CLP*" + claim.pcn + "*1*200*96", "CLP*" + claim.pcn + "*1*200*97"
    )
    result = _ingest(world, text)
    assert result.status == "quarantined"  # type: ignore[attr-defined]
    assert "invalid 835" in result.reason  # type: ignore[attr-defined]
    assert _cash(world) == Money.zero()
    with world.database.uow() as uow:
        (era,) = repo.eras(uow, world.practice_id)
        assert era.status == "quarantined" and era.raw_text == text and era.idempotency_key is None
    assert _state(world, claim.id) == "accepted"


def test_unreadable_file_is_quarantined(world: World) -> None:
    result = _ingest(world, "this is not an 835")
    assert result.status == "quarantined"  # type: ignore[attr-defined]


def test_unmatched_claim_goes_to_its_queue_and_the_rest_still_post(world: World) -> None:
    claim = make_claim(world)
    stranger = clp("NOSUCHPCN", svc("99213", "100.00", "80.00", ("CO", "45", "20.00")))
    result = _ingest(world, era_text(paid_200(claim.pcn), stranger))
    assert (result.claims_posted, result.claims_unmatched) == (1, 1)  # type: ignore[attr-defined]
    with world.database.uow() as uow:
        (item,) = repo.work_items(uow, world.practice_id, queue="unmatched")
        assert item.patient_control_number == "NOSUCHPCN" and item.amount == Money("80.00")
    assert _cash(world) == Money("176.00")  # 80.00 held as the payer's unapplied cash


def test_plb_interest_and_recoupment_post_at_provider_level(world: World) -> None:
    claim = make_claim(world)
    plb = ProviderAdjustment(
        "1234567893",
        DOS,
        (
            ProviderAdjustmentItem("L6", Money("-5.00"), "INT1"),
            ProviderAdjustmentItem("WO", Money("20.00"), "OLD9"),
        ),
    )
    result = _ingest(world, era_text(paid_200(claim.pcn), provider_adjustments=(plb,)))
    assert result.status == "posted"  # type: ignore[attr-defined]
    assert result.paid == Money("81.00")  # type: ignore[attr-defined]
    assert _cash(world) == Money("81.00")  # 96 + 5 interest - 20 withheld = BPR02
    with world.database.uow() as uow:
        interest = ledger_service.balances(
            uow,
            practice_id=world.practice_id,
            where=ledger.AccountFilter(kinds=frozenset({ledger.AccountKind.INTEREST_INCOME})),
        )
    assert list(interest.values()) == [Money("-5.00")]


def test_reversal_reverses_the_earlier_posting(world: World) -> None:
    claim = make_claim(world)
    _ingest(world, era_text(paid_200(claim.pcn)))
    reversal = clp(
        claim.pcn,
        svc(
            "99213", "-200.00", "-96.00", ("CO", "45", "-50.00"), ("PR", "1", "-30.00"), ("PR", "2", "-24.00")
        ),
        status="22",
        charge_amount=Money("-200.00"),
        paid_amount=Money("-96.00"),
    )
    result = _ingest(world, era_text(reversal, trace="EFT0002"))
    assert result.status == "posted", result  # type: ignore[attr-defined]
    assert _balances(world, claim.id).total == Money.zero()
    assert _cash(world) == Money.zero()
    with world.database.uow() as uow:
        first, second = repo.era_claims_of(uow, claim.id)
        assert first.reversed_by_id == second.id and second.outcome == "reversed"


def test_denied_claim_goes_to_the_denial_queue_by_cause(world: World) -> None:
    claim = make_claim(world)
    denied = clp(claim.pcn, svc("99213", "200.00", "0.00", ("CO", "50", "200.00")), status="4")
    _ingest(world, era_text(denied))
    with world.database.uow() as uow:
        (item,) = repo.work_items(uow, world.practice_id, queue="denial")
        assert (item.cause, item.codes, item.recommended_action) == ("medical_necessity", "CO-50", "appeal")
        assert item.amount == Money("200.00") and item.claim_id == claim.id
    assert _state(world, claim.id) == "denied"
    assert _balances(world, claim.id).total == Money.zero()  # nothing written off


def test_lines_are_matched_by_control_number_and_state_is_partially_paid(world: World) -> None:
    claim = make_claim(world, (("99213", "100.00"), ("97110", "50.00")))
    services = (
        svc("97110", "50.00", "0.00", ("CO", "97", "50.00"), control=f"{claim.pcn}-2"),
        svc("99213", "100.00", "80.00", ("CO", "45", "20.00"), control=f"{claim.pcn}-1"),
    )
    _ingest(world, era_text(clp(claim.pcn, *services)))
    with world.database.uow() as uow:
        line = ledger_service.claim_line_balance(
            uow, practice_id=world.practice_id, claim_line_id=claim.line_ids[0]
        )
    assert line.insurance == Money("-100.00")
    assert _state(world, claim.id) == "partially_paid"
