"""A Hypothesis state machine over the ledger's use cases, with an independent model of AR.

The model counts charges, payments, adjustments and refunds per responsibility in plain integer
cents, without looking at accounts or lines; the invariants compare the ledger's answers to it.
Subclasses say where entries are posted: the in-memory journal or the database service.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from tests.unit.ledger.factories import LINE, OTHER_LINE, PAYER, SECONDARY, meta

START = date(2026, 1, 1)
RESPONSIBILITIES = [
    ledger.Responsibility.insurance(PAYER),
    ledger.Responsibility.insurance(SECONDARY),
    ledger.Responsibility.patient(),
]
cents = st.integers(min_value=1, max_value=500_000).map(Money.from_cents)
days = st.integers(min_value=0, max_value=59).map(lambda d: START + timedelta(days=d))
refs = st.sampled_from([LINE, OTHER_LINE])
owers = st.sampled_from(RESPONSIBILITIES)
payers = st.sampled_from([PAYER, SECONDARY])

Effect = dict[tuple[str, str], int]
"""(responsibility, roll-forward column) -> AR change in cents."""


def _resp(r: ledger.Responsibility) -> str:
    return str(r)


class LedgerMachine(RuleBasedStateMachine):
    """Rules post through ``post_entry``/``reverse_entry``; questions go to the ``ask_*`` hooks."""

    practice_id = 1

    def __init__(self) -> None:
        super().__init__()
        self.effects: dict[int, Effect] = {}
        self.reversible: list[int] = []
        self.model: Counter[tuple[str, str]] = Counter()
        self.posted: list[ledger.Entry] = []

    # -- hooks -------------------------------------------------------------------------------
    def post_entry(self, entry: ledger.Entry) -> ledger.PostedEntry:
        raise NotImplementedError

    def reverse_entry(self, entry_id: int, on: date) -> ledger.PostedEntry:
        raise NotImplementedError

    def ask_receivable(self, owed_by: ledger.Responsibility) -> Money:
        """The AR one responsibility owes, over every claim line."""
        raise NotImplementedError

    def ask_trial_balance(self) -> ledger.TrialBalance:
        raise NotImplementedError

    def ask_rollforward(self, start: date, end: date) -> ledger.RollForward:
        raise NotImplementedError

    def ask_entries(self) -> list[ledger.PostedEntry]:
        raise NotImplementedError

    # -- posting -----------------------------------------------------------------------------
    def _post(self, entry: ledger.Entry, effect: Effect) -> None:
        posted = self.post_entry(entry)
        assert posted.created
        self.effects[posted.id] = effect
        self.reversible.append(posted.id)
        self.model.update(effect)
        self.posted.append(entry)

    def _meta(self, on: date) -> ledger.EntryMeta:
        return meta(self.practice_id, effective_date=on)

    @rule(ref=refs, owed_by=owers, amount=cents, on=days)
    def charge(self, ref: ledger.ChargeRef, owed_by: ledger.Responsibility, amount: Money, on: date) -> None:
        entry = ledger.charge(self._meta(on), ref=ref, owed_by=owed_by, amount=amount)
        self._post(entry, {(_resp(owed_by), "charges"): amount.cents})

    @rule(ref=refs, payer=payers, amount=cents, takeback=st.booleans(), on=days)
    def insurance_payment(
        self, ref: ledger.ChargeRef, payer: int, amount: Money, takeback: bool, on: date
    ) -> None:
        amount = -amount if takeback else amount
        entry = ledger.insurance_payment(self._meta(on), ref=ref, payer_id=payer, amount=amount)
        self._post(entry, {(f"payer {payer}", "payments"): -amount.cents})

    @rule(ref=refs, amount=cents, on=days)
    def patient_payment(self, ref: ledger.ChargeRef, amount: Money, on: date) -> None:
        entry = ledger.patient_payment(self._meta(on), ref=ref, amount=amount)
        self._post(entry, {("patient", "payments"): -amount.cents})

    @rule(ref=refs, payer=payers, amount=cents, negative=st.booleans(), on=days)
    def contractual_adjustment(
        self, ref: ledger.ChargeRef, payer: int, amount: Money, negative: bool, on: date
    ) -> None:
        amount = -amount if negative else amount
        entry = ledger.contractual_adjustment(self._meta(on), ref=ref, payer_id=payer, amount=amount)
        self._post(entry, {(f"payer {payer}", "adjustments"): -amount.cents})

    @rule(ref=refs, owed_by=owers, reason=st.sampled_from(ledger.WriteOffReason), amount=cents, on=days)
    def write_off(
        self,
        ref: ledger.ChargeRef,
        owed_by: ledger.Responsibility,
        reason: ledger.WriteOffReason,
        amount: Money,
        on: date,
    ) -> None:
        entry = ledger.write_off(self._meta(on), ref=ref, owed_by=owed_by, reason=reason, amount=amount)
        self._post(entry, {(_resp(owed_by), "adjustments"): -amount.cents})

    @rule(ref=refs, pair=st.permutations(RESPONSIBILITIES), amount=cents, on=days)
    def transfer(
        self, ref: ledger.ChargeRef, pair: list[ledger.Responsibility], amount: Money, on: date
    ) -> None:
        source, target = pair[0], pair[1]
        entry = ledger.transfer(self._meta(on), ref=ref, from_=source, to=target, amount=amount)
        self._post(
            entry, {(_resp(source), "transfers"): -amount.cents, (_resp(target), "transfers"): amount.cents}
        )

    @rule(ref=refs, owed_by=owers, amount=cents, on=days)
    def refund(self, ref: ledger.ChargeRef, owed_by: ledger.Responsibility, amount: Money, on: date) -> None:
        entry = ledger.refund(self._meta(on), ref=ref, owed_by=owed_by, amount=amount)
        self._post(entry, {(_resp(owed_by), "refunds"): amount.cents})

    @precondition(lambda self: bool(self.reversible))
    @rule(pick=st.integers(min_value=0), on=days)
    def reverse(self, pick: int, on: date) -> None:
        entry_id = self.reversible.pop(pick % len(self.reversible))
        posted = self.reverse_entry(entry_id, on)
        assert posted.created and posted.entry.reverses_entry_id == entry_id
        undo = {key: -value for key, value in self.effects[entry_id].items()}
        self.effects[posted.id] = undo
        self.model.update(undo)
        again = self.reverse_entry(entry_id, on)
        assert again.id == posted.id and not again.created

    @precondition(lambda self: bool(self.posted))
    @rule(pick=st.integers(min_value=0))
    def replay(self, pick: int) -> None:
        entry = self.posted[pick % len(self.posted)]
        before = len(self.ask_entries())
        assert not self.post_entry(entry).created
        assert len(self.ask_entries()) == before

    # -- invariants --------------------------------------------------------------------------
    def _expected(self, resp: str) -> int:
        return sum(v for (r, _), v in self.model.items() if r == resp)

    @invariant()
    def every_entry_sums_to_zero_in_money(self) -> None:
        for posted in self.ask_entries():
            amounts = [line.amount for line in posted.entry.lines]
            assert all(type(a) is Money for a in amounts)
            assert Money.total(amounts) == Money.zero()

    @invariant()
    def receivables_equal_charges_minus_payments_and_adjustments_plus_refunds(self) -> None:
        for owed_by in RESPONSIBILITIES:
            balance = self.ask_receivable(owed_by)
            assert type(balance) is Money
            assert balance.cents == self._expected(_resp(owed_by)), owed_by

    @invariant()
    def trial_balance_is_zero(self) -> None:
        trial = self.ask_trial_balance()
        assert trial.is_balanced
        assert Money.total(r.balance for r in trial.rows) == Money.zero()
        assert all(type(r.balance) is Money for r in trial.rows)

    @invariant()
    def rollforward_ties_and_matches_the_model(self) -> None:
        report = self.ask_rollforward(START, START + timedelta(days=59))
        assert report.ties
        total = report.total
        assert total.opening == Money.zero()
        for column, shown, sign in (
            ("charges", total.charges, 1),
            ("payments", total.payments, -1),
            ("adjustments", total.adjustments, -1),
            ("refunds", total.refunds, 1),
            ("transfers", total.transfers, 1),
        ):
            expected = sum(v for (_, c), v in self.model.items() if c == column)
            assert shown.cents * sign == expected, column
        assert total.transfers == Money.zero()
