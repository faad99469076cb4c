"""Pricing and cost sharing: allowed amounts, then deductible, coinsurance or copay, capped by the
out-of-pocket maximum. Pure: the member's year-to-date totals come in and go out as values."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from revcycle.kit.money import Money
from revcycle.sandbox.adjudication.claim import LineView
from revcycle.sandbox.config import PayerConfig, Plan

_PERCENT = Decimal(100)


def service_category(procedure_code: str) -> str:
    """The benefit category a copay is keyed by: office_visit, preventive, lab, imaging or other."""
    code = procedure_code.upper()
    if code.isdigit():
        n = int(code)
        if 99202 <= n <= 99215:
            return "office_visit"
        if 99381 <= n <= 99397:
            return "preventive"
        if 80000 <= n <= 89999 or n == 36415:
            return "lab"
        if 70000 <= n <= 79999:
            return "imaging"
    if code in ("G0438", "G0439"):
        return "preventive"
    return "other"


def allowed_amount(line: LineView, payer: PayerConfig, medicare_fees: dict[str, Money] | None) -> Money:
    """The payer's allowed amount for a line, never above the charge.

    A code in the payer's own schedule is paid from it; otherwise a percentage of the Medicare-like
    schedule; a code in neither is allowed at ``default_percent_of_charge`` of the charge."""
    units = max(int(line.units.to_integral_value()), 1)
    fees = payer.fees
    if line.procedure_code in fees.schedule:
        allowed = fees.schedule[line.procedure_code] * units
    elif medicare_fees and line.procedure_code in medicare_fees:
        allowed = (medicare_fees[line.procedure_code] * units).times(fees.percent_of_medicare / _PERCENT)
    else:
        allowed = line.charge.times(fees.default_percent_of_charge / _PERCENT)
    return allowed.min(line.charge)


@dataclass(frozen=True, slots=True)
class YearToDate:
    """A member's accumulators for one plan year."""

    deductible_met: Money
    out_of_pocket_met: Money


@dataclass(frozen=True, slots=True)
class Share:
    """The patient's share of one line, by kind (PR-1, PR-2, PR-3)."""

    deductible: Money
    coinsurance: Money
    copay: Money

    @property
    def total(self) -> Money:
        return self.deductible + self.coinsurance + self.copay


def cost_share(
    allowed: Money, plan: Plan, ytd: YearToDate, *, copay: Money | None
) -> tuple[Share, YearToDate]:
    """Split ``allowed`` into the patient's share and return the new year-to-date totals.

    A copay line pays the copay (at most the allowed amount) and skips deductible and coinsurance.
    Otherwise the remaining deductible comes first, then coinsurance on the rest. Every part counts
    toward the out-of-pocket maximum, and nothing is owed past it."""
    zero = Money.zero()
    oop_left = (
        None if plan.out_of_pocket_max is None else (plan.out_of_pocket_max - ytd.out_of_pocket_met).max(zero)
    )

    def cap(amount: Money) -> Money:
        return amount if oop_left is None else amount.min(oop_left)

    if copay is not None:
        part = cap(copay.min(allowed))
        share = Share(zero, zero, part)
    else:
        deductible = cap((plan.deductible - ytd.deductible_met).max(zero).min(allowed))
        if oop_left is not None:
            oop_left = oop_left - deductible
        coinsurance = cap((allowed - deductible).times(plan.coinsurance))
        share = Share(deductible, coinsurance, zero)
    return share, replace(
        ytd,
        deductible_met=ytd.deductible_met + share.deductible,
        out_of_pocket_met=ytd.out_of_pocket_met + share.total,
    )
