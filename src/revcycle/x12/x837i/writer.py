"""Write :class:`Institutional837` as X12 (005010X223A2)."""

from __future__ import annotations

from revcycle.x12.core.loops import write_raw
from revcycle.x12.core.writer import SegmentWriter, TransactionText, amount, date8, number, write_interchanges
from revcycle.x12.x837.claim import write_diagnoses, write_providers_2310, write_references
from revcycle.x12.x837.writer import (
    transaction_837,
    write_adjudications,
    write_drug,
    write_other_subscriber,
    write_service_date,
)
from revcycle.x12.x837i.models import Institutional837, InstitutionalClaim, InstitutionalService


def transaction_837i(model: Institutional837) -> TransactionText:
    return transaction_837(model, _write_claim)


def write_837i(model: Institutional837) -> str:
    return write_interchanges([transaction_837i(model)])


def _write_claim(w: SegmentWriter, c: InstitutionalClaim) -> None:
    start = len(w.segments)
    w.add(
        "CLM",
        c.patient_control_number,
        amount(c.total_claim_charge_amount),
        "",
        "",
        (c.facility_type_code, c.facility_code_qualifier, c.frequency_code),
        c.provider_signature,
        c.assignment,
        c.benefits_assignment,
        c.release_of_information,
    )
    if c.admission_date is not None:
        if c.admission_hour:
            w.add("DTP", "435", "DT", date8(c.admission_date) + c.admission_hour)
        else:
            w.add("DTP", "435", "D8", date8(c.admission_date))
    w.add("DTP", "434", "RD8", f"{date8(c.statement_from)}-{date8(c.statement_to)}")
    if c.admission_type or c.admission_source or c.patient_status:
        w.add("CL1", c.admission_type, c.admission_source, c.patient_status)
    write_references(w, c.prior_authorization, c.payer_claim_control_number)
    write_diagnoses(
        w,
        c.diagnosis_qualifier,
        c.diagnoses,
        institutional=True,
        admitting=c.admitting_diagnosis,
    )
    write_providers_2310(
        w,
        institutional=True,
        referring=c.referring_provider,
        rendering=c.rendering_provider,
        rendering_taxonomy="",
        facility=c.service_facility,
        facility_address=c.service_facility_address,
        attending=c.attending_provider,
        attending_taxonomy=c.attending_taxonomy,
    )
    write_raw(w, start, c.other_segments)
    for other in c.other_subscribers:
        write_other_subscriber(w, other)
    for service in c.services:
        _write_service(w, service)


def _write_service(w: SegmentWriter, s: InstitutionalService) -> None:
    start = len(w.segments)
    w.add("LX", str(s.line_number))
    procedure = (s.procedure_qualifier, s.procedure_code, *s.modifiers) if s.procedure_code else None
    w.add(
        "SV2",
        s.revenue_code,
        procedure,
        amount(s.charge_amount),
        s.unit_basis,
        number(s.units),
        number(s.unit_rate),
        amount(s.non_covered_charge_amount),
    )
    if s.service_date is not None:
        write_service_date(w, s.service_date, s.service_date_end)
    if s.line_item_control_number:
        w.add("REF", "6R", s.line_item_control_number)
    write_drug(w, s.drug)
    write_adjudications(w, s.adjudications)
    write_raw(w, start, s.other_segments)
