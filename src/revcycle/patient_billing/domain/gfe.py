"""The Good Faith Estimate a self-pay (or uninsured) patient gets under the No Surprises Act: who
the patient is, the convening provider or facility (NPI, TIN), the scheduled date, each item or
service with its code, quantity and expected charge, diagnosis codes when known, the total, the
disclaimers the rule requires, and the date issued."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from revcycle.kit.errors import FieldCollector
from revcycle.kit.money import Money

DISPUTE_THRESHOLD = Money("400.00")
"""Billed this much or more above the estimate, the patient may start patient-provider dispute resolution."""
VALID_DAYS = 365


@dataclass(frozen=True)
class GfeItem:
    code: str
    description: str
    quantity: int
    expected_charge: Money
    """For the whole quantity."""


@dataclass(frozen=True)
class GoodFaithEstimate:
    patient_name: str
    patient_birth_date: date
    provider_name: str
    provider_address: str
    provider_npi: str
    provider_tin: str
    scheduled_on: date
    issued_on: date
    items: tuple[GfeItem, ...]
    diagnosis_codes: tuple[str, ...] = ()
    valid_days: int = VALID_DAYS

    @property
    def total(self) -> Money:
        return Money.total(i.expected_charge for i in self.items)

    @property
    def valid_until(self) -> date:
        return self.issued_on + timedelta(days=self.valid_days)

    def disclaimers(self) -> tuple[str, ...]:
        return (
            "This Good Faith Estimate shows the costs of items and services that are reasonably "
            "expected for your health care needs. It is an estimate only, not a contract, and does "
            "not require you to obtain the items or services from us.",
            "The estimate is based on information known at the time it was created. It does not "
            "include unknown or unexpected costs that may arise during treatment.",
            f"If you are billed for more than this Good Faith Estimate, you have the right to dispute "
            f"the bill: if the bill is at least {DISPUTE_THRESHOLD.display()} more than this estimate, you "
            "may start the patient-provider dispute resolution process within 120 calendar days of the "
            "date on the bill. To learn more and get a form, visit www.cms.gov/nosurprises or call "
            "1-800-985-3059.",
            "Make sure to save a copy or picture of this Good Faith Estimate.",
            f"This Good Faith Estimate is valid for {self.valid_days} days, until "
            f"{self.valid_until.isoformat()}.",
        )


def make_gfe(
    *,
    patient_name: str,
    patient_birth_date: date,
    provider: tuple[str, str, str, str],
    scheduled_on: date,
    issued_on: date,
    items: Sequence[GfeItem],
    diagnosis_codes: Sequence[str] = (),
) -> GoodFaithEstimate:
    """Build a GFE; every field the rule asks for must be there (errors name each one)."""
    name, address, npi, tin = provider
    c = FieldCollector()
    if not items:
        c.add("codes", "name at least one item or service")
    if not npi:
        c.add("provider.npi", "the convening provider's NPI is required on a Good Faith Estimate")
    if not tin:
        c.add("provider.tin", "the convening provider's TIN is required on a Good Faith Estimate")
    if scheduled_on < issued_on:
        c.add("on", "the scheduled date cannot be before the date the estimate is issued")
    c.raise_if_any()
    return GoodFaithEstimate(
        patient_name=patient_name,
        patient_birth_date=patient_birth_date,
        provider_name=name,
        provider_address=address,
        provider_npi=npi,
        provider_tin=tin,
        scheduled_on=scheduled_on,
        issued_on=issued_on,
        items=tuple(items),
        diagnosis_codes=tuple(diagnosis_codes),
    )
