"""Self-pay visits go on the patient's receivable when captured, dated by their date of service,
and tie with the statement, the patient's balance and the aging by patient."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from revcycle.charges import self_pay
from revcycle.charges import service as charges
from revcycle.claims import receivables
from revcycle.claims import service as claims
from revcycle.intake import service as intake
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service
from revcycle.patient_billing.service import accounts as pb_accounts
from revcycle.patient_billing.service import documents
from revcycle.reporting import service as reporting
from revcycle.reporting.domain import AgingBy
from tests.integration.charges.conftest import assert_books_hold, self_pay_entries, uninsured_patient
from tests.integration.remittance.conftest import World

DOS = clock.today() - dt.timedelta(days=45)
"""45 days ago: the 31-60 bucket by date of service (the accounts are opened today)."""
TOTAL = Money("230.00")


def _capture(world: World, patient_id: int, **extra: Any) -> int:
    with world.database.transaction() as uow:
        row = charges.capture_encounter(
            uow,
            practice_id=world.practice_id,
            values={
                "patient_id": patient_id,
                "rendering_provider_id": world.provider_id,
                "date_of_service": DOS,
                "diagnoses": ["E119"],
                "lines": [{"code": "99213"}, {"code": "80053"}],
                **extra,
            },
        )
        return int(row.id)


def _patient_aging(uow: UnitOfWork, world: World, patient_id: int) -> tuple[Money, ...]:
    report = reporting.ar_aging(uow, practice_id=world.practice_id, by=AgingBy.PATIENT)
    assert report.ties
    rows = [r for r in report.rows if r.party.id == patient_id]
    return rows[0].amounts if rows else (Money.zero(),) * len(report.buckets)


def test_a_visit_with_no_coverage_posts_its_lines_to_patient_ar_on_the_date_of_service(world: World):
    patient = uninsured_patient(world)
    encounter = _capture(world, patient)
    pid = world.practice_id
    with world.database.uow() as uow:
        view = charges.get_encounter(uow, practice_id=pid, encounter_id=encounter)
        assert view.encounter.status == "self_pay"
        posted = self_pay_entries(uow, world, encounter)
        assert [p.entry.effective_date for p in posted] == [DOS, DOS]
        assert {p.entry.idempotency_key for p in posted} == {
            f"encounter:{encounter}:line:{line.id}:charge" for line in view.lines
        }
        balance = ledger_service.patient_balance(uow, practice_id=pid, patient_id=patient)
        assert (balance.patient, balance.insurance) == (TOTAL, Money.zero())
        # aging by patient: 45 days from the date of service, not 0 from the day it was captured
        assert _patient_aging(uow, world, patient)[:2] == (Money.zero(), TOTAL)
        account = pb_accounts.account_of(uow, pid, patient)
        doc = documents.compose_statement(uow, practice_id=pid, account=account, on=clock.today())
        assert [(i.service_date, i.code, i.description, i.charge) for i in doc.items] == [
            (DOS, "80053", "Metabolic panel", Money("80.00")),
            (DOS, "99213", "Office visit, established", Money("150.00")),
        ]
        assert doc.amount_due == TOTAL
        assert_books_hold(uow, world)


def test_a_covered_visit_the_patient_chooses_to_pay_is_billed_to_the_patient(world: World):
    encounter = _capture(world, world.patient_id, self_pay=True)
    with world.database.uow() as uow:
        balance = ledger_service.patient_balance(
            uow, practice_id=world.practice_id, patient_id=world.patient_id
        )
        assert (balance.patient, balance.insurance) == (TOTAL, Money.zero())
        assert len(self_pay_entries(uow, world, encounter)) == 2
        assert_books_hold(uow, world)


def test_a_covered_visit_posts_nothing_until_its_claim_is_sent(world: World):
    encounter = _capture(world, world.patient_id)
    with world.database.uow() as uow:
        assert (
            charges.get_encounter(uow, practice_id=world.practice_id, encounter_id=encounter).encounter.status
            == "open"
        )
        assert self_pay_entries(uow, world, encounter) == []


def test_billing_a_self_pay_visit_twice_posts_once(world: World):
    patient = uninsured_patient(world)
    encounter = _capture(world, patient)
    with world.database.uow() as uow:
        first = [p.id for p in self_pay_entries(uow, world, encounter)]
    with world.database.transaction() as uow:
        again = self_pay.bill_to_patient(uow, practice_id=world.practice_id, encounter_id=encounter)
    with world.database.uow() as uow:
        assert sorted(again) == sorted(first)
        assert [p.id for p in self_pay_entries(uow, world, encounter)] == first
        balance = ledger_service.patient_balance(uow, practice_id=world.practice_id, patient_id=patient)
        assert balance.total == TOTAL
        assert_books_hold(uow, world)


def test_an_open_encounter_released_to_the_patient_posts_its_charges(world: World):
    encounter = _capture(world, world.patient_id)
    with world.database.transaction() as uow:
        self_pay.bill_to_patient(uow, practice_id=world.practice_id, encounter_id=encounter)
    with world.database.uow() as uow:
        balance = ledger_service.patient_balance(
            uow, practice_id=world.practice_id, patient_id=world.patient_id
        )
        assert balance.patient == TOTAL
        assert_books_hold(uow, world)


def test_a_payment_on_a_self_pay_visit_shows_on_its_lines_and_the_statement(world: World):
    patient = uninsured_patient(world)
    _capture(world, patient)
    pid = world.practice_id
    with world.database.transaction() as uow:
        pb_accounts.record_payment(
            uow, practice_id=pid, patient_id=patient, amount=Money("100.00"), method="cash"
        )
    with world.database.uow() as uow:
        account = pb_accounts.account_of(uow, pid, patient)
        doc = documents.compose_statement(uow, practice_id=pid, account=account, on=clock.today())
        assert sum((i.patient_paid for i in doc.items), Money.zero()) == Money("100.00")
        assert doc.amount_due == Money("130.00")
        assert ledger_service.patient_balance(uow, practice_id=pid, patient_id=patient).patient == Money(
            "130.00"
        )
        assert sum(_patient_aging(uow, world, patient), Money.zero()) == Money("130.00")
        assert_books_hold(uow, world)


def test_voiding_a_self_pay_visit_reverses_its_charges(world: World):
    patient = uninsured_patient(world)
    encounter = _capture(world, patient)
    pid = world.practice_id
    with world.database.transaction() as uow:
        self_pay.void_encounter(uow, practice_id=pid, encounter_id=encounter)
        self_pay.void_encounter(uow, practice_id=pid, encounter_id=encounter)  # again: nothing new
    with world.database.uow() as uow:
        posted = self_pay_entries(uow, world, encounter)
        assert len(posted) == 4
        assert sum(1 for p in posted if p.entry.reverses_entry_id is not None) == 2
        assert ledger_service.patient_balance(uow, practice_id=pid, patient_id=patient).total == Money.zero()
        assert _patient_aging(uow, world, patient) == (Money.zero(),) * 5
        assert_books_hold(uow, world)
    with world.database.transaction() as uow, pytest.raises(Conflict):
        self_pay.bill_to_patient(uow, practice_id=pid, encounter_id=encounter)
    with world.database.transaction() as uow, pytest.raises(Conflict):
        claims.build_claim(uow, practice_id=pid, encounter_id=encounter)


def test_an_encounter_billed_to_insurance_is_voided_through_its_claim(world: World):
    encounter = _capture(world, world.patient_id)
    with world.database.transaction() as uow:
        claims.build_claim(uow, practice_id=world.practice_id, encounter_id=encounter)
    with world.database.transaction() as uow, pytest.raises(Conflict):
        self_pay.void_encounter(uow, practice_id=world.practice_id, encounter_id=encounter)
    with world.database.transaction() as uow, pytest.raises(Conflict):
        self_pay.bill_to_patient(uow, practice_id=world.practice_id, encounter_id=encounter)


def test_coverage_found_later_moves_the_visit_to_its_claim_so_it_is_billed_once(world: World):
    patient = uninsured_patient(world)
    encounter = _capture(world, patient)
    pid = world.practice_id
    with world.database.transaction() as uow:
        intake.create(
            uow,
            intake.COVERAGE,
            practice_id=pid,
            values={
                "patient_id": patient,
                "payer_id": world.primary_payer_id,
                "member_id": "APX999",
                "group_number": "G1234",
                "order": "primary",
                "relationship": "18",
                "effective_date": DOS - dt.timedelta(days=365),
            },
        )
        claim = claims.build_claim(uow, practice_id=pid, encounter_id=encounter)
        claim_id = claim.id
    with world.database.uow() as uow:  # built, not sent: the patient still owes the visit
        assert ledger_service.patient_balance(uow, practice_id=pid, patient_id=patient).patient == TOTAL
    for _ in range(2):  # sent, then sent again (a replay): the second time moves nothing
        with world.database.transaction() as uow:
            receivables.on_sent(uow, claims.get_claim(uow, practice_id=pid, claim_id=claim_id).claim)
    with world.database.uow() as uow:
        balance = ledger_service.patient_balance(uow, practice_id=pid, patient_id=patient)
        assert (balance.insurance, balance.patient) == (TOTAL, Money.zero())
        gross = ledger_service.account_balance(uow, practice_id=pid, account=ledger.GROSS_CHARGES)
        assert gross == -TOTAL  # charged once
        reversals = [
            p for p in self_pay_entries(uow, world, encounter) if p.entry.reverses_entry_id is not None
        ]
        assert [p.entry.effective_date for p in reversals] == [DOS, DOS]
        account = pb_accounts.account_of(uow, pid, patient)
        doc = documents.compose_statement(uow, practice_id=pid, account=account, on=clock.today())
        assert doc.amount_due == Money.zero()
        assert all(i.insurance_pending for i in doc.items)
        assert _patient_aging(uow, world, patient)[1] == TOTAL  # now on the claim, still by its DOS
        assert_books_hold(uow, world)
