"""Write :class:`Professional837` as X12 (005010X222A1)."""

from __future__ import annotations

from revcycle.x12.core.loops import write_raw
from revcycle.x12.core.writer import SegmentWriter, TransactionText, amount, number, write_interchanges
from revcycle.x12.x837.claim import write_diagnoses, write_providers_2310, write_references
from revcycle.x12.x837.writer import (
    transaction_837,
    write_adjudications,
    write_drug,
    write_other_subscriber,
    write_service_date,
)
from revcycle.x12.x837p.models import Professional837, ProfessionalClaim, ProfessionalService


def transaction_837p(model: Professional837) -> TransactionText:
    return transaction_837(model, _write_claim)


def write_837p(model: Professional837) -> str:
    return write_interchanges([transaction_837p(model)])


def _write_claim(w: SegmentWriter, c: ProfessionalClaim) -> None:
    start = len(w.segments)
    w.add(
        "CLM",
        c.patient_control_number,
        amount(c.total_claim_charge_amount),
        "",
        "",
        (c.place_of_service, c.facility_code_qualifier, c.frequency_code),
        c.provider_signature,
        c.assignment,
        c.benefits_assignment,
        c.release_of_information,
        c.patient_signature_source,
        c.related_causes or None,
    )
    write_references(w, c.prior_authorization, c.payer_claim_control_number)
    write_diagnoses(w, c.diagnosis_qualifier, c.diagnoses, institutional=False)
    write_providers_2310(
        w,
        institutional=False,
        referring=c.referring_provider,
        rendering=c.rendering_provider,
        rendering_taxonomy=c.rendering_taxonomy,
        facility=c.service_facility,
        facility_address=c.service_facility_address,
    )
    write_raw(w, start, c.other_segments)
    for other in c.other_subscribers:
        write_other_subscriber(w, other)
    for service in c.services:
        _write_service(w, service)


def _write_service(w: SegmentWriter, s: ProfessionalService) -> None:
    start = len(w.segments)
    w.add("LX", str(s.line_number))
    modifiers = list(s.modifiers)
    if s.description:
        modifiers = [*[*modifiers, "", "", "", ""][:4], s.description]
    w.add(
        "SV1",
        (s.procedure_qualifier, s.procedure_code, *modifiers),
        amount(s.charge_amount),
        s.unit_basis,
        number(s.units),
        s.place_of_service,
        "",
        tuple(str(p) for p in s.diagnosis_pointers),
        "",
        s.emergency_indicator,
    )
    write_service_date(w, s.service_date, s.service_date_end)
    if s.line_item_control_number:
        w.add("REF", "6R", s.line_item_control_number)
    write_drug(w, s.drug)
    write_adjudications(w, s.adjudications)
    write_raw(w, start, s.other_segments)
