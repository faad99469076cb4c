"""The posting plan: what one 835 claim payment (CLP) moves in the ledger. Pure, no I/O.

``plan_claim`` turns a claim payment, the claim lines it matched and the posting rules into a
:class:`ClaimPlan`: a list of :class:`PlannedPosting` (payment, contractual write-off, other
write-off, transfer to the patient or to the next payer) and the claim's outcome. The service
turns each planned posting into a ledger entry; nothing here knows about accounts or databases.

Hand-computed example: charged 200.00, paid 96.00, CO-45 50.00, PR-1 30.00, PR-2 24.00 plans
a payment of 96.00, a contractual write-off of 50.00, a transfer of 30.00 (deductible) and a
transfer of 24.00 (coinsurance) to the patient: 96 + 50 + 30 + 24 = 200. The secondary's 835 of
that line (charged 200.00, OA-23 146.00, paid 40.00, PR-2 14.00) plans a payment of 40.00 and a
transfer of 14.00 (``after_prior_payer=True``): the OA-23 is what the primary already paid and
adjusted, and posts nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from revcycle.kit.money import Money
from revcycle.x12.core.common import Adjustment
from revcycle.x12.x835.models import ClaimPayment


class Treatment(StrEnum):
    """How an adjustment group that is not CO or PR is posted (OA and PI are configurable)."""

    CONTRACTUAL = "contractual"
    """Written off as a contractual adjustment against the payer."""
    WRITE_OFF = "write_off"
    """Written off as an administrative write-off (a person may review it)."""
    PATIENT = "patient"
    """Transferred to the patient (or the next payer), like PR."""
    HOLD = "hold"
    """Not posted: the balance stays with the payer for a person to work."""


@dataclass(frozen=True)
class PostingRules:
    """A practice's posting configuration."""

    oa: Treatment = Treatment.WRITE_OFF
    pi: Treatment = Treatment.CONTRACTUAL
    cr: Treatment = Treatment.CONTRACTUAL


class Move(StrEnum):
    """What a planned posting does."""

    PAYMENT = "payment"
    """The payer's payment on the line: cash in, insurance AR down."""
    CONTRACTUAL = "contractual"
    """Contractual adjustment: insurance AR down, contra-revenue up."""
    WRITE_OFF = "write_off"
    """Administrative write-off of insurance AR."""
    TO_PATIENT = "to_patient"
    """Patient responsibility: insurance AR moved to patient AR."""
    TO_NEXT_PAYER = "to_next_payer"
    """The remainder moved to the next payer's AR (secondary, tertiary)."""


class Outcome(StrEnum):
    """What the payer did with the claim (drives the claim's state)."""

    PAID = "paid"
    PARTIALLY_PAID = "partially_paid"
    DENIED = "denied"
    REVERSED = "reversed"


PR_CATEGORY = {"1": "deductible", "2": "coinsurance", "3": "copay"}
"""PR reason codes kept apart in patient responsibility; any other PR reason is ``other``."""

PRIOR_PAYER_REASON = "23"
"""CARC 23, the impact of the prior payers' adjudication (what they paid and adjusted): on the 835
of a secondary or tertiary claim (``plan_claim(..., after_prior_payer=True)``) it accounts for money
the earlier 835s already moved, so it posts nothing (and is no denial). On a primary claim it is
an ordinary adjustment of its group."""

DENIED_STATUS = "4"
REVERSAL_STATUS = "22"
FORWARDED_STATUSES = frozenset({"19", "20", "21"})
"""Processed and forwarded to the next payer (crossover): the secondary is not billed again."""


@dataclass(frozen=True)
class PlannedPosting:
    """One ledger movement on a claim line (``claim_line_id`` None: the claim as a whole)."""

    move: Move
    amount: Money
    claim_line_id: int | None
    group: str = ""
    reason: str = ""

    @property
    def label(self) -> str:
        if self.move is Move.PAYMENT:
            return "payer payment"
        text = f"{self.group}-{self.reason}"
        if self.group == "PR":
            text += f" {PR_CATEGORY.get(self.reason, 'other')}"
        return text


@dataclass(frozen=True)
class ClaimPlan:
    """Everything one CLP posts, and what it means for the claim."""

    outcome: Outcome
    postings: tuple[PlannedPosting, ...]
    patient_share: dict[str, Money] = field(default_factory=dict)
    denial_reasons: tuple[str, ...] = ()
    """``CO-50``-style codes of the held (denied) adjustments, claim and line level."""
    remarks: tuple[str, ...] = ()
    held: Money = field(default_factory=Money.zero)
    """Money left with the payer for a person to work (denied lines, HOLD treatment)."""
    forwarded: bool = False

    def total(self, move: Move) -> Money:
        return Money.total(p.amount for p in self.postings if p.move is move)


def _is_denied_line(
    paid: Money, adjustments: Sequence[Adjustment], skip: frozenset[str] = frozenset()
) -> bool:
    """Zero paid, nothing owed by the patient and a reason code on it: a denial to work."""
    if not paid.is_zero():
        return False
    has_pr = any(a.group == "PR" and not a.total().is_zero() for a in adjustments)
    has_carc = any(
        a.group != "PR" and r.reason not in skip and not r.amount.is_zero()
        for a in adjustments
        for r in a.reasons
    )
    return has_carc and not has_pr


def _treatment(group: str, rules: PostingRules) -> Treatment:
    if group == "CO":
        return Treatment.CONTRACTUAL
    if group == "PR":
        return Treatment.PATIENT
    return {"OA": rules.oa, "PI": rules.pi, "CR": rules.cr}.get(group, Treatment.HOLD)


def _adjustment_postings(
    adjustments: Sequence[Adjustment],
    line_id: int | None,
    rules: PostingRules,
    has_next_payer: bool,
    skip: frozenset[str] = frozenset(),
) -> tuple[list[PlannedPosting], Money]:
    out: list[PlannedPosting] = []
    held = Money.zero()
    for adj in adjustments:
        treatment = _treatment(adj.group, rules)
        for r in adj.reasons:
            if r.amount.is_zero() or r.reason in skip:
                continue
            if treatment is Treatment.HOLD:
                held += r.amount
                continue
            move = {
                Treatment.CONTRACTUAL: Move.CONTRACTUAL,
                Treatment.WRITE_OFF: Move.WRITE_OFF,
                Treatment.PATIENT: Move.TO_NEXT_PAYER if has_next_payer else Move.TO_PATIENT,
            }[treatment]
            out.append(PlannedPosting(move, r.amount, line_id, adj.group, r.reason))
    return out, held


def _codes(adjustments: Sequence[Adjustment], skip: frozenset[str] = frozenset()) -> list[str]:
    return [
        f"{a.group}-{r.reason}"
        for a in adjustments
        if a.group != "PR"
        for r in a.reasons
        if r.reason not in skip
    ]


def plan_claim(
    claim: ClaimPayment,
    line_ids: Sequence[int | None],
    *,
    rules: PostingRules = PostingRules(),
    has_next_payer: bool = False,
    after_prior_payer: bool = False,
) -> ClaimPlan:
    """Plan the postings of one claim payment. ``line_ids[i]`` is the claim line that
    ``claim.services[i]`` matched (None posts at claim level). Reversals (CLP02 = 22) are planned
    by the service (they reverse earlier entries) and get an empty plan here. ``after_prior_payer``:
    the claim is a secondary or tertiary claim (CARC 23 posts nothing, see ``PRIOR_PAYER_REASON``)."""
    skip = frozenset({PRIOR_PAYER_REASON}) if after_prior_payer else frozenset()
    if claim.status_code == REVERSAL_STATUS:
        return ClaimPlan(Outcome.REVERSED, ())
    remarks = tuple(r for s in claim.services for r in s.remarks)
    if claim.outpatient is not None:
        remarks += claim.outpatient.remark_codes
    claim_denied = claim.status_code == DENIED_STATUS or (
        not claim.services and _is_denied_line(claim.paid_amount, claim.adjustments, skip)
    )
    if claim_denied:
        every = [*claim.adjustments, *(a for s in claim.services for a in s.adjustments)]
        return ClaimPlan(
            Outcome.DENIED,
            (),
            denial_reasons=tuple(_codes(every, skip)) or ("CO-0",),
            remarks=remarks,
            held=claim.charge_amount - claim.paid_amount,
        )
    postings: list[PlannedPosting] = []
    held = Money.zero()
    reasons: list[str] = []
    denied_lines = 0
    for service, line_id in zip(claim.services, line_ids, strict=True):
        if _is_denied_line(service.paid_amount, service.adjustments, skip):
            denied_lines += 1
            held += service.adjustment_total()
            reasons += _codes(service.adjustments, skip)
            continue
        if not service.paid_amount.is_zero():  # negative: a take-back
            postings.append(PlannedPosting(Move.PAYMENT, service.paid_amount, line_id))
        planned, kept = _adjustment_postings(service.adjustments, line_id, rules, has_next_payer, skip)
        postings += planned
        held += kept
    if not claim.services and not claim.paid_amount.is_zero():
        postings.append(PlannedPosting(Move.PAYMENT, claim.paid_amount, None))
    planned, kept = _adjustment_postings(claim.adjustments, None, rules, has_next_payer, skip)
    postings += planned
    held += kept
    if claim.services and denied_lines == len(claim.services) and claim.paid_amount.is_zero():
        return ClaimPlan(Outcome.DENIED, (), denial_reasons=tuple(reasons), remarks=remarks, held=held)
    share: dict[str, Money] = {}
    for p in postings:
        if p.group == "PR":
            key = PR_CATEGORY.get(p.reason, "other")
            share[key] = share.get(key, Money.zero()) + p.amount
    outcome = Outcome.PARTIALLY_PAID if denied_lines or not held.is_zero() else Outcome.PAID
    return ClaimPlan(
        outcome,
        tuple(postings),
        patient_share=share,
        denial_reasons=tuple(reasons),
        remarks=remarks,
        held=held,
        forwarded=claim.status_code in FORWARDED_STATUSES,
    )


def line_allowed(paid: Money, adjustments: Sequence[Adjustment]) -> Money:
    """What the payer allowed on a line: its payment plus the patient's share (PR)."""
    return paid + Money.total(a.total() for a in adjustments if a.group == "PR")
