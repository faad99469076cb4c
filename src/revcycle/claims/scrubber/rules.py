"""Scrubber rules on required data, identifiers, filing limits, duplicates, totals and frequency."""

from __future__ import annotations

import re
from datetime import timedelta

from revcycle.claims.domain.model import (
    PCN_MAX,
    Claim,
    ClaimKind,
    FrequencyCode,
    Party,
    Person,
    PostalAddress,
)
from revcycle.claims.scrubber.context import ScrubContext, error, warning
from revcycle.kit.errors import FieldErrors
from revcycle.kit.findings import Finding
from revcycle.kit.ids import NPI

TAXONOMY = re.compile(r"^\d{3}[0-9A-Z]{6}X$")
PAYER_CODE = re.compile(r"^[A-Za-z0-9]{2,80}$")
MEMBER_ID = re.compile(r"^[A-Za-z0-9-]{2,80}$")
PCN = re.compile(r"^[A-Za-z0-9-]{1,20}$")
ZIP = re.compile(r"^\d{5}(\d{4})?$")


def _address_findings(rule: str, address: PostalAddress | None, where: str) -> list[Finding]:
    if address is None:
        return [error(rule, "the address is missing", f"{where}.address")]
    out = []
    for name in ("line1", "city", "state"):
        if not getattr(address, name).strip():
            out.append(
                error(rule, f"the address needs a {name.replace('1', ' 1')}", f"{where}.address.{name}")
            )
    if not ZIP.fullmatch(address.zip):
        out.append(error(rule, "the ZIP code must be 5 or 9 digits", f"{where}.address.zip"))
    return out


def billing_provider_complete(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """2010AA: name, NPI, TIN (REF*EI) and a street address (not a PO box)."""
    rule, b = "REQ-BILLING", claim.billing
    out = _address_findings(rule, b.address, "billing")
    if not b.last_name.strip():
        out.append(error(rule, "the billing provider needs a name", "billing.last_name"))
    if not re.fullmatch(r"\d{9}", b.tax_id):
        out.append(error(rule, "the billing provider needs its 9-digit tax ID (EIN)", "billing.tax_id"))
    if b.address is not None and len(b.address.zip) != 9:
        out.append(error(rule, "the billing provider ZIP must be ZIP+4 (9 digits)", "billing.address.zip"))
    if b.address is not None and re.match(r"^\s*P\.?\s*O\.?\s*BOX", b.address.line1, re.IGNORECASE):
        out.append(
            error(
                rule,
                "the billing provider address must be a street address, not a PO box",
                "billing.address.line1",
            )
        )
    return out


def _person_findings(rule: str, person: Person, where: str, need_address: bool) -> list[Finding]:
    out = []
    if not person.last_name.strip():
        out.append(error(rule, "the last name is missing", f"{where}.last_name"))
    if not person.first_name.strip():
        out.append(error(rule, "the first name is missing", f"{where}.first_name"))
    if person.date_of_birth is None:
        out.append(error(rule, "the date of birth is missing", f"{where}.date_of_birth"))
    if person.sex not in ("F", "M", "U"):
        out.append(error(rule, "sex must be F, M or U", f"{where}.sex"))
    if need_address:
        out.extend(_address_findings(rule, person.address, where))
    return out


def subscriber_complete(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """2010BA: name, date of birth, sex, address when the subscriber is the patient; 2000C patient."""
    out = _person_findings("REQ-SUBSCRIBER", claim.subscriber, "subscriber", claim.patient_is_subscriber)
    if not claim.patient_is_subscriber:
        out.extend(_person_findings("REQ-SUBSCRIBER", claim.patient, "patient", True))
    return out


def claim_complete(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """2300/2400: a patient control number, a diagnosis, lines, and each line's date and pointers."""
    rule, out = "REQ-CLAIM", []
    if not PCN.fullmatch(claim.patient_control_number) or len(claim.patient_control_number) > PCN_MAX:
        out.append(
            error(
                rule,
                "the patient control number is 1 to 20 letters, digits or dashes",
                "patient_control_number",
            )
        )
    if not claim.diagnoses:
        out.append(error(rule, "at least one diagnosis is required", "diagnoses"))
    if not claim.lines:
        out.append(error(rule, "at least one service line is required", "lines"))
    if not re.fullmatch(r"\d{2}", claim.place_of_service):
        out.append(error(rule, "place of service is a two-digit code", "place_of_service"))
    last = claim.last_date_of_service
    for i, line in enumerate(claim.lines):
        if not claim.date_of_service <= line.service_date <= last:
            out.append(
                error(
                    rule, "the line date is outside the claim's dates of service", f"lines.{i}.service_date"
                )
            )
        if line.units <= 0:
            out.append(error(rule, "units must be more than 0", f"lines.{i}.units"))
        bad = [p for p in line.diagnosis_pointers if not 1 <= p <= min(len(claim.diagnoses), 12)]
        if not line.diagnosis_pointers or bad or len(line.diagnosis_pointers) > 4:
            out.append(
                error(
                    rule,
                    "each line points to 1 to 4 of the claim's diagnoses",
                    f"lines.{i}.diagnosis_pointers",
                )
            )
        if claim.kind is ClaimKind.INSTITUTIONAL and not line.revenue_code:
            out.append(error(rule, "institutional lines need a revenue code", f"lines.{i}.revenue_code"))
    return out


def _npi_ok(npi: str) -> bool:
    try:
        NPI.parse(npi, field="npi")
    except FieldErrors:
        return False
    return True


def npi_valid(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """Every NPI on the claim has 10 digits and a valid check digit; billing and rendering have one."""
    rule, out = "NPI", []
    parties: tuple[tuple[str, Party | None, bool], ...] = (
        ("billing", claim.billing, True),
        ("rendering", claim.rendering, True),
        ("referring", claim.referring, True),
        ("supervising", claim.supervising, True),
        ("service_facility", claim.service_facility, False),
    )
    for where, party, required in parties:
        if party is None:
            continue
        if not party.npi:
            if required:
                out.append(error(rule, f"the {where.replace('_', ' ')} provider has no NPI", f"{where}.npi"))
        elif not _npi_ok(party.npi):
            out.append(
                error(
                    rule,
                    f"the {where.replace('_', ' ')} NPI {party.npi} fails its check digit",
                    f"{where}.npi",
                )
            )
    if claim.rendering is None and claim.kind is ClaimKind.PROFESSIONAL:
        out.append(error(rule, "a professional claim names its rendering provider", "rendering"))
    return out


def taxonomy_valid(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """Provider taxonomy codes are 10 characters (3 digits, 6 letters or digits, X)."""
    rule, out = "TAXONOMY", []
    for where, party in (("billing", claim.billing), ("rendering", claim.rendering)):
        if party is None or not party.taxonomy:
            continue
        if not TAXONOMY.fullmatch(party.taxonomy):
            out.append(
                error(
                    rule,
                    f"{party.taxonomy!r} is not a provider taxonomy code (like 207Q00000X)",
                    f"{where}.taxonomy",
                )
            )
    if claim.billing.taxonomy == "":
        out.append(
            warning(
                rule, "the billing provider has no taxonomy code; many payers need one", "billing.taxonomy"
            )
        )
    return out


def payer_id_valid(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """2010BB: the clearinghouse payer ID is 2-80 letters or digits."""
    if PAYER_CODE.fullmatch(claim.payer.payer_code):
        return []
    return [error("PAYER-ID", "the payer ID must be 2 to 80 letters or digits", "payer.payer_code")]


def member_id_valid(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """2010BA NM109: present, and in the payer's format when the payer has one."""
    mid = claim.member_id
    if not MEMBER_ID.fullmatch(mid):
        return [error("MEMBER-ID", "the member ID is 2 to 80 letters, digits or dashes", "member_id")]
    pattern = claim.payer.member_id_pattern
    if pattern and not re.fullmatch(pattern, mid):
        return [error("MEMBER-ID", f"the member ID does not have {claim.payer.name}'s format", "member_id")]
    return []


def timely_filing(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """The payer's filing limit, counted from the last date of service."""
    days = ctx.rules.timely_filing_days or claim.payer.timely_filing_days
    deadline = claim.last_date_of_service + timedelta(days=days)
    if ctx.today > deadline:
        return [
            error(
                "TIMELY-FILING",
                f"the {days}-day filing limit of {claim.payer.name} passed on {deadline.isoformat()}",
                "date_of_service",
            )
        ]
    if ctx.today > deadline - timedelta(days=ctx.rules.timely_filing_warning_days):
        return [
            warning(
                "TIMELY-FILING", f"the filing limit is {deadline.isoformat()}: send it now", "date_of_service"
            )
        ]
    return []


def duplicate(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """An original claim for the same patient, payer, date and codes as one already sent."""
    if claim.frequency_code is not FrequencyCode.ORIGINAL:
        return []
    if claim.duplicate_key() in ctx.billed_duplicate_keys:
        return [
            error(
                "DUPLICATE",
                "a claim for this patient, date and codes was already sent; send a corrected "
                "claim (frequency 7) instead",
                "lines",
            )
        ]
    return []


def totals(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """Every line charge is positive and the claim total (CLM02) is their sum and positive."""
    out = [
        error("TOTALS", "a line charge must be more than 0.00", f"lines.{i}.charge")
        for i, ln in enumerate(claim.lines)
        if not ln.charge.is_positive()
    ]
    if not claim.total_charge.is_positive():
        out.append(error("TOTALS", "the claim total must be more than 0.00", "total_charge"))
    return out


def frequency(claim: Claim, ctx: ScrubContext) -> list[Finding]:
    """Replacements and voids carry the payer's number of an adjudicated claim; originals do not."""
    rule, f = "FREQUENCY", claim.frequency_code
    if f.value not in ctx.rules.frequency_codes:
        return [
            error(
                rule,
                f"{claim.payer.name} does not accept frequency {f.value} electronically",
                "frequency_code",
            )
        ]
    if f is FrequencyCode.ORIGINAL:
        if claim.payer_claim_control_number:
            return [
                error(
                    rule,
                    "an original claim must not carry the payer's claim number (REF*F8)",
                    "payer_claim_control_number",
                )
            ]
        return []
    out = []
    if not claim.payer_claim_control_number:
        out.append(
            error(
                rule,
                f"frequency {f.value} needs the payer's claim control number of the original",
                "payer_claim_control_number",
            )
        )
    if not ctx.original_adjudicated:
        out.append(
            error(
                rule,
                f"frequency {f.value} replaces or voids a claim the payer accepted; the "
                "original was not accepted",
                "frequency_code",
            )
        )
    return out
