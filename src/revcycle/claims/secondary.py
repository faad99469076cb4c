"""Secondary and tertiary claims: the prior payers' adjudication on an 837 claim.

A hook for building the next payer's claim: ``with_prior_payers(x12_claim, priors)`` returns the
837P/837I claim with loop 2320 (other subscriber: SBR, CAS, AMT*D, OI), 2330A/2330B (other
subscriber and other payer) for each prior payer, and loop 2430 (SVD, CAS, DTP*573) on each
service line the prior payer adjudicated. The remittance context fills :class:`PriorPayer` from
the primary's 835; submission calls this on claims whose coverage is not the primary.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from revcycle.kit.money import Money
from revcycle.x12.core.common import Adjustment, Name
from revcycle.x12.core.loops import RawSegment
from revcycle.x12.x837.models import LineAdjudication, OtherSubscriber
from revcycle.x12.x837i.models import InstitutionalClaim
from revcycle.x12.x837p.models import ProfessionalClaim


@dataclass(frozen=True)
class PriorLine:
    """How a prior payer paid one of our claim lines (from its 835 SVC loop)."""

    line_number: int
    procedure_code: str
    paid: Money
    units: Decimal
    modifiers: tuple[str, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()


@dataclass(frozen=True)
class PriorPayer:
    """A payer that adjudicated the claim before this one (2320/2330)."""

    responsibility: str
    """SBR01 of that payer: P (primary) or S (secondary)."""
    payer_name: str
    payer_code: str
    subscriber_last_name: str
    subscriber_first_name: str
    member_id: str
    paid: Money
    adjudication_date: dt.date
    group_number: str = ""
    claim_filing_indicator: str = "CI"
    relationship: str = "18"
    claim_adjustments: tuple[Adjustment, ...] = ()
    lines: tuple[PriorLine, ...] = ()


def other_subscriber(prior: PriorPayer) -> OtherSubscriber:
    """Loop 2320 with 2330A (subscriber) and 2330B (payer; DTP*573 adjudication date)."""
    return OtherSubscriber(
        payer_responsibility=prior.responsibility,
        subscriber=Name(
            "IL",
            "1",
            prior.subscriber_last_name.upper(),
            prior.subscriber_first_name.upper(),
            id_qualifier="MI",
            identifier=prior.member_id,
        ),
        payer=Name("PR", "2", prior.payer_name.upper()[:60], id_qualifier="PI", identifier=prior.payer_code),
        relationship=prior.relationship,
        group_number=prior.group_number,
        claim_filing_indicator=prior.claim_filing_indicator,
        adjustments=prior.claim_adjustments,
        payer_paid_amount=prior.paid,
        other_segments=(RawSegment(999, ("DTP", "573", "D8", prior.adjudication_date.strftime("%Y%m%d"))),),
    )


def _adjudication(prior: PriorPayer, line: PriorLine) -> LineAdjudication:
    return LineAdjudication(
        payer_id=prior.payer_code,
        paid_amount=line.paid,
        procedure_code=line.procedure_code,
        units=line.units,
        adjudication_date=prior.adjudication_date,
        modifiers=line.modifiers,
        adjustments=line.adjustments,
    )


C = TypeVar("C", ProfessionalClaim, InstitutionalClaim)


def with_prior_payers(claim: C, priors: Sequence[PriorPayer]) -> C:
    """The claim with 2320/2330 for each prior payer and 2430 on each line it adjudicated."""
    if not priors:
        return claim
    services = []
    for service in claim.services:
        found = tuple(
            _adjudication(p, ln) for p in priors for ln in p.lines if ln.line_number == service.line_number
        )
        services.append(dataclasses.replace(service, adjudications=service.adjudications + found))
    return dataclasses.replace(
        claim,
        other_subscribers=claim.other_subscribers + tuple(other_subscriber(p) for p in priors),
        services=tuple(services),
    )
