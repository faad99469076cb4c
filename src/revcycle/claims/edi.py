"""Claims as X12: domain claims to an 837P (or 837I) transaction for one payer.

Names and addresses go upper-case; the claim's referral number (REF*9F), accident date
(DTP*439) and supervising provider (2310D) travel as kept segments at their guide positions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from revcycle.claims import edi_institutional
from revcycle.claims.domain.model import Claim, ClaimKind, Party, Person, PostalAddress
from revcycle.claims.secondary import PriorPayer, with_prior_payers
from revcycle.x12.core.common import Address, Contact, Name
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.core.loops import RawSegment
from revcycle.x12.x837.models import (
    BillingProvider,
    Drug,
    Header837,
    Patient,
    PatientLoop,
    ProviderLoop,
    Subscriber,
    SubscriberLoop,
)
from revcycle.x12.x837i.models import Institutional837, InstitutionalClaim
from revcycle.x12.x837p.models import Professional837, ProfessionalClaim, ProfessionalService


@dataclass(frozen=True)
class Submitter:
    """Who sends the interchange and who receives it (the clearinghouse), and how to reach us."""

    sender_id: str
    name: str
    receiver_id: str
    receiver_name: str
    contact_name: str
    contact_phone: str
    usage_indicator: str = "P"


def _up(text: str) -> str:
    return text.upper().strip()


def address(a: PostalAddress | None) -> Address | None:
    if a is None:
        return None
    return Address(_up(a.line1), _up(a.line2), _up(a.city), _up(a.state), a.zip)


def _party(code: str, p: Party) -> Name:
    return Name(
        code,
        "1" if p.is_person else "2",
        _up(p.last_name),
        _up(p.first_name) if p.is_person else "",
        id_qualifier="XX" if p.npi else "",
        identifier=p.npi,
    )


def person(code: str, p: Person, member_id: str = "") -> Name:
    return Name(
        code,
        "1",
        _up(p.last_name),
        _up(p.first_name),
        _up(p.middle_name),
        _up(p.suffix),
        "MI" if member_id else "",
        member_id,
    )


def billing_provider(claim: Claim) -> BillingProvider:
    b = claim.billing
    assert b.address is not None
    return BillingProvider(
        name=_party("85", b), address=address(b.address) or Address(), tax_id=b.tax_id, taxonomy=b.taxonomy
    )


def _subscriber(claim: Claim) -> Subscriber:
    s, self_ = claim.subscriber, claim.patient_is_subscriber
    return Subscriber(
        payer_responsibility=claim.payer_responsibility,
        name=person("IL", s, claim.member_id),
        payer=Name("PR", "2", _up(claim.payer.name), id_qualifier="PI", identifier=claim.payer.payer_code),
        relationship="18" if self_ else "",
        group_number=claim.group_number,
        claim_filing_indicator=claim.payer.claim_filing_indicator,
        address=address(s.address) if self_ else None,
        birth_date=s.date_of_birth if self_ else None,
        sex=s.sex if self_ else "",
    )


def _kept_claim_segments(claim: Claim, start: int) -> tuple[RawSegment, ...]:
    out: list[RawSegment] = []
    if claim.onset_date is not None:  # 2300 DTP*431 comes before DTP*439
        out.append(RawSegment(start, ("DTP", "431", "D8", claim.onset_date.strftime("%Y%m%d"))))
        start += 1
    if claim.accident_date is not None:
        out.append(RawSegment(start, ("DTP", "439", "D8", claim.accident_date.strftime("%Y%m%d"))))
        start += 1
    if claim.referral_number:
        out.append(RawSegment(start, ("REF", "9F", claim.referral_number)))
    if claim.supervising is not None:
        s = _party("DQ", claim.supervising)
        out.append(
            RawSegment(
                999, ("NM1", "DQ", "1", s.last_name, s.first_name, "", "", "", s.id_qualifier, s.identifier)
            )
        )
    return tuple(out)


def _facility(claim: Claim) -> tuple[Name | None, Address | None]:
    f = claim.service_facility
    if f is None or f.address is None or f.address == claim.billing.address:
        return None, None
    return _party("77", f), address(f.address)


def professional_claim(claim: Claim) -> ProfessionalClaim:
    related: tuple[str, ...] = ()
    if claim.related_causes:
        related = (*claim.related_causes[:3], *([""] * (3 - len(claim.related_causes[:3]))))
        if claim.accident_state:
            related = (*related, claim.accident_state)
    facility, facility_address = _facility(claim)
    return ProfessionalClaim(
        patient_control_number=claim.patient_control_number,
        total_claim_charge_amount=claim.total_charge,
        place_of_service=claim.place_of_service,
        diagnoses=claim.diagnoses,
        services=tuple(
            ProfessionalService(
                line_number=ln.line_number,
                procedure_code=ln.code,
                charge_amount=ln.charge,
                units=ln.units,
                service_date=ln.service_date,
                diagnosis_pointers=ln.diagnosis_pointers,
                modifiers=ln.modifiers,
                drug=Drug(ln.ndc, ln.ndc_quantity, ln.ndc_unit) if ln.ndc and ln.ndc_quantity else None,
            )
            for ln in claim.lines
        ),
        frequency_code=claim.frequency_code.value,
        related_causes=related,
        payer_claim_control_number=claim.payer_claim_control_number,
        prior_authorization=claim.prior_authorization,
        referring_provider=_party("DN", claim.referring) if claim.referring else None,
        rendering_provider=_party("82", claim.rendering) if claim.rendering else None,
        rendering_taxonomy=claim.rendering.taxonomy if claim.rendering else "",
        service_facility=facility,
        service_facility_address=facility_address,
        other_segments=_kept_claim_segments(claim, 1),
    )


def institutional_claim(claim: Claim) -> InstitutionalClaim:
    facility, facility_address = _facility(claim)
    return edi_institutional.institutional_claim(claim, facility, facility_address)


def _subscriber_loop(claim: Claim, x12_claim: object) -> SubscriberLoop[object]:
    if claim.patient_is_subscriber:
        return SubscriberLoop(_subscriber(claim), claims=(x12_claim,))
    p = claim.patient
    patient = Patient(
        relationship=claim.relationship,
        name=person("QC", p),
        address=address(p.address),
        birth_date=p.date_of_birth,
        sex=p.sex,
    )
    return SubscriberLoop(_subscriber(claim), patients=(PatientLoop(patient, (x12_claim,)),))


def transaction_837(
    claims: Sequence[Claim],
    *,
    envelope: Envelope,
    submitter: Submitter,
    reference_id: str,
    created: dt.datetime,
    priors: Mapping[str, Sequence[PriorPayer]] | None = None,
) -> Professional837 | Institutional837:
    """One 837 transaction holding ``claims`` (same kind, same billing provider).

    ``priors`` maps a patient control number to the payers that adjudicated that claim before
    (secondary and tertiary claims: loops 2320/2330 and 2430)."""
    priors = priors or {}
    if not claims:
        raise ValueError("an 837 needs at least one claim")
    kind = claims[0].kind
    header = Header837(
        submitter=Name("41", "2", _up(submitter.name), id_qualifier="46", identifier=submitter.sender_id),
        receiver=Name(
            "40", "2", _up(submitter.receiver_name), id_qualifier="46", identifier=submitter.receiver_id
        ),
        reference_id=reference_id,
        created=created.date(),
        created_time=created.strftime("%H%M"),
        submitter_contact=Contact("IC", _up(submitter.contact_name), (("TE", submitter.contact_phone),)),
    )
    if kind is ClaimKind.PROFESSIONAL:
        loops = tuple(
            _subscriber_loop(
                c, with_prior_payers(professional_claim(c), priors.get(c.patient_control_number, ()))
            )
            for c in claims
        )
        return Professional837(envelope, header, (ProviderLoop(billing_provider(claims[0]), loops),))  # type: ignore[arg-type]
    iloops = tuple(
        _subscriber_loop(
            c, with_prior_payers(institutional_claim(c), priors.get(c.patient_control_number, ()))
        )
        for c in claims
    )
    return Institutional837(envelope, header, (ProviderLoop(billing_provider(claims[0]), iloops),))  # type: ignore[arg-type]
