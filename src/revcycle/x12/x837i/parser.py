"""Read an 837I transaction set into :class:`Institutional837`."""

from __future__ import annotations

from decimal import Decimal

from revcycle.x12.core import loops
from revcycle.x12.core.envelope import RawTransaction
from revcycle.x12.core.loops import Cursor
from revcycle.x12.core.segment import Segment
from revcycle.x12.x837.claim import read_claim_loops
from revcycle.x12.x837.reader import read_line, read_transaction, trimmed
from revcycle.x12.x837i.models import Institutional837, InstitutionalClaim, InstitutionalService


def parse_837i(raw: RawTransaction) -> Institutional837:
    header, providers = read_transaction(raw, _read_claim)
    return Institutional837(raw.envelope, header, providers, raw.implementation_guide)


def _read_claim(cur: Cursor) -> InstitutionalClaim:
    parts, others, services = read_claim_loops(cur, _read_service, institutional=True)
    clm = parts.clm
    facility = cur.components(clm.get(5))
    statement = parts.dates.get("434")
    if statement is None:
        raise loops.error("an 837I claim needs the statement dates DTP*434", clm)
    start, end = loops.period(statement, 2)
    admission = parts.dates.get("435")
    admission_date = None
    admission_hour = ""
    if admission is not None:
        text = admission.get(3)
        if admission.get(2) == "DT" and len(text) == 12:
            admission_hour = text[8:]
            admission = Segment(
                [admission.id, admission.get(1), "D8", text[:8]], admission.position, admission.line
            )
        admission_date = loops.date(admission, 3)
    cl1 = parts.cl1
    return InstitutionalClaim(
        patient_control_number=clm.get(1),
        total_claim_charge_amount=loops.money(clm, 2),
        facility_type_code=facility[0] if facility else "",
        facility_code_qualifier=facility[1] if len(facility) > 1 else "",
        frequency_code=facility[2] if len(facility) > 2 else "",
        provider_signature=clm.get(6),
        assignment=clm.get(7),
        benefits_assignment=clm.get(8),
        release_of_information=clm.get(9),
        statement_from=start,
        statement_to=end or start,
        admission_date=admission_date,
        admission_hour=admission_hour,
        admission_type=cl1.get(1) if cl1 else "",
        admission_source=cl1.get(2) if cl1 else "",
        patient_status=cl1.get(3) if cl1 else "",
        payer_claim_control_number=parts.payer_claim_control_number,
        prior_authorization=parts.prior_authorization,
        diagnosis_qualifier=parts.diagnosis_qualifier,
        principal_diagnosis=parts.principal,
        admitting_diagnosis=parts.admitting,
        other_diagnoses=tuple(parts.others),
        attending_provider=parts.attending,
        attending_taxonomy=parts.attending_taxonomy,
        rendering_provider=parts.rendering,
        service_facility=parts.facility,
        service_facility_address=parts.facility_address,
        referring_provider=parts.referring,
        other_subscribers=others,
        services=services,
        other_segments=tuple(parts.extras),
    )


def _read_service(cur: Cursor) -> InstitutionalService:
    parts = read_line(cur, "SV2")
    sv2 = parts.service
    assert sv2 is not None
    procedure = cur.components(sv2.get(2))
    if procedure and len(procedure) < 2:
        raise loops.error("SV202 needs a qualifier and a procedure code (HC:85025)", sv2, 2)
    start, end = loops.period(parts.service_date, 2) if parts.service_date is not None else (None, None)
    return InstitutionalService(
        line_number=parts.line_number,
        revenue_code=sv2.get(1),
        # without SV202 the qualifier is not written, so read the model's default back
        procedure_qualifier=procedure[0] if procedure else "HC",
        procedure_code=procedure[1] if procedure else "",
        modifiers=trimmed(procedure[2:6]),
        charge_amount=loops.money(sv2, 3),
        unit_basis=sv2.get(4),
        units=loops.decimal(sv2, 5) or Decimal(0),
        unit_rate=loops.decimal(sv2, 6),
        non_covered_charge_amount=loops.opt_money(sv2, 7),
        service_date=start,
        service_date_end=end,
        line_item_control_number=parts.line_item_control_number,
        drug=parts.drug,
        adjudications=tuple(parts.adjudications),
        other_segments=tuple(parts.extras),
    )
