"""Patient accounts from the ledger, payments, refunds of credits, hardship write-offs, estimates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from revcycle.eligibility import service as eligibility
from revcycle.kit.db import Database
from revcycle.kit.errors import Conflict, FieldErrors
from revcycle.kit.money import Money
from revcycle.ledger import service as ledger_service
from revcycle.patient_billing.service import accounts
from revcycle.patient_billing.service.estimates import estimate_for_patient
from revcycle.patient_billing.tables import PatientPaymentRow
from revcycle.x12 import write
from tests.unit.eligibility.factories import response_271


def summary(database: Database, ids: dict[str, Any]) -> tuple[Money, Money, Money]:
    with database.uow() as uow:
        s = accounts.get_account(uow, practice_id=ids["practice"], account=ids["account"]).summary
        return s.due, s.pending_insurance, s.credit


def test_only_what_insurance_finished_with_is_due(database: Database, people: dict[str, Any]):
    assert summary(database, people) == (Money("30.00"), Money("100.00"), Money("0.00"))


def test_payment_pays_the_due_line_and_keeps_the_rest_as_a_credit(database: Database, people: dict[str, Any]):
    with database.transaction() as uow:
        row = accounts.record_payment(
            uow,
            practice_id=people["practice"],
            patient_id=people["patient"],
            amount=Money("50.00"),
            method="cash",
        )
        allocations = accounts.allocations_of(uow, row.id)
    assert [(a.claim_line_id, a.amount) for a in allocations] == [(70, Money("30.00"))]
    assert row.unapplied == Money("20.00") and row.receipt_number == "R00000001"
    assert summary(database, people) == (Money("0.00"), Money("100.00"), Money("20.00"))
    with database.transaction() as uow:
        accounts.refund_credit(
            uow, practice_id=people["practice"], account=people["account"], amount=Money("20.00")
        )
    assert summary(database, people)[2] == Money("0.00")
    with pytest.raises(FieldErrors, match="amount"), database.transaction() as uow:
        accounts.refund_credit(
            uow, practice_id=people["practice"], account=people["account"], amount=Money("1.00")
        )
    with database.uow() as uow:
        assert ledger_service.trial_balance(uow, practice_id=people["practice"]).is_balanced


def test_card_payment_without_the_terminal_reference_names_the_field_and_writes_nothing(
    database: Database, people: dict[str, Any]
):
    with pytest.raises(FieldErrors) as info, database.transaction() as uow:
        accounts.record_payment(
            uow,
            practice_id=people["practice"],
            patient_id=people["patient"],
            amount=Money("5.00"),
            method="card",
        )
    assert [e.field for e in info.value.errors] == ["reference"]
    with database.uow() as uow:
        assert uow.session.query(PatientPaymentRow).count() == 0


def test_payment_to_a_chosen_claim_with_nothing_due_there_is_held_unapplied(
    database: Database, people: dict[str, Any]
):
    with database.transaction() as uow:
        row = accounts.record_payment(
            uow,
            practice_id=people["practice"],
            patient_id=people["patient"],
            amount=Money("10.00"),
            method="check",
            reference="1042",
            claim_id=8,
        )
    assert row.unapplied == Money("10.00")
    assert summary(database, people) == (Money("30.00"), Money("100.00"), Money("10.00"))


def test_hardship_write_off_needs_a_second_person_and_writes_off_as_charity(
    database: Database, people: dict[str, Any]
):
    with database.transaction() as uow:
        request = accounts.request_hardship(
            uow,
            practice_id=people["practice"],
            account=people["account"],
            amount=Money("30.00"),
            reason="lost job",
            requested_by="frontdesk",
        )
        assert accounts.pending_hardship(uow, people["practice"], people["account"])
    with pytest.raises(Conflict), database.transaction() as uow:
        accounts.decide_hardship(
            uow, practice_id=people["practice"], request_id=request.id, approve=True, decided_by="frontdesk"
        )
    with database.transaction() as uow:
        accounts.decide_hardship(
            uow, practice_id=people["practice"], request_id=request.id, approve=True, decided_by="supervisor"
        )
    assert summary(database, people)[0] == Money("0.00")


class Answer:
    def exchange(self, content: str) -> str:
        return write(response_271())


def test_estimate_uses_the_contract_and_the_latest_snapshot(database: Database, people: dict[str, Any]):
    on = date(2026, 3, 2)
    with database.transaction() as uow:
        eligibility.check_coverage(
            uow, practice_id=people["practice"], coverage_id=people["coverage"], on=on, clearinghouse=Answer()
        )
    with database.uow() as uow:
        found = estimate_for_patient(
            uow, practice_id=people["practice"], patient_id=people["patient"], codes=["99213", "80053"], on=on
        )
    e = found.estimate
    # deductible left 400.00 takes both allowed amounts (100.00 + 50.00): the patient owes 150.00
    assert (e.total_charge, e.total_allowed, e.patient_total) == (
        Money("230.00"),
        Money("150.00"),
        Money("150.00"),
    )
    assert not e.self_pay and found.snapshot is not None


def test_estimate_for_an_unpriced_code_names_it(database: Database, people: dict[str, Any]):
    with pytest.raises(FieldErrors, match=r"codes\.1"), database.uow() as uow:
        estimate_for_patient(
            uow,
            practice_id=people["practice"],
            patient_id=people["patient"],
            codes=["99213", "99999"],
            on=date(2026, 3, 2),
        )
