"""What the payer reads from an 837: a flat, format-neutral view of one claim.

``claims_of`` turns parsed 837P and 837I transactions into :class:`ClaimView` values; everything
else in adjudication works on these views, so it is tested without writing X12.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from revcycle.kit.money import Money
from revcycle.x12.core.common import Adjustment, Name
from revcycle.x12.x837.models import BillingProvider, LineAdjudication, OtherSubscriber, Patient, Subscriber
from revcycle.x12.x837i.models import Institutional837, InstitutionalClaim
from revcycle.x12.x837p.models import Professional837, ProfessionalClaim


@dataclass(frozen=True, slots=True)
class PriorLine:
    """How the prior payer settled one line (loop 2430): paid, and the patient's share (CAS PR)."""

    paid: Money
    patient_responsibility: Money


@dataclass(frozen=True, slots=True)
class LineView:
    """One service line: procedure (or revenue code), modifiers, charge, units, date."""

    number: int
    procedure_code: str
    charge: Money
    service_date: dt.date
    units: Decimal = Decimal(1)
    modifiers: tuple[str, ...] = ()
    revenue_code: str = ""
    control_number: str = ""
    prior: PriorLine | None = None


@dataclass(frozen=True, slots=True)
class ClaimView:
    """One claim as the payer sees it (loops 2000B-2400 of an 837P or 837I)."""

    patient_control_number: str
    payer_code: str
    member_id: str
    total_charge: Money
    lines: tuple[LineView, ...]
    billing_npi: str
    diagnoses: tuple[str, ...] = ()
    rendering_npi: str = ""
    frequency_code: str = "1"
    payer_claim_control_number: str = ""
    prior_authorization: str = ""
    payer_responsibility: str = "P"
    """SBR01: P primary, S secondary, T tertiary."""
    claim_filing_indicator: str = ""
    other_payers: int = 0
    """How many other payers loop 2320 names."""
    prior_paid: Money | None = None
    """AMT*D of the prior payer (2320), when this is a secondary claim."""
    prior_patient_responsibility: Money | None = None
    institutional: bool = False
    facility_type_code: str = ""
    statement_from: dt.date | None = None
    statement_to: dt.date | None = None
    subscriber: Name = field(default_factory=lambda: Name("IL", "1"))
    patient: Name | None = None
    billing_name: str = ""

    @property
    def first_service_date(self) -> dt.date:
        dates = [line.service_date for line in self.lines]
        if self.statement_from is not None:
            dates.append(self.statement_from)
        return min(dates)

    @property
    def last_service_date(self) -> dt.date:
        dates = [line.service_date for line in self.lines]
        if self.statement_to is not None:
            dates.append(self.statement_to)
        return max(dates)

    @property
    def is_secondary(self) -> bool:
        return self.payer_responsibility in ("S", "T")


def _pr_total(adjustments: tuple[Adjustment, ...]) -> Money:
    return Money.total(a.total() for a in adjustments if a.group == "PR")


def _prior_line(adjudications: tuple[LineAdjudication, ...]) -> PriorLine | None:
    if not adjudications:
        return None
    first = adjudications[0]
    return PriorLine(first.paid_amount, _pr_total(first.adjustments))


def _other(others: tuple[OtherSubscriber, ...]) -> tuple[Money | None, Money | None]:
    if not others:
        return None, None
    first = others[0]
    return first.payer_paid_amount, _pr_total(first.adjustments)


def _common(
    claim: ProfessionalClaim | InstitutionalClaim,
    provider: BillingProvider,
    subscriber: Subscriber,
    patient: Patient | None,
) -> dict[str, Any]:
    """What an 837P and an 837I claim tell the payer alike."""
    paid, pr = _other(claim.other_subscribers)
    return {
        "patient_control_number": claim.patient_control_number,
        "payer_code": subscriber.payer.identifier,
        "member_id": subscriber.name.identifier,
        "total_charge": claim.total_claim_charge_amount,
        "billing_npi": provider.npi,
        "diagnoses": claim.diagnoses,
        "frequency_code": claim.frequency_code,
        "payer_claim_control_number": claim.payer_claim_control_number,
        "prior_authorization": claim.prior_authorization,
        "payer_responsibility": subscriber.payer_responsibility,
        "claim_filing_indicator": subscriber.claim_filing_indicator,
        "other_payers": len(claim.other_subscribers),
        "prior_paid": paid,
        "prior_patient_responsibility": pr,
        "subscriber": subscriber.name,
        "patient": patient.name if patient else None,
        "billing_name": provider.name.last_name,
    }


def _professional(
    claim: ProfessionalClaim, provider: BillingProvider, subscriber: Subscriber, patient: Patient | None
) -> ClaimView:
    rendering = claim.rendering_provider
    return ClaimView(
        lines=tuple(
            LineView(
                number=s.line_number,
                procedure_code=s.procedure_code,
                charge=s.charge_amount,
                service_date=s.service_date,
                units=s.units,
                modifiers=s.modifiers,
                control_number=s.line_item_control_number,
                prior=_prior_line(s.adjudications),
            )
            for s in claim.services
        ),
        rendering_npi=rendering.identifier if rendering and rendering.id_qualifier == "XX" else "",
        **_common(claim, provider, subscriber, patient),
    )


def _institutional(
    claim: InstitutionalClaim, provider: BillingProvider, subscriber: Subscriber, patient: Patient | None
) -> ClaimView:
    attending = claim.attending_provider
    return ClaimView(
        lines=tuple(
            LineView(
                number=s.line_number,
                procedure_code=s.procedure_code,
                charge=s.charge_amount,
                service_date=s.service_date or claim.statement_from,
                units=s.units,
                modifiers=s.modifiers,
                revenue_code=s.revenue_code,
                control_number=s.line_item_control_number,
                prior=_prior_line(s.adjudications),
            )
            for s in claim.services
        ),
        rendering_npi=attending.identifier if attending and attending.id_qualifier == "XX" else "",
        institutional=True,
        facility_type_code=claim.facility_type_code,
        statement_from=claim.statement_from,
        statement_to=claim.statement_to,
        **_common(claim, provider, subscriber, patient),
    )


def claims_of(transaction: Professional837 | Institutional837) -> Iterator[ClaimView]:
    """Every claim of a parsed 837P or 837I, in file order."""
    if isinstance(transaction, Professional837):
        for c in transaction.claims():
            yield _professional(c.claim, c.provider, c.subscriber, c.patient)
    else:
        for ic in transaction.claims():
            yield _institutional(ic.claim, ic.provider, ic.subscriber, ic.patient)
