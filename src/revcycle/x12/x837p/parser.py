"""Read an 837P transaction set into :class:`Professional837`."""

from __future__ import annotations

from decimal import Decimal

from revcycle.x12.core import loops
from revcycle.x12.core.envelope import RawTransaction
from revcycle.x12.core.loops import Cursor
from revcycle.x12.x837.claim import read_claim_loops
from revcycle.x12.x837.reader import read_line, read_transaction, trimmed
from revcycle.x12.x837p.models import Professional837, ProfessionalClaim, ProfessionalService


def parse_837p(raw: RawTransaction) -> Professional837:
    header, providers = read_transaction(raw, _read_claim)
    return Professional837(raw.envelope, header, providers, raw.implementation_guide)


def _read_claim(cur: Cursor) -> ProfessionalClaim:
    parts, others, services = read_claim_loops(cur, _read_service, institutional=False)
    clm = parts.clm
    facility = cur.components(clm.get(5))
    return ProfessionalClaim(
        patient_control_number=clm.get(1),
        total_claim_charge_amount=loops.money(clm, 2),
        place_of_service=facility[0] if facility else "",
        facility_code_qualifier=facility[1] if len(facility) > 1 else "",
        frequency_code=facility[2] if len(facility) > 2 else "",
        provider_signature=clm.get(6),
        assignment=clm.get(7),
        benefits_assignment=clm.get(8),
        release_of_information=clm.get(9),
        patient_signature_source=clm.get(10),
        related_causes=trimmed(cur.components(clm.get(11))),
        payer_claim_control_number=parts.payer_claim_control_number,
        prior_authorization=parts.prior_authorization,
        diagnosis_qualifier=parts.diagnosis_qualifier,
        diagnoses=(parts.principal, *parts.others),
        referring_provider=parts.referring,
        rendering_provider=parts.rendering,
        rendering_taxonomy=parts.rendering_taxonomy,
        service_facility=parts.facility,
        service_facility_address=parts.facility_address,
        other_subscribers=others,
        services=services,
        other_segments=tuple(parts.extras),
    )


def _read_service(cur: Cursor) -> ProfessionalService:
    parts = read_line(cur, "SV1")
    sv1 = parts.service
    assert sv1 is not None
    procedure = cur.components(sv1.get(1))
    if len(procedure) < 2:
        raise loops.error("SV101 needs a qualifier and a procedure code (HC:99213)", sv1, 1)
    pointers = []
    for p in cur.components(sv1.get(7)):
        if not p.isdigit():
            raise loops.error(f"diagnosis pointer {p!r} is not a number 1-12", sv1, 7)
        pointers.append(int(p))
    if parts.service_date is None:
        raise loops.error("an 837P service line needs DTP*472 (date of service)", sv1)
    start, end = loops.period(parts.service_date, 2)
    return ProfessionalService(
        line_number=parts.line_number,
        procedure_qualifier=procedure[0],
        procedure_code=procedure[1],
        modifiers=trimmed(procedure[2:6]),
        description=procedure[6] if len(procedure) > 6 else "",
        charge_amount=loops.money(sv1, 2),
        unit_basis=sv1.get(3),
        units=loops.decimal(sv1, 4) or Decimal(0),
        place_of_service=sv1.get(5),
        diagnosis_pointers=tuple(pointers),
        emergency_indicator=sv1.get(9),
        service_date=start,
        service_date_end=end,
        line_item_control_number=parts.line_item_control_number,
        drug=parts.drug,
        adjudications=tuple(parts.adjudications),
        other_segments=tuple(parts.extras),
    )
