"""Claim adjudication: every line priced or denied, the patient's share split, a CLP status chosen.

``adjudicate(claim, ctx)`` is pure. Denials (each a CO group adjustment of the whole line charge):
CO-29 timely filing, CO-16 missing information (with a remark), CO-18 duplicate, CO-96 non-covered
(with the configured remark), CO-197 no prior authorization, CO-97 bundled into another line.
A paid line carries CO-45 (charge over allowed) and PR-1/PR-2/PR-3 (deductible, coinsurance, copay).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from revcycle.kit.money import Money
from revcycle.sandbox.adjudication.benefits import YearToDate, allowed_amount, cost_share, service_category
from revcycle.sandbox.adjudication.claim import ClaimView, LineView
from revcycle.sandbox.adjudication.decisions import Accumulation, Cas, ClaimResult, LineResult
from revcycle.sandbox.config import BUNDLING_MODIFIERS, PayerConfig, Plan, SandboxConfig

LineKey = tuple[str, str, str, dt.date, int]
"""(member id, procedure code, modifiers, date of service, charge in cents): what makes a duplicate."""


def line_key(claim: ClaimView, line: LineView) -> LineKey:
    return (
        claim.member_id,
        line.procedure_code,
        ":".join(line.modifiers),
        line.service_date,
        line.charge.cents,
    )


@dataclass(frozen=True, slots=True)
class PayerContext:
    """What adjudication needs besides the claim; all of it comes from the caller, nothing is read."""

    config: SandboxConfig
    received: dt.date
    rng: random.Random
    payer_claim_control_number: str
    year_to_date: YearToDate
    paid_lines: frozenset[LineKey] = frozenset()
    """Lines of this member already paid on other claims (not reversed): a repeat is a duplicate."""


@dataclass(frozen=True, slots=True)
class _Denial:
    group: str
    reason: str
    remarks: tuple[str, ...] = ()


def _claim_denial(claim: ClaimView, payer: PayerConfig, ctx: PayerContext) -> _Denial | None:
    draw = ctx.rng.random()  # drawn for every claim, so one claim's outcome never shifts another's
    if (ctx.received - claim.first_service_date).days > payer.timely_filing_days:
        return _Denial("CO", "29")
    if payer.require_rendering_provider and not claim.institutional and not claim.rendering_npi:
        return _Denial("CO", "16", ("N290",))
    if draw < ctx.config.mix.denial:
        return _Denial("CO", "16", ("MA130",))
    return None


def _bundled(claim: ClaimView, line: LineView, config: SandboxConfig) -> bool:
    for other in claim.lines:
        if other is line or other.service_date != line.service_date:
            continue
        indicator = config.bundling.get((other.procedure_code, line.procedure_code))
        if indicator is None:
            continue
        if indicator == 0 or not BUNDLING_MODIFIERS.intersection(line.modifiers):
            return True
    return False


def _line_denial(claim: ClaimView, line: LineView, payer: PayerConfig, ctx: PayerContext) -> _Denial | None:
    if line_key(claim, line) in ctx.paid_lines:
        return _Denial("CO", "18")
    if line.procedure_code in payer.non_covered:
        return _Denial("CO", "96", (payer.non_covered[line.procedure_code],))
    if line.procedure_code in payer.prior_auth and not claim.prior_authorization:
        return _Denial("CO", "197", ("M62",))
    if _bundled(claim, line, ctx.config):
        return _Denial("CO", "97", ("M15",))
    return None


def _denied(line: LineView, denial: _Denial) -> LineResult:
    return LineResult(
        line=line,
        charge=line.charge,
        allowed=Money.zero(),
        paid=Money.zero(),
        adjustments=(Cas(denial.group, denial.reason, line.charge),),
        remarks=denial.remarks,
    )


def _paid(line: LineView, allowed: Money, patient: list[Cas], remarks: tuple[str, ...] = ()) -> LineResult:
    adjustments: list[Cas] = []
    if line.charge > allowed:
        adjustments.append(Cas("CO", "45", line.charge - allowed))
    adjustments.extend(c for c in patient if not c.amount.is_zero())
    paid = line.charge - Money.total(a.amount for a in adjustments)
    return LineResult(line, line.charge, allowed, paid, tuple(adjustments), remarks)


def _shares(total: Money | None, claim: ClaimView) -> list[Money]:
    if total is None or total.is_zero():
        return [Money.zero() for _ in claim.lines]
    weights = [max(line.charge.cents, 0) for line in claim.lines]
    if not any(weights):
        weights = [1 for _ in claim.lines]
    return total.allocate(weights)


def _secondary_line(
    line: LineView, allowed: Money, prior_paid: Money, prior_pr: Money, plan: Plan
) -> LineResult:
    """A secondary payer pays what the primary left to the patient, within its own allowed amount."""
    prior_pr = prior_pr.min(line.charge)
    paid = prior_pr.min((allowed - prior_paid).max(Money.zero()))
    rest = prior_pr - paid
    adjustments = [Cas("OA", "23", line.charge - prior_pr)]
    if not rest.is_zero():
        patient_owes = plan.deductible.is_positive() or plan.coinsurance > 0
        adjustments.append(Cas("PR", "2", rest) if patient_owes else Cas("CO", "45", rest))
    kept = tuple(a for a in adjustments if not a.amount.is_zero())
    return LineResult(line, line.charge, allowed, paid, kept)


def adjudicate(claim: ClaimView, ctx: PayerContext) -> ClaimResult:
    """Settle an accepted claim (the front-end edits have passed: payer and member are known)."""
    config = ctx.config
    payer = config.payer(claim.payer_code)
    member = payer.enrolled(claim.member_id) if payer else None
    if payer is None or member is None:
        raise ValueError("adjudicate needs a claim that passed the front-end edits")
    plan = config.plan(payer.plan_of(member))
    claim_denial = _claim_denial(claim, payer, ctx)
    ytd = ctx.year_to_date
    start = ytd
    copays_used: set[str] = set()
    prior_paid = _shares(claim.prior_paid, claim)
    prior_pr = _shares(claim.prior_patient_responsibility, claim)
    results: list[LineResult] = []
    for index, line in enumerate(claim.lines):
        denial = claim_denial or _line_denial(claim, line, payer, ctx)
        if denial is not None:
            results.append(_denied(line, denial))
            continue
        allowed = allowed_amount(line, payer, dict(config.medicare_fees))
        if claim.is_secondary:
            line_paid = line.prior.paid if line.prior else prior_paid[index]
            line_pr = line.prior.patient_responsibility if line.prior else prior_pr[index]
            results.append(_secondary_line(line, allowed, line_paid, line_pr, plan))
            continue
        category = service_category(line.procedure_code)
        copay = None
        if category in plan.copays and category not in copays_used:
            copay = plan.copays[category]
            copays_used.add(category)
        share, ytd = cost_share(allowed, plan, ytd, copay=copay)
        patient = [
            Cas("PR", "1", share.deductible),
            Cas("PR", "2", share.coinsurance),
            Cas("PR", "3", share.copay),
        ]
        results.append(_paid(line, allowed, patient))
    return ClaimResult(
        claim=claim,
        status_code=_status(claim, payer, member.crossover, results),
        payer_claim_control_number=ctx.payer_claim_control_number,
        lines=tuple(results),
        accumulation=Accumulation(
            claim.first_service_date.year,
            ytd.deductible_met - start.deductible_met,
            ytd.out_of_pocket_met - start.out_of_pocket_met,
        ),
    )


def _status(claim: ClaimView, payer: PayerConfig, member_crossover: bool, lines: list[LineResult]) -> str:
    if lines and all(r.denied for r in lines):
        return "4"
    forwarded = (payer.crossover and claim.other_payers > 0) or member_crossover
    order = {"P": 0, "S": 1, "T": 2}.get(claim.payer_responsibility, 0)
    return ("19", "20", "21")[order] if forwarded else ("1", "2", "3")[order]
