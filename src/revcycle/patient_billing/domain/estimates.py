"""The patient's share of planned services, before the visit.

For each service, in the order given: the allowed amount (payer contract or fee schedule) goes
first to the deductible that is left; what remains is split by the copay for the service's type
(once per visit and type) or else by the coinsurance percent; the patient's total is capped by the
out-of-pocket amount that is left. Self-pay patients owe the whole price.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money


def service_type_for(code: str) -> str:
    """The 270/271 service type a procedure code is asked about (EQ01/EB03).

    Office and outpatient visits (99202-99215) are ``98`` (professional visit, office), laboratory
    codes (80047-89398) ``5``, radiology (70010-79999) ``4``; everything else ``30`` (plan coverage).
    """
    if code.isdigit():
        number = int(code)
        if 99202 <= number <= 99215:
            return "98"
        if 80000 <= number <= 89999:
            return "5"
        if 70000 <= number <= 79999:
            return "4"
    return "30"


@dataclass(frozen=True)
class PlannedService:
    """One planned service: its code, units, the practice's charge and the payer's allowed amount."""

    code: str
    charge: Money
    allowed: Money
    units: int = 1
    service_type: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        if self.units < 1:
            raise FieldErrors.single("units", f"{self.code}: units must be at least 1")
        if self.allowed.is_negative() or self.charge.is_negative():
            raise FieldErrors.single("allowed", f"{self.code}: amounts cannot be negative")
        if not self.service_type:
            object.__setattr__(self, "service_type", service_type_for(self.code))


@dataclass(frozen=True)
class Benefits:
    """What the estimate takes from the benefit snapshot (``None``: the 271 did not say)."""

    deductible_remaining: Money | None = None
    out_of_pocket_remaining: Money | None = None
    coinsurance: Decimal | None = None
    """0.20 for 20 %."""
    copays: Mapping[str, Money] = field(default_factory=dict)
    """Copay per service type (``{"98": Money("25.00")}``)."""


@dataclass(frozen=True)
class LineEstimate:
    service: PlannedService
    deductible: Money
    copay: Money
    coinsurance: Money
    capped: Money
    """How much the out-of-pocket limit took off the patient's share."""

    @property
    def allowed(self) -> Money:
        return self.service.allowed

    @property
    def patient(self) -> Money:
        return self.deductible + self.copay + self.coinsurance - self.capped

    @property
    def insurance(self) -> Money:
        return self.allowed - self.patient


@dataclass(frozen=True)
class Estimate:
    lines: tuple[LineEstimate, ...]
    self_pay: bool
    assumptions: tuple[str, ...] = ()

    @property
    def total_charge(self) -> Money:
        return Money.total(line.service.charge for line in self.lines)

    @property
    def total_allowed(self) -> Money:
        return Money.total(line.allowed for line in self.lines)

    @property
    def patient_total(self) -> Money:
        return Money.total(line.patient for line in self.lines)

    @property
    def insurance_total(self) -> Money:
        return Money.total(line.insurance for line in self.lines)


def estimate(services: Sequence[PlannedService], benefits: Benefits | None) -> Estimate:
    """The patient's share of ``services``; ``benefits`` None means self-pay (the patient owes all)."""
    if not services:
        raise FieldErrors.single("codes", "name at least one planned service")
    zero = Money.zero()
    if benefits is None:
        owed = tuple(LineEstimate(s, zero, zero, s.allowed, zero) for s in services)
        return Estimate(owed, self_pay=True)
    assumptions: list[str] = []
    deductible_left = benefits.deductible_remaining
    if deductible_left is None:
        deductible_left = zero
        assumptions.append("the payer did not say how much deductible is left: assumed met")
    out_of_pocket_left = benefits.out_of_pocket_remaining
    if out_of_pocket_left is None:
        assumptions.append("the payer did not say how much out-of-pocket is left: no cap applied")
    percent = benefits.coinsurance
    if percent is None and any(s.service_type not in benefits.copays for s in services):
        percent = Decimal(0)
        assumptions.append("the payer did not give a coinsurance percent: assumed 0 %")
    copay_used: set[str] = set()
    lines: list[LineEstimate] = []
    for service in services:
        deductible = service.allowed.min(deductible_left)
        deductible_left -= deductible
        rest = service.allowed - deductible
        copay = coinsurance = zero
        if service.service_type in benefits.copays:
            if service.service_type not in copay_used:
                copay = benefits.copays[service.service_type].min(rest)
                copay_used.add(service.service_type)
        else:
            coinsurance = rest.times(percent or Decimal(0))
        share = deductible + copay + coinsurance
        capped = zero
        if out_of_pocket_left is not None:
            capped = (share - out_of_pocket_left).max(zero)
            out_of_pocket_left -= share - capped
        lines.append(LineEstimate(service, deductible, copay, coinsurance, capped))
    return Estimate(tuple(lines), self_pay=False, assumptions=tuple(assumptions))
