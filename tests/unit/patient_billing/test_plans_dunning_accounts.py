"""Payment plan schedules, dunning stages and holds, the contact window, payment application."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
from revcycle.patient_billing.domain import dunning, plans
from revcycle.patient_billing.domain.accounts import AccountSummary, LineBalance, allocate_payment
from revcycle.patient_billing.domain.dunning import CollectionAccount, Hold, Stage


def test_schedule_splits_the_total_to_the_cent_with_extra_cents_first():
    got = plans.schedule(Money("100.00"), 3, date(2026, 1, 31), plans.Frequency.MONTHLY)
    assert [i.amount for i in got] == [Money("33.34"), Money("33.33"), Money("33.33")]
    assert [i.due_date for i in got] == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]


def test_biweekly_schedule_is_every_fourteen_days():
    got = plans.schedule(Money("20.00"), 2, date(2026, 1, 1), plans.Frequency.BIWEEKLY)
    assert [i.due_date for i in got] == [date(2026, 1, 1), date(2026, 1, 15)]


def test_bad_plan_names_each_field():
    with pytest.raises(FieldErrors) as info:
        plans.schedule(Money("0.00"), 0, date(2026, 1, 1), plans.Frequency.MONTHLY)
    assert {e.field for e in info.value.errors} == {"total", "installments"}


def test_payment_fills_the_oldest_installment_first_and_returns_the_rest():
    sched = plans.schedule(Money("90.00"), 3, date(2026, 1, 1), plans.Frequency.MONTHLY)
    paid, left = plans.apply_payment(sched, Money("100.00"))
    assert [i.paid for i in paid] == [Money("30.00")] * 3 and left == Money("10.00")
    assert plans.status(paid, date(2026, 6, 1)) is plans.PlanStatus.COMPLETED


def test_two_missed_installments_default_the_plan_after_grace():
    sched = plans.schedule(Money("90.00"), 3, date(2026, 1, 1), plans.Frequency.MONTHLY)
    assert plans.status(sched, date(2026, 1, 11)) is plans.PlanStatus.ACTIVE  # within grace
    assert len(plans.missed(sched, date(2026, 1, 12))) == 1
    assert plans.status(sched, date(2026, 2, 12)) is plans.PlanStatus.DEFAULTED


def account(**kw: object) -> CollectionAccount:
    base: dict[str, object] = {"due": Money("80.00"), "first_statement_on": date(2026, 1, 1)}
    return CollectionAccount(**(base | kw))  # type: ignore[arg-type]


def test_stages_advance_one_at_a_time_by_age():
    assert dunning.next_step(account(first_statement_on=None), date(2026, 1, 1)).next_stage is Stage.STATEMENT
    first = account(stage=Stage.STATEMENT, stage_on=date(2026, 1, 1))
    assert dunning.next_step(first, date(2026, 1, 30)).next_stage is None
    assert dunning.next_step(first, date(2026, 1, 31)).next_stage is Stage.SECOND_STATEMENT
    # 200 days old but still at the first statement: only the next stage, never a jump
    assert dunning.next_step(first, date(2026, 7, 20)).next_stage is Stage.SECOND_STATEMENT


def test_agency_waits_thirty_days_after_the_final_notice():
    final = account(stage=Stage.FINAL_NOTICE, stage_on=date(2026, 4, 25))
    assert dunning.next_step(final, date(2026, 5, 10)).next_stage is None  # 129 days old, notice 15 days
    assert dunning.next_step(final, date(2026, 5, 25)).next_stage is Stage.AGENCY


@pytest.mark.parametrize(
    ("flags", "hold"),
    [
        ({"disputed": True}, Hold.DISPUTE),
        ({"active_plan": True}, Hold.PAYMENT_PLAN),
        ({"hardship_pending": True}, Hold.HARDSHIP),
        ({"due": Money("0.00")}, Hold.NOTHING_DUE),
    ],
)
def test_dispute_plan_hardship_or_nothing_due_stop_collection(flags: dict[str, object], hold: Hold):
    decision = dunning.next_step(account(stage=Stage.PAST_DUE, **flags), date(2026, 12, 1))
    assert decision.hold is hold and not decision.acts


def test_contact_only_between_8_am_and_9_pm_local_time():
    # 13:30 UTC is 8:30 in New York but 5:30 in Los Angeles
    now = datetime(2026, 3, 2, 13, 30, tzinfo=UTC)
    assert dunning.may_contact(now, dunning.time_zone_for(None, "NY"))
    assert not dunning.may_contact(now, dunning.time_zone_for(None, "CA"))
    assert not dunning.may_contact(now, None)  # unknown zone: every mainland zone must be in hours
    late = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)  # 21:00 in New York
    assert not dunning.may_contact(late, "America/New_York")
    assert dunning.time_zone_for("America/Chicago", "NY") == "America/Chicago"


def line(claim: int, day: int, patient: str, insurance: str = "0.00") -> LineBalance:
    return LineBalance(1, claim, claim * 10, date(2026, 1, day), Money(insurance), Money(patient))


def test_only_lines_insurance_has_finished_with_are_due():
    summary = AccountSummary.of(
        [line(1, 1, "30.00"), line(2, 2, "20.00", insurance="80.00"), line(3, 3, "-5.00")]
    )
    assert (summary.due, summary.pending_insurance, summary.credit) == (
        Money("30.00"),
        Money("100.00"),
        Money("5.00"),
    )


def test_payment_goes_to_the_oldest_due_line_and_the_rest_is_unapplied():
    lines = [line(2, 5, "40.00"), line(1, 1, "30.00"), line(3, 3, "50.00", insurance="10.00")]
    allocations, left = allocate_payment(Money("50.00"), lines)
    assert [(a.line.claim_id, a.amount) for a in allocations] == [(1, Money("30.00")), (2, Money("20.00"))]
    assert left == Money(0)
    chosen, rest = allocate_payment(Money("50.00"), lines, claim_id=2)
    assert [(a.line.claim_id, a.amount) for a in chosen] == [(2, Money("40.00"))] and rest == Money("10.00")


def test_payment_to_an_unknown_claim_names_the_field():
    with pytest.raises(FieldErrors, match="claim_id"):
        allocate_payment(Money("5.00"), [line(1, 1, "30.00")], claim_id=99)
