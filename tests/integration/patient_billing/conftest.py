"""A practice with a guarantor's patient, ledger postings for two claim lines, and a charge master."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from revcycle.charges import service as charges
from revcycle.charges.fees import ContractBasis
from revcycle.kit.db import Database
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service
from tests.integration.eligibility.conftest import cli_database, frozen, make_people  # noqa: F401

ON = date(2026, 2, 20)


def post_claim_line(
    database: Database,
    ids: dict[str, int],
    claim: int,
    line: int,
    *,
    charge: str,
    paid: str,
    adjusted: str,
    patient: str,
) -> None:
    """Charge to the payer; the payer pays and adjusts; the rest moves to the patient."""
    pid, payer = ids["practice"], ids["payer"]
    ref = ledger.ChargeRef(ids["patient"], claim, line)
    insurance = ledger.Responsibility.insurance(payer)

    def meta(key: str) -> ledger.EntryMeta:
        return ledger.EntryMeta(pid, ON, f"test:{claim}", f"test:{claim}:{line}:{key}", f"claim {claim}")

    with database.transaction() as uow:
        ledger_service.post(uow, ledger.charge(meta("c"), ref=ref, owed_by=insurance, amount=Money(charge)))
        if Money(paid).is_positive():
            ledger_service.post(
                uow, ledger.insurance_payment(meta("p"), ref=ref, payer_id=payer, amount=Money(paid))
            )
        if Money(adjusted).is_positive():
            ledger_service.post(
                uow, ledger.contractual_adjustment(meta("a"), ref=ref, payer_id=payer, amount=Money(adjusted))
            )
        if Money(patient).is_positive():
            ledger_service.post(
                uow,
                ledger.transfer(
                    meta("t"),
                    ref=ref,
                    from_=insurance,
                    to=ledger.Responsibility.patient(),
                    amount=Money(patient),
                ),
            )


@pytest.fixture
def people(database: Database) -> dict[str, Any]:
    ids = make_people(database)
    ids["account"] = f"guarantor:{ids['guarantor']}"
    post_claim_line(database, ids, 7, 70, charge="200.00", paid="120.00", adjusted="50.00", patient="30.00")
    # claim 8: the patient's 40.00 is known, but the payer still owes 60.00: not billed yet
    post_claim_line(database, ids, 8, 80, charge="100.00", paid="0.00", adjusted="0.00", patient="40.00")
    with database.transaction() as uow:
        charges.set_charge_master(
            uow,
            practice_id=ids["practice"],
            entries=[
                {
                    "code": "99213",
                    "amount": Money("150.00"),
                    "description": "Office visit, established patient",
                },
                {"code": "80053", "amount": Money("80.00"), "description": "Comprehensive metabolic panel"},
            ],
        )
        charges.set_payer_contract(
            uow,
            practice_id=ids["practice"],
            payer_id=ids["payer"],
            basis=ContractBasis.FIXED,
            rates={("99213", ""): Money("100.00"), ("80053", ""): Money("50.00")},
        )
    return ids
