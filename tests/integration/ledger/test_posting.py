import threading
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from revcycle.kit.db import Database
from revcycle.kit.errors import NotFound
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service
from revcycle.ledger.tables import LedgerEntryRow, LedgerLineRow
from tests.integration.ledger.conftest import make_practice
from tests.unit.ledger.factories import LINE, PAYER, meta


def _count(database: Database, row: type) -> int:
    with database.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(row)) or 0)


def _charge(practice_id: int, key: str = "charge:1", amount: str = "125.00") -> ledger.Entry:
    return ledger.charge(
        meta(practice_id, idempotency_key=key, source="charge:1"),
        ref=LINE,
        owed_by=ledger.Responsibility.insurance(PAYER),
        amount=Money(amount),
    )


def test_posted_entry_reads_back_with_its_lines_and_balances(database: Database, practice_id: int):
    with database.transaction() as uow:
        posted = service.post(uow, _charge(practice_id))
    assert posted.created
    with database.uow() as uow:
        again = service.get_entry(uow, practice_id=practice_id, entry_id=posted.id)
        claim = service.claim_balance(uow, practice_id=practice_id, claim_id=LINE.claim_id or 0)
    assert again.entry.same_postings(posted.entry)
    assert again.entry.kind is ledger.EntryKind.CHARGE
    assert claim == ledger.ReceivableBalance(insurance=Money("125.00"), patient=Money.zero())


def test_posting_the_same_key_twice_returns_the_first_entry_and_writes_nothing(
    database: Database, practice_id: int
):
    with database.transaction() as uow:
        first = service.post(uow, _charge(practice_id))
    lines_before = _count(database, LedgerLineRow)
    with database.transaction() as uow:
        second = service.post(uow, _charge(practice_id))
    assert second.id == first.id and not second.created
    assert _count(database, LedgerEntryRow) == 1
    assert _count(database, LedgerLineRow) == lines_before


def test_same_key_with_different_lines_is_refused(database: Database, practice_id: int):
    with database.transaction() as uow:
        service.post(uow, _charge(practice_id))
    with database.uow() as uow, pytest.raises(ledger.IdempotencyKeyReused, match="charge:1"):
        service.post(uow, _charge(practice_id, amount="99.00"))


def test_the_same_key_in_another_practice_is_another_entry(database: Database, practice_id: int):
    other = make_practice(database)
    with database.transaction() as uow:
        a = service.post(uow, _charge(practice_id))
        b = service.post(uow, _charge(other))
    assert a.id != b.id and b.created


def test_reversal_cancels_the_entry_and_is_itself_idempotent(database: Database, practice_id: int):
    with database.transaction() as uow:
        posted = service.post(uow, _charge(practice_id))
    with database.transaction() as uow:
        undo = service.reverse(
            uow, practice_id=practice_id, entry_id=posted.id, effective_date=date(2026, 3, 11)
        )
    with database.transaction() as uow:
        again = service.reverse(
            uow, practice_id=practice_id, entry_id=posted.id, effective_date=date(2026, 3, 12)
        )
        original = service.get_entry(uow, practice_id=practice_id, entry_id=posted.id)
        claim = service.claim_balance(uow, practice_id=practice_id, claim_id=7)
        before = service.claim_balance(uow, practice_id=practice_id, claim_id=7, as_of=date(2026, 3, 10))
    assert undo.entry.reverses_entry_id == posted.id
    assert again.id == undo.id and not again.created
    assert original.reversed_by_entry_id == undo.id
    assert claim.total == Money.zero()
    assert before.total == Money("125.00")


def test_a_reversal_cannot_be_reversed(database: Database, practice_id: int):
    with database.transaction() as uow:
        posted = service.post(uow, _charge(practice_id))
        undo = service.reverse(
            uow, practice_id=practice_id, entry_id=posted.id, effective_date=date(2026, 3, 11)
        )
    with database.uow() as uow, pytest.raises(ledger.NotReversible):
        service.reverse(uow, practice_id=practice_id, entry_id=undo.id, effective_date=date(2026, 3, 12))


def test_an_entry_of_another_practice_is_not_found(database: Database, practice_id: int):
    other = make_practice(database)
    with database.transaction() as uow:
        posted = service.post(uow, _charge(practice_id))
    with database.uow() as uow, pytest.raises(NotFound):
        service.reverse(uow, practice_id=other, entry_id=posted.id, effective_date=date(2026, 3, 11))


@pytest.mark.parametrize("statement", ["UPDATE ledger_lines SET amount = 1", "DELETE FROM ledger_entries"])
def test_the_database_refuses_to_change_postings(database: Database, practice_id: int, statement: str):
    with database.transaction() as uow:
        service.post(uow, _charge(practice_id))
    with database.uow() as uow, pytest.raises(DBAPIError, match="immutable"):
        uow.session.execute(text(statement))


def test_concurrent_posts_of_one_key_write_one_entry(database: Database, practice_id: int):
    barrier = threading.Barrier(2)
    results: list[ledger.PostedEntry] = []
    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            with database.uow() as uow:
                barrier.wait(timeout=10)
                results.append(service.post(uow, _charge(practice_id)))
                uow.commit()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert len({r.id for r in results}) == 1
    assert sorted(r.created for r in results) == [False, True]
    assert _count(database, LedgerEntryRow) == 1
    assert _count(database, LedgerLineRow) == 2
