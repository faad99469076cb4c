"""Plans by installment amount, grace days, and the Good Faith Estimate's required content."""

from __future__ import annotations

from datetime import date

import pytest

from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
from revcycle.patient_billing.domain import plans
from revcycle.patient_billing.domain.gfe import GfeItem, make_gfe

START = date(2026, 1, 31)


def test_installments_of_an_amount_end_with_the_remainder() -> None:
    found = plans.schedule_by_amount(Money("100.00"), Money("30.00"), START, plans.Frequency.MONTHLY)
    assert [(i.due_date, str(i.amount)) for i in found] == [
        (date(2026, 1, 31), "30.00"),
        (date(2026, 2, 28), "30.00"),
        (date(2026, 3, 31), "30.00"),
        (date(2026, 4, 30), "10.00"),
    ]


def test_installment_amount_that_needs_too_many_installments_is_refused() -> None:
    with pytest.raises(FieldErrors) as caught:
        plans.schedule_by_amount(Money("1000.00"), Money("1.00"), START, plans.Frequency.WEEKLY)
    assert caught.value.errors[0].field == "installment_amount"


def test_longer_grace_keeps_a_late_plan_active() -> None:
    items = plans.schedule(Money("20.00"), 2, START, plans.Frequency.WEEKLY)
    day = date(2026, 2, 20)
    assert plans.status(items, day) is plans.PlanStatus.DEFAULTED
    assert plans.status(items, day, grace_days=30) is plans.PlanStatus.ACTIVE


def gfe(**overrides: object):
    values: dict[str, object] = {
        "patient_name": "Sam Cash",
        "patient_birth_date": date(1990, 7, 4),
        "provider": ("Test Clinic", "1 Main St", "1234567893", "841234567"),
        "scheduled_on": date(2026, 3, 10),
        "issued_on": date(2026, 3, 1),
        "items": [
            GfeItem("99213", "Office visit", 1, Money("150.00")),
            GfeItem("80053", "Panel", 2, Money("160.00")),
        ],
    }
    return make_gfe(**(values | overrides))  # type: ignore[arg-type]


def test_gfe_totals_items_and_carries_the_required_disclaimers() -> None:
    found = gfe()
    assert found.total == Money("310.00")
    text = " ".join(found.disclaimers())
    for phrase in (
        "estimate only, not a contract",
        "$400.00",
        "dispute resolution",
        "save a copy",
        "2027-03-01",
    ):
        assert phrase in text


def test_gfe_without_provider_ids_or_items_names_each_field() -> None:
    with pytest.raises(FieldErrors) as caught:
        gfe(provider=("Test Clinic", "", "", ""), items=[], scheduled_on=date(2026, 2, 1))
    assert {e.field for e in caught.value.errors} == {"codes", "provider.npi", "provider.tin", "on"}
