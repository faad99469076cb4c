"""The ledger's invariants, posting through the service into the database (SQLite and PostgreSQL).

Each example gets a practice of its own, so examples never see each other's entries. Every
rule runs in its own committed unit of work, as a request would.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from revcycle.kit.db import Database
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service
from tests.integration.ledger.conftest import make_practice
from tests.unit.ledger.machine import LedgerMachine


def test_database_ledger_keeps_its_invariants(database: Database):
    class DatabaseLedger(LedgerMachine):
        def __init__(self) -> None:
            super().__init__()
            self.practice_id = make_practice(database)
            self.ids: list[int] = []

        def post_entry(self, entry: ledger.Entry) -> ledger.PostedEntry:
            with database.transaction() as uow:
                posted = service.post(uow, entry)
            if posted.created:
                self.ids.append(posted.id)
            return posted

        def reverse_entry(self, entry_id: int, on: date) -> ledger.PostedEntry:
            with database.transaction() as uow:
                posted = service.reverse(
                    uow, practice_id=self.practice_id, entry_id=entry_id, effective_date=on
                )
            if posted.created:
                self.ids.append(posted.id)
            return posted

        def ask_receivable(self, owed_by: ledger.Responsibility) -> Money:
            with database.uow() as uow:
                if owed_by.payer_id is not None:
                    return service.payer_balance(uow, practice_id=self.practice_id, payer_id=owed_by.payer_id)
                balance = service.patient_balance(uow, practice_id=self.practice_id, patient_id=5)
                return balance.patient

        def ask_trial_balance(self) -> ledger.TrialBalance:
            with database.uow() as uow:
                return service.trial_balance(uow, practice_id=self.practice_id)

        def ask_rollforward(self, start: date, end: date) -> ledger.RollForward:
            with database.uow() as uow:
                return service.ar_rollforward(uow, practice_id=self.practice_id, start=start, end=end)

        def ask_entries(self) -> list[ledger.PostedEntry]:
            with database.uow() as uow:
                return [service.get_entry(uow, practice_id=self.practice_id, entry_id=i) for i in self.ids]

    run_state_machine_as_test(
        DatabaseLedger,
        settings=settings(
            max_examples=12,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
