"""Secondary and tertiary claims from the primary's 835: build the next payer's claim, and its 837
with loops 2320/2330/2430 (paid amount, CAS, adjudication date). Crossovers (CLP02 19, 20, 21:
the payer forwarded the claim itself) are not billed again."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from revcycle.claims import repository as claims_repo
from revcycle.claims import service as claims_service
from revcycle.claims.edi import Submitter, transaction_837
from revcycle.claims.secondary import PriorLine, PriorPayer, with_prior_payers
from revcycle.claims.tables import ClaimLineRow, ClaimRow
from revcycle.intake.domain import CoverageOrder
from revcycle.intake.tables import CoverageRow, PayerRow
from revcycle.kit.errors import Conflict
from revcycle.kit.money import Money
from revcycle.remittance.domain.posting import FORWARDED_STATUSES
from revcycle.remittance.tables import EraClaimRow
from revcycle.x12.core.common import Adjustment, AdjustmentReason
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.x837i.models import Institutional837
from revcycle.x12.x837p.models import Professional837

NEXT = {"primary": CoverageOrder.SECONDARY, "secondary": CoverageOrder.TERTIARY}
ADJUDICATED = ("paid", "partially_paid")


def _adjustments(rows: Sequence[Sequence[str]]) -> tuple[Adjustment, ...]:
    groups: dict[str, list[AdjustmentReason]] = {}
    for group, reason, amount in rows:
        groups.setdefault(group, []).append(AdjustmentReason(reason, Money(Decimal(amount))))
    return tuple(Adjustment(g, tuple(r[i : i + 6])) for g, r in groups.items() for i in range(0, len(r), 6))


def _last_payment(uow: Any, claim_id: int) -> EraClaimRow | None:
    rows = uow.session.scalars(
        select(EraClaimRow)
        .where(EraClaimRow.claim_id == claim_id, EraClaimRow.reversed_by_id.is_(None))
        .order_by(EraClaimRow.id.desc())
    ).all()
    return next((r for r in rows if r.outcome in ADJUDICATED or r.status_code in FORWARDED_STATUSES), None)


def prior_payer(uow: Any, claim: ClaimRow, payment: EraClaimRow) -> PriorPayer:
    """What the 2320/2330/2430 loops say about a prior payer, from its claim payment."""
    coverage = uow.session.get(CoverageRow, claim.coverage_id)
    payer = uow.session.get(PayerRow, claim.payer_id)
    numbers = {ln.id: ln for ln in claims_repo.lines_of(uow, claim.id)}
    data = json.loads(payment.adjudication)
    lines = []
    for ln in data["lines"]:
        billed: ClaimLineRow | None = numbers.get(ln["claim_line_id"])
        if billed is None:
            continue
        lines.append(
            PriorLine(
                line_number=billed.line_number,
                procedure_code=ln["code"],
                paid=Money(Decimal(ln["paid"])),
                units=Decimal(ln["units"]),
                modifiers=tuple(ln["modifiers"]),
                adjustments=_adjustments(ln["cas"]),
            )
        )
    snapshot = claims_service.claim_of(claim)
    return PriorPayer(
        responsibility=CoverageOrder(coverage.order).sbr01,
        payer_name=payer.name,
        payer_code=payer.payer_code,
        subscriber_last_name=coverage.subscriber_last_name or snapshot.subscriber.last_name,
        subscriber_first_name=coverage.subscriber_first_name or snapshot.subscriber.first_name,
        member_id=coverage.member_id,
        paid=payment.paid,
        adjudication_date=payment.adjudication_date,
        group_number=coverage.group_number or "",
        claim_filing_indicator=payer.claim_filing_indicator,
        relationship=coverage.relationship if coverage.relationship in ("18", "01", "19", "20") else "18",
        claim_adjustments=_adjustments(data["claim_cas"]),
        lines=tuple(lines),
    )


def build_secondary_claim(
    uow: Any, *, practice_id: int, claim_id: int, actor: str = "remittance"
) -> ClaimRow:
    """The next payer's claim (a draft, through the claims service) after this claim was paid.

    Refused for a crossover (the payer forwarded it) and before the claim was adjudicated."""
    claim = claims_repo.claims(uow, practice_id).get(claim_id)
    payment = _last_payment(uow, claim.id)
    if payment is None:
        raise Conflict(f"claim {claim_id} has no posted payment yet; bill the next payer after it")
    if payment.status_code in FORWARDED_STATUSES:
        raise Conflict(
            f"claim {claim_id} was crossed over (CLP02 {payment.status_code}); do not bill it again"
        )
    coverage = uow.session.get(CoverageRow, claim.coverage_id)
    order = NEXT.get(coverage.order)
    if order is None:
        raise Conflict(f"claim {claim_id} went to the {coverage.order} payer; there is no next payer")
    return claims_service.build_claim(
        uow, practice_id=practice_id, encounter_id=claim.encounter_id, actor=actor, order=order
    )


def priors_for(uow: Any, *, practice_id: int, claim: ClaimRow) -> list[PriorPayer]:
    """Every earlier payer of the same encounter that adjudicated it, in coverage order."""
    others = uow.session.scalars(
        select(ClaimRow)
        .where(
            ClaimRow.practice_id == practice_id,
            ClaimRow.encounter_id == claim.encounter_id,
            ClaimRow.payer_id != claim.payer_id,
            ClaimRow.id < claim.id,
        )
        .order_by(ClaimRow.id)
    ).all()
    out: list[PriorPayer] = []
    for other in others:
        payment = _last_payment(uow, other.id)
        if payment is not None and payment.outcome in ADJUDICATED:
            out.append(prior_payer(uow, other, payment))
    return out


def secondary_837(
    uow: Any,
    *,
    practice_id: int,
    claim_id: int,
    envelope: Envelope,
    submitter: Submitter,
    reference_id: str,
    created: datetime,
) -> Professional837 | Institutional837:
    """The 837 of a secondary (or tertiary) claim with the prior payers' adjudication on it."""
    row = claims_repo.claims(uow, practice_id).get(claim_id)
    priors = priors_for(uow, practice_id=practice_id, claim=row)
    model = transaction_837(
        [claims_service.claim_of(row)],
        envelope=envelope,
        submitter=submitter,
        reference_id=reference_id,
        created=created,
    )
    out: Professional837 | Institutional837 = _with_priors(model, priors)
    return out


def _with_priors(model: Any, priors: list[PriorPayer]) -> Any:
    providers = []
    for p in model.providers:
        subscribers = []
        for s in p.subscribers:
            patients = tuple(
                dataclasses.replace(pl, claims=tuple(with_prior_payers(c, priors) for c in pl.claims))
                for pl in s.patients
            )
            claims = tuple(with_prior_payers(c, priors) for c in s.claims)
            subscribers.append(dataclasses.replace(s, claims=claims, patients=patients))
        providers.append(dataclasses.replace(p, subscribers=tuple(subscribers)))
    return dataclasses.replace(model, providers=tuple(providers))
