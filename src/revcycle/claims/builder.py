"""Assemble a domain :class:`Claim` from the encounter, the practice, its providers and the coverage
responsible on the date of service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from revcycle.charges import institutional
from revcycle.charges.service import EncounterView
from revcycle.charges.tables import EncounterRow
from revcycle.claims.domain.model import (
    Claim,
    ClaimKind,
    ClaimLine,
    FacilityBill,
    FrequencyCode,
    Party,
    PayerInfo,
    Person,
    PostalAddress,
)
from revcycle.intake.domain import CoverageOrder
from revcycle.intake.repository import practice_repo, repo
from revcycle.intake.tables import CoverageRow, FacilityRow, PatientRow, PayerRow, ProviderRow
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import FieldErrors
from revcycle.kit.repository import ScopedRepository

ORDER_RANK = {CoverageOrder.PRIMARY: 0, CoverageOrder.SECONDARY: 1, CoverageOrder.TERTIARY: 2}


def _address(row: object) -> PostalAddress | None:
    line1 = getattr(row, "address_line1", None)
    if not line1:
        return None
    return PostalAddress(
        line1=line1,
        line2=getattr(row, "address_line2", None) or "",
        city=getattr(row, "city", None) or "",
        state=getattr(row, "state", None) or "",
        zip=getattr(row, "zip", None) or "",
    )


def plain(value: Decimal) -> Decimal:
    """``1.000`` from the database as ``1``; ``2.500`` as ``2.5`` (never an exponent)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _provider(row: ProviderRow) -> Party:
    person = row.kind == "individual"
    return Party(
        last_name=(row.last_name if person else row.organization_name) or "",
        first_name=(row.first_name or "") if person else "",
        is_person=person,
        npi=row.npi,
        taxonomy=row.taxonomy_code or "",
    )


def facility_bill(e: EncounterRow, providers: ScopedRepository[ProviderRow]) -> FacilityBill | None:
    """The encounter's institutional part with its attending (else the rendering) and operating."""
    data = institutional.from_row(e)
    if data is None:
        return None
    attending = e.attending_provider_id or e.rendering_provider_id
    return FacilityBill(
        type_of_bill=data.type_of_bill,
        patient_status=data.patient_status,
        admission_date=data.admission_date,
        admission_hour=data.admission_hour,
        admission_type=data.admission_type,
        admission_source=data.admission_source,
        admitting_diagnosis=data.admitting_diagnosis,
        attending=_provider(providers.get(attending)),
        operating=_provider(providers.get(e.operating_provider_id)) if e.operating_provider_id else None,
        value_codes=data.value_codes,
        occurrence_codes=data.occurrence_codes,
        condition_codes=data.condition_codes,
    )


def responsible_coverage(
    coverages: Sequence[CoverageRow], day: date, order: CoverageOrder | None = None
) -> CoverageRow:
    """The coverage that pays first on ``day`` (or the one of ``order``)."""
    active = [
        c
        for c in coverages
        if c.effective_date <= day and (c.termination_date is None or day <= c.termination_date)
    ]
    if order is not None:
        active = [c for c in active if c.order == order.value]
    if not active:
        which = f"{order.value} " if order else ""
        raise FieldErrors.single(
            "coverage", f"the patient has no active {which}coverage on {day.isoformat()}: add one first"
        )
    return min(active, key=lambda c: ORDER_RANK[CoverageOrder(c.order)])


def assemble(
    uow: UnitOfWork,
    *,
    practice_id: int,
    view: EncounterView,
    coverage: CoverageRow,
    patient_control_number: str,
) -> Claim:
    e = view.encounter
    practice = practice_repo(uow).get(practice_id)
    patient = repo(uow, PatientRow, practice_id).get(e.patient_id)
    payer = repo(uow, PayerRow, practice_id).get(coverage.payer_id)
    providers = repo(uow, ProviderRow, practice_id)
    patient_person = Person(
        last_name=patient.last_name,
        first_name=patient.first_name,
        middle_name=patient.middle_name or "",
        suffix=patient.suffix or "",
        date_of_birth=patient.date_of_birth,
        sex=patient.sex,
        address=_address(patient),
    )
    if coverage.relationship == "18":
        subscriber = patient_person
    else:
        subscriber = Person(
            last_name=coverage.subscriber_last_name or "",
            first_name=coverage.subscriber_first_name or "",
            date_of_birth=coverage.subscriber_date_of_birth,
            sex=coverage.subscriber_sex or "U",
            address=_address(patient),
        )
    facility = None
    if e.facility_id is not None:
        f = repo(uow, FacilityRow, practice_id).get(e.facility_id)
        facility = Party(last_name=f.name, is_person=False, npi=f.npi or "", address=_address(f))
    return Claim(
        patient_control_number=patient_control_number,
        kind=ClaimKind(e.claim_type),
        frequency_code=FrequencyCode.ORIGINAL,
        payer=PayerInfo(
            payer_id=payer.id,
            name=payer.name,
            payer_code=payer.payer_code,
            claim_filing_indicator=payer.claim_filing_indicator,
            timely_filing_days=payer.timely_filing_days,
            member_id_pattern=payer.member_id_pattern,
        ),
        payer_responsibility=CoverageOrder(coverage.order).sbr01,
        billing=Party(
            last_name=practice.name,
            is_person=False,
            npi=practice.billing_npi,
            taxonomy=practice.taxonomy_code or "",
            tax_id=practice.tin,
            address=_address(practice),
        ),
        subscriber=subscriber,
        member_id=coverage.member_id,
        group_number=coverage.group_number or "",
        relationship=coverage.relationship,
        patient=patient_person,
        place_of_service=e.place_of_service,
        diagnoses=tuple(d for d in e.diagnoses.split(",") if d),
        lines=tuple(
            ClaimLine(
                line_number=ln.line_number,
                code=ln.code,
                charge=ln.charge,
                units=plain(ln.units),
                service_date=ln.service_date,
                diagnosis_pointers=tuple(int(p) for p in ln.diagnosis_pointers.split(",") if p),
                modifiers=tuple(m for m in ln.modifiers.split(",") if m),
                ndc=ln.ndc,
                ndc_quantity=ln.ndc_quantity,
                ndc_unit=ln.ndc_unit or "UN",
                revenue_code=ln.revenue_code,
            )
            for ln in view.lines
        ),
        date_of_service=e.date_of_service,
        date_of_service_end=e.date_of_service_end,
        rendering=_provider(providers.get(e.rendering_provider_id)),
        referring=_provider(providers.get(e.referring_provider_id)) if e.referring_provider_id else None,
        supervising=_provider(providers.get(e.supervising_provider_id))
        if e.supervising_provider_id
        else None,
        service_facility=facility,
        prior_authorization=e.prior_authorization or "",
        referral_number=e.referral_number or "",
        related_causes=tuple(r for r in e.related_causes.split(",") if r),
        accident_state=e.accident_state or "",
        accident_date=e.accident_date,
        onset_date=e.onset_date,
        facility_bill=facility_bill(e, providers),
    )
