"""The ledger's invariants over random sequences of charges, payments, adjustments, transfers,
refunds, reversals and replays, on the in-memory journal."""

from __future__ import annotations

from datetime import date

from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from tests.unit.ledger.machine import LedgerMachine


class InMemoryLedger(LedgerMachine):
    def __init__(self) -> None:
        super().__init__()
        self.journal = ledger.Journal()

    def post_entry(self, entry: ledger.Entry) -> ledger.PostedEntry:
        return self.journal.post(entry)

    def reverse_entry(self, entry_id: int, on: date) -> ledger.PostedEntry:
        return self.journal.reverse(entry_id, effective_date=on)

    def ask_receivable(self, owed_by: ledger.Responsibility) -> Money:
        where = ledger.AccountFilter.receivables(payer_id=owed_by.payer_id)
        balance = self.journal.receivable(self.practice_id, where)
        return balance.insurance if owed_by.payer_id is not None else balance.patient

    def ask_trial_balance(self) -> ledger.TrialBalance:
        return self.journal.trial_balance(self.practice_id)

    def ask_rollforward(self, start: date, end: date) -> ledger.RollForward:
        return self.journal.rollforward(self.practice_id, start, end)

    def ask_entries(self) -> list[ledger.PostedEntry]:
        return self.journal.entries()


def test_in_memory_ledger_keeps_its_invariants():
    run_state_machine_as_test(
        InMemoryLedger, settings=settings(max_examples=100, stateful_step_count=30, deadline=None)
    )
