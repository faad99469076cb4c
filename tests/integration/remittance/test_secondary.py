"""Secondary claims from the primary's 835: built automatically, 837 with 2320/2330/2430 that
pyx12 accepts; crossovers are not billed twice."""

from __future__ import annotations

import datetime as dt

import pytest

from revcycle.claims import receivables
from revcycle.claims import repository as claims_repo
from revcycle.claims.edi import Submitter
from revcycle.kit.db import Database
from revcycle.kit.errors import Conflict
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service
from revcycle.remittance.service import secondary
from revcycle.remittance.service.ingest import ingest_era
from revcycle.x12 import api as x12
from revcycle.x12.validate import validate
from tests.integration.remittance.conftest import (
    SECONDARY_CODE,
    World,
    clp,
    era_text,
    make_claim,
    make_world,
    svc,
)
from tests.pyx12_oracle import pyx12_errors
from tests.unit.x12.factories import make_envelope


@pytest.fixture
def covered(database: Database) -> World:
    return make_world(database, secondary=True)


def _claims_of(world: World, payer_id: int) -> list[int]:
    with world.database.uow() as uow:
        rows = claims_repo.of_patient(uow, world.practice_id, world.patient_id)
        return [c.id for c in rows if c.payer_id == payer_id]


def test_primary_balance_builds_a_secondary_claim_whose_837_passes_pyx12(covered: World) -> None:
    claim = make_claim(covered, (("99213", "200.00"), ("85025", "40.00")))
    services = (
        svc("99213", "200.00", "96.00", ("CO", "45", "50.00"), ("PR", "1", "30.00"), ("PR", "2", "24.00")),
        svc("85025", "40.00", "30.00", ("CO", "45", "10.00")),
    )
    with covered.database.transaction() as uow:
        result = ingest_era(
            uow,
            practice_id=covered.practice_id,
            text=era_text(clp(claim.pcn, *services)),
            source_name="p.835",
        )
        assert result.status == "posted"
    (second_id,) = _claims_of(covered, covered.secondary_payer_id)
    submitter = Submitter(
        "SUB01", "Test Clinic", "CH01", "Clearinghouse", "Billing Office", "3035550100", "T"
    )
    with covered.database.uow() as uow:
        model = secondary.secondary_837(
            uow,
            practice_id=covered.practice_id,
            claim_id=second_id,
            envelope=make_envelope(),
            submitter=submitter,
            reference_id="SEC0001",
            created=dt.datetime(2026, 3, 1, 12, 0),
        )
    text = x12.write(model)
    assert "AMT*D*126~" in text.replace("\n", "")
    assert "SVD*APX22*96*HC:99213**1~" in text.replace("\n", "")
    assert "CAS*PR*1*30**2*24~" in text.replace("\n", "")
    assert validate(text).valid, [f.describe() for f in validate(text).errors]
    assert pyx12_errors(text) == []


def test_crossover_is_not_billed_again(covered: World) -> None:
    claim = make_claim(covered)
    forwarded = clp(
        claim.pcn, svc("99213", "200.00", "150.00", ("CO", "45", "20.00"), ("PR", "2", "30.00")), status="19"
    )
    with covered.database.transaction() as uow:
        ingest_era(uow, practice_id=covered.practice_id, text=era_text(forwarded), source_name="x.835")
    assert _claims_of(covered, covered.secondary_payer_id) == []
    with covered.database.transaction() as uow, pytest.raises(Conflict, match="crossed over"):
        secondary.build_secondary_claim(uow, practice_id=covered.practice_id, claim_id=claim.id)


def test_secondary_835_settles_the_original_claim_lines_so_every_claim_line_balances(covered: World) -> None:
    claim = make_claim(covered, (("99213", "200.00"),))
    with covered.database.transaction() as uow:  # sent: the charge goes on the primary claim's line
        receivables.on_sent(uow, claims_repo.claims(uow, covered.practice_id).get(claim.id))
    primary = svc("99213", "200.00", "120.00", ("CO", "45", "30.00"), ("PR", "2", "50.00"))
    with covered.database.transaction() as uow:
        ingest_era(
            uow, practice_id=covered.practice_id, text=era_text(clp(claim.pcn, primary)), source_name="p"
        )
    (second_id,) = _claims_of(covered, covered.secondary_payer_id)
    with covered.database.transaction() as uow:
        second = claims_repo.claims(uow, covered.practice_id).get(second_id)
        second_pcn = second.patient_control_number
        (second_line,) = [ln.id for ln in claims_repo.lines_of(uow, second_id)]
        second.state = "accepted"
    paid = clp(second_pcn, svc("99213", "200.00", "40.00", ("OA", "23", "150.00"), ("PR", "2", "10.00")))
    with covered.database.transaction() as uow:
        result = ingest_era(
            uow,
            practice_id=covered.practice_id,
            text=era_text(paid, trace="EFT0002", payer=("SUMMIT BLUE CROSS", SECONDARY_CODE)),
            source_name="s",
        )
        assert result.status == "posted"
    zero, ten = Money.zero(), Money("10.00")
    with covered.database.uow() as uow:
        pid = covered.practice_id
        (line,) = claim.line_ids
        assert ledger_service.claim_line_balance(uow, practice_id=pid, claim_line_id=line) == (
            ledger.ReceivableBalance(zero, ten)
        )
        assert (
            ledger_service.claim_line_balance(uow, practice_id=pid, claim_line_id=second_line).total == zero
        )
        assert ledger_service.claim_balance(uow, practice_id=pid, claim_id=claim.id) == (
            ledger.ReceivableBalance(zero, ten)
        )
        assert ledger_service.claim_balance(uow, practice_id=pid, claim_id=second_id).total == zero
        for payer in (covered.primary_payer_id, covered.secondary_payer_id):
            assert ledger_service.payer_balance(uow, practice_id=pid, payer_id=payer) == zero
        assert (
            ledger_service.patient_balance(uow, practice_id=pid, patient_id=covered.patient_id).patient == ten
        )
        trial = ledger_service.trial_balance(uow, practice_id=pid)
        assert trial.is_balanced
        assert {r.kind: r.balance for r in trial.rows}[ledger.AccountKind.INSURANCE_AR] == zero
