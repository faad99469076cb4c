"""REQ-INSTITUTIONAL: what an 837I needs beyond a professional claim, each field named."""

from __future__ import annotations

import re

from revcycle.claims.domain.model import Claim, ClaimKind
from revcycle.claims.scrubber.context import ScrubContext, error
from revcycle.kit.findings import Finding

RULE = "REQ-INSTITUTIONAL"
TYPE_OF_BILL = re.compile(r"^[1-8][1-9][0-9A-Z]$")
PATIENT_STATUS = re.compile(r"^\d{2}$")
REVENUE_CODE = re.compile(r"^\d{4}$")


def institutional_complete(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """Type of bill, patient status, attending provider, revenue codes with HCPCS on outpatient
    lines; on inpatient bills the admission date, type and source and the admitting diagnosis."""
    if claim.kind is not ClaimKind.INSTITUTIONAL:
        return []
    bill = claim.facility_bill
    if bill is None:
        return [
            error(RULE, "an institutional claim needs its type of bill and patient status", "facility_bill")
        ]
    out: list[Finding] = []
    if not TYPE_OF_BILL.fullmatch(bill.type_of_bill):
        out.append(
            error(RULE, "the type of bill is three characters, such as 131", "facility_bill.type_of_bill")
        )
    if not PATIENT_STATUS.fullmatch(bill.patient_status):
        out.append(error(RULE, "the patient status is a two-digit code", "facility_bill.patient_status"))
    attending = bill.attending or claim.rendering
    if attending is None or not attending.npi:
        out.append(error(RULE, "an 837I needs the attending provider's NPI", "facility_bill.attending"))
    if bill.is_inpatient:
        for name in ("admission_date", "admission_type", "admission_source", "admitting_diagnosis"):
            if not getattr(bill, name):
                out.append(
                    error(
                        RULE, f"an inpatient bill needs the {name.replace('_', ' ')}", f"facility_bill.{name}"
                    )
                )
    for i, line in enumerate(claim.lines):
        if not REVENUE_CODE.fullmatch(line.revenue_code or ""):
            out.append(error(RULE, "each line needs a four-digit revenue code", f"lines.{i}.revenue_code"))
        if not bill.is_inpatient and not line.code:
            out.append(error(RULE, "outpatient lines need a HCPCS or CPT code", f"lines.{i}.code"))
    return out
