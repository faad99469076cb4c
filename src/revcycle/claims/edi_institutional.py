"""An institutional claim as an 837I claim loop (2300/2310/2400).

The type of bill, admission (DTP*435, CL1), discharge status and admitting diagnosis go in the
model's fields; value (HI*BE), occurrence (HI*BH) and condition (HI*BG) codes and the operating
physician (2310B NM1*72), which the model does not name, travel as kept segments at their guide
positions: after the diagnoses, and after the attending provider.
"""

from __future__ import annotations

from revcycle.claims.domain.model import Claim, FacilityBill, Party
from revcycle.kit.errors import FieldErrors
from revcycle.x12.core.common import Address, Name
from revcycle.x12.core.loops import RawSegment
from revcycle.x12.core.writer import amount
from revcycle.x12.x837.models import Drug
from revcycle.x12.x837i.models import InstitutionalClaim, InstitutionalService

CODES_PER_HI = 12


def _party(code: str, p: Party) -> Name:
    return Name(
        code,
        "1" if p.is_person else "2",
        p.last_name.upper().strip(),
        p.first_name.upper().strip() if p.is_person else "",
        id_qualifier="XX" if p.npi else "",
        identifier=p.npi,
    )


def _chunks(items: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [items[i : i + CODES_PER_HI] for i in range(0, len(items), CODES_PER_HI)]


def ub04_code_segments(bill: FacilityBill) -> list[tuple[str, ...]]:
    """HI*BH occurrence, HI*BE value and HI*BG condition codes, in the guide's order."""
    occurrence = tuple(f"BH:{o.code}:D8:{o.date.strftime('%Y%m%d')}" for o in bill.occurrence_codes)
    value = tuple(f"BE:{v.code}:::{amount(v.amount)}" for v in bill.value_codes)
    condition = tuple(f"BG:{c}" for c in bill.condition_codes)
    return [("HI", *chunk) for group in (occurrence, value, condition) for chunk in _chunks(group)]


def _kept_segments(claim: Claim, bill: FacilityBill, attending: Party | None) -> tuple[RawSegment, ...]:
    """The UB-04 code segments after the diagnoses, and NM1*72 after the attending provider."""
    index = 1 + (bill.admission_date is not None) + 1  # CLM, DTP*435, DTP*434
    index += bool(bill.admission_type or bill.admission_source or bill.patient_status)  # CL1
    index += bool(claim.prior_authorization) + bool(claim.payer_claim_control_number)  # REF*G1, F8
    index += 1 + bool(bill.admitting_diagnosis) + len(_chunks(claim.diagnoses[1:]))  # HI ABK, ABJ, ABF
    out: list[RawSegment] = []
    for segment in ub04_code_segments(bill):
        out.append(RawSegment(index, segment))
        index += 1
    if attending is not None:
        index += 1 + bool(attending.taxonomy)  # NM1*71, PRV*AT
    if bill.operating is not None:
        o = _party("72", bill.operating)
        out.append(
            RawSegment(index, ("NM1", "72", "1", o.last_name, o.first_name, "", "", "", "XX", o.identifier))
        )
    return tuple(out)


def institutional_claim(
    claim: Claim, facility: Name | None, facility_address: Address | None
) -> InstitutionalClaim:
    """``claim`` as an 837I claim; it must carry its facility bill (the scrubber checks it)."""
    bill = claim.facility_bill
    if bill is None:
        raise FieldErrors.single(
            "facility_bill",
            f"claim {claim.patient_control_number} is institutional but has no type of bill or "
            "patient status: capture them on the encounter and build the claim again",
        )
    attending = bill.attending or claim.rendering
    return InstitutionalClaim(
        patient_control_number=claim.patient_control_number,
        total_claim_charge_amount=claim.total_charge,
        facility_type_code=bill.facility_type_code,
        patient_status=bill.patient_status,
        admission_date=bill.admission_date,
        admission_hour=bill.admission_hour,
        admission_type=bill.admission_type,
        admission_source=bill.admission_source,
        admitting_diagnosis=bill.admitting_diagnosis,
        statement_from=claim.date_of_service,
        statement_to=claim.last_date_of_service,
        principal_diagnosis=claim.diagnoses[0],
        other_diagnoses=claim.diagnoses[1:],
        services=tuple(
            InstitutionalService(
                line_number=ln.line_number,
                revenue_code=ln.revenue_code or "",
                charge_amount=ln.charge,
                units=ln.units,
                procedure_code=ln.code,
                modifiers=ln.modifiers,
                service_date=ln.service_date,
                drug=Drug(ln.ndc, ln.ndc_quantity, ln.ndc_unit) if ln.ndc and ln.ndc_quantity else None,
            )
            for ln in claim.lines
        ),
        frequency_code=claim.frequency_code.value,
        payer_claim_control_number=claim.payer_claim_control_number,
        prior_authorization=claim.prior_authorization,
        attending_provider=_party("71", attending) if attending else None,
        attending_taxonomy=attending.taxonomy if attending else "",
        service_facility=facility,
        service_facility_address=facility_address,
        referring_provider=_party("DN", claim.referring) if claim.referring else None,
        other_segments=_kept_segments(claim, bill, attending),
    )
