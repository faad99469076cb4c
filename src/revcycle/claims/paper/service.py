"""A stored claim on paper: the claim as billed (its snapshot) and the details the form shows
beyond it, gathered from the other coverages, the prior payers' 835s and the practice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.claims import repository as repo
from revcycle.claims.domain.model import Claim, ClaimKind
from revcycle.claims.paper.fields import OtherInsured, PaperDetails, form_pages
from revcycle.claims.paper.render import render_pages
from revcycle.claims.service import claim_of
from revcycle.claims.tables import ClaimRow
from revcycle.intake.domain import CoverageOrder
from revcycle.intake.repository import practice_repo
from revcycle.intake.repository import repo as intake_repo
from revcycle.intake.tables import CoverageRow, PayerRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict
from revcycle.kit.money import Money

MEDIA_TYPE = "application/pdf"
_RANK = {CoverageOrder.PRIMARY.value: 0, CoverageOrder.SECONDARY.value: 1, CoverageOrder.TERTIARY.value: 2}


@dataclass(frozen=True)
class PaperClaim:
    """The PDF of one claim, with what the caller needs to audit the export (no PHI)."""

    claim_id: int
    patient_id: int
    patient_control_number: str
    pages: int
    content: bytes

    @property
    def file_name(self) -> str:
        return f"cms1500-{self.patient_control_number}.pdf"


def render_cms1500(claim: Claim, details: PaperDetails | None = None) -> bytes:
    """The claim on the CMS-1500 (02/12) layout; institutional claims go on the UB-04 instead."""
    if claim.kind is not ClaimKind.PROFESSIONAL:
        raise Conflict("an institutional claim is billed on the UB-04, not on the CMS-1500")
    return render_pages(form_pages(claim, details), title=f"CMS-1500 claim {claim.patient_control_number}")


def _from_prior_payers(uow: UnitOfWork, practice_id: int, row: ClaimRow) -> tuple[OtherInsured | None, Money]:
    from revcycle.remittance.service.secondary import priors_for

    priors = priors_for(uow, practice_id=practice_id, claim=row)
    if not priors:
        return None, Money.zero()
    first = priors[0]
    other = OtherInsured(
        last_name=first.subscriber_last_name,
        first_name=first.subscriber_first_name,
        policy_or_group=first.member_id,
        plan_name=first.payer_name,
    )
    return other, Money.total(p.paid for p in priors)


def _from_coverages(uow: UnitOfWork, practice_id: int, row: ClaimRow, claim: Claim) -> OtherInsured | None:
    """The patient's next other coverage active on the date of service."""
    day = claim.date_of_service
    others = [
        c
        for c in intake_repo(uow, CoverageRow, practice_id).find(patient_id=row.patient_id)
        if c.id != row.coverage_id
        and c.effective_date <= day
        and (c.termination_date is None or day <= c.termination_date)
    ]
    if not others:
        return None
    coverage = min(others, key=lambda c: (_RANK.get(c.order, 9), c.id))
    payer = intake_repo(uow, PayerRow, practice_id).get(coverage.payer_id)
    if coverage.relationship == "18":
        last, first = claim.patient.last_name, claim.patient.first_name
    else:
        last, first = coverage.subscriber_last_name or "", coverage.subscriber_first_name or ""
    return OtherInsured(last, first, coverage.member_id, coverage.plan_name or payer.name)


def paper_details(uow: UnitOfWork, *, practice_id: int, row: ClaimRow, today: date) -> PaperDetails:
    """Box 9 and 29 from the prior payers (or the other coverage), box 33's phone, the date signed."""
    claim = claim_of(row)
    other, paid = _from_prior_payers(uow, practice_id, row)
    if other is None:
        other = _from_coverages(uow, practice_id, row, claim)
    practice = practice_repo(uow).get(practice_id)
    return PaperDetails(
        other_insured=other, amount_paid=paid, billing_phone=practice.phone or "", signed_on=today
    )


def cms1500_pdf(uow: UnitOfWork, *, practice_id: int, claim_id: int, today: date | None = None) -> PaperClaim:
    """A claim of this practice on the CMS-1500; the caller records the export in the audit log."""
    row = repo.claims(uow, practice_id).get(claim_id)
    claim = claim_of(row)
    details = paper_details(uow, practice_id=practice_id, row=row, today=today or clock.today())
    content = render_cms1500(claim, details)
    pages = len(form_pages(claim, details))
    return PaperClaim(row.id, row.patient_id, row.patient_control_number, pages, content)
