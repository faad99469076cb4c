"""What adjudication decides, as data: 277CA verdicts and 835 claim results."""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.kit.money import Money
from revcycle.sandbox.adjudication.claim import ClaimView, LineView


@dataclass(frozen=True, slots=True)
class Acknowledgment:
    """The 277CA verdict on one claim: STC01 category, status code and entity (A2:20 accepted)."""

    category: str
    status_code: str
    entity: str = ""
    reason: str = ""
    """A short words-only note for logs and docs; never PHI."""

    @property
    def accepted(self) -> bool:
        return self.category in ("A1", "A2")


ACCEPTED = Acknowledgment("A2", "20", reason="accepted for adjudication")


@dataclass(frozen=True, slots=True)
class Cas:
    """One adjustment: group (CO, PR, OA, PI, CR), CARC reason and amount."""

    group: str
    reason: str
    amount: Money


@dataclass(frozen=True, slots=True)
class LineResult:
    """How one line was settled; ``charge - sum(adjustments) == paid`` always holds."""

    line: LineView
    charge: Money
    allowed: Money
    paid: Money
    adjustments: tuple[Cas, ...] = ()
    remarks: tuple[str, ...] = ()

    @property
    def denied(self) -> bool:
        return any(a.group == "CO" and a.reason != "45" for a in self.adjustments) and self.paid.is_zero()

    def patient_responsibility(self) -> Money:
        return Money.total(a.amount for a in self.adjustments if a.group == "PR")


@dataclass(frozen=True, slots=True)
class Accumulation:
    """What a claim added to the member's year: deductible and out-of-pocket (PR-1 + PR-2 + PR-3)."""

    year: int
    deductible: Money
    out_of_pocket: Money

    def negated(self) -> Accumulation:
        return Accumulation(self.year, -self.deductible, -self.out_of_pocket)


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """One 835 claim loop (CLP): status, the lines, the payer's claim control number."""

    claim: ClaimView
    status_code: str
    payer_claim_control_number: str
    lines: tuple[LineResult, ...]
    accumulation: Accumulation
    remarks: tuple[str, ...] = ()

    @property
    def charge(self) -> Money:
        return Money.total(r.charge for r in self.lines)

    @property
    def paid(self) -> Money:
        return Money.total(r.paid for r in self.lines)

    @property
    def patient_responsibility(self) -> Money:
        return Money.total(r.patient_responsibility() for r in self.lines)

    def is_balanced(self) -> bool:
        lines_ok = all(r.charge - Money.total(a.amount for a in r.adjustments) == r.paid for r in self.lines)
        return (
            lines_ok
            and self.charge - Money.total(a.amount for r in self.lines for a in r.adjustments) == self.paid
        )


def reversal_of(result: ClaimResult) -> ClaimResult:
    """The reversal of a claim already paid: CLP02 22, every amount negated, same claim number."""
    lines = tuple(
        LineResult(
            line=r.line,
            charge=-r.charge,
            allowed=-r.allowed,
            paid=-r.paid,
            adjustments=tuple(Cas(a.group, a.reason, -a.amount) for a in r.adjustments),
            remarks=r.remarks,
        )
        for r in result.lines
    )
    return ClaimResult(
        claim=result.claim,
        status_code="22",
        payer_claim_control_number=result.payer_claim_control_number,
        lines=lines,
        accumulation=result.accumulation.negated(),
        remarks=result.remarks,
    )
