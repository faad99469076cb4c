"""The receivable summary is kept with every posting and never disagrees with the ledger."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from revcycle.claims.tables import ClaimLineRow
from revcycle.kit.db import Database, UnitOfWork
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service
from revcycle.reporting import service as reporting
from revcycle.reporting import summary
from revcycle.reporting.domain import AgingBasis, AgingBy
from tests.integration.reporting.conftest import AS_OF, Books


def _meta(books: Books, key: str, day: str = "2026-06-28") -> ledger.EntryMeta:
    return ledger.EntryMeta(books.world.practice_id, dt.date.fromisoformat(day), f"test:{key}", key)


def _ref(books: Books, name: str, uow: UnitOfWork) -> ledger.ChargeRef:
    claim_id = books.claims[name]
    line = uow.session.scalar(select(ClaimLineRow.id).where(ClaimLineRow.claim_id == claim_id))
    assert line is not None
    return ledger.ChargeRef(books.world.patient_id, claim_id, line)


def _agrees(database: Database, books: Books) -> None:
    with database.uow() as uow:
        assert summary.drift(uow.session, books.world.practice_id) == {}
        for basis in AgingBasis:
            for by in AgingBy:
                report = reporting.ar_aging(
                    uow, practice_id=books.world.practice_id, as_of=AS_OF, basis=basis, by=by
                )
                assert report.ties


def test_summary_equals_the_ledger_after_charges_payments_adjustments_and_transfers(
    database: Database, books: Books
):
    _agrees(database, books)


def test_summary_follows_a_reversal_and_a_replayed_key_adds_nothing(database: Database, books: Books):
    pid, payer = books.world.practice_id, books.world.primary_payer_id
    with database.transaction() as uow:
        ref = _ref(books, "A", uow)
        paid = ledger_service.post(
            uow,
            ledger.insurance_payment(_meta(books, "A:paid"), ref=ref, payer_id=payer, amount=Money("80.00")),
        )
        ledger_service.post(  # the same key again: a replay, nothing new in the ledger or the summary
            uow,
            ledger.insurance_payment(_meta(books, "A:paid"), ref=ref, payer_id=payer, amount=Money("80.00")),
        )
    _agrees(database, books)
    with database.transaction() as uow:
        ledger_service.reverse(uow, practice_id=pid, entry_id=paid.id, effective_date=dt.date(2026, 6, 29))
        ledger_service.reverse(uow, practice_id=pid, entry_id=paid.id, effective_date=dt.date(2026, 6, 29))
    _agrees(database, books)
    with database.uow() as uow:
        assert ledger_service.claim_balance(
            uow, practice_id=pid, claim_id=books.claims["A"]
        ).insurance == Money("200.00")


def test_summary_follows_bulk_postings_and_patient_payments(database: Database, books: Books):
    payer = books.world.primary_payer_id
    insurance, patient = ledger.Responsibility.insurance(payer), ledger.Responsibility.patient()
    with database.transaction() as uow:
        refs = {name: _ref(books, name, uow) for name in ("A", "D")}
        ledger_service.post_many(
            uow,
            [
                ledger.insurance_payment(
                    _meta(books, "A:bulk"), ref=refs["A"], payer_id=payer, amount=Money("120.00")
                ),
                ledger.contractual_adjustment(
                    _meta(books, "A:bulk-co"), ref=refs["A"], payer_id=payer, amount=Money("30.00")
                ),
                ledger.transfer(
                    _meta(books, "A:bulk-pr"),
                    ref=refs["A"],
                    from_=insurance,
                    to=patient,
                    amount=Money("50.00"),
                ),
                ledger.transfer(
                    _meta(books, "D:bulk-pr"),
                    ref=refs["D"],
                    from_=insurance,
                    to=patient,
                    amount=Money("50.00"),
                ),
            ],
        )
        ledger_service.post(
            uow, ledger.patient_payment(_meta(books, "D:pt"), ref=refs["D"], amount=Money("10.01"))
        )
    _agrees(database, books)


def test_aging_as_of_a_past_day_leaves_out_later_postings(database: Database, books: Books):
    pid = books.world.practice_id
    with database.uow() as uow:
        before = reporting.ar_aging(uow, practice_id=pid, as_of=dt.date(2026, 6, 12))
        # B 150.00 + C's 20.00 left to the patient on 06-10 + D 300.00 (paid on 06-15); A is charged on 06-20
        assert before.ties
        assert before.ledger_total == Money("470.00")
        assert before.total == Money("470.00")
