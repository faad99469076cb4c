"""Charge capture: encounters, their coded lines, and the rules that keep a charge billable.

Pure: no database, no web. ``validate_encounter`` raises ``FieldErrors`` naming every bad field
at once (``diagnoses.2``, ``lines.0.modifiers``...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from revcycle.charges.institutional import InstitutionalData, validate_institutional
from revcycle.kit.errors import FieldCollector, FieldErrors
from revcycle.kit.money import Money

MAX_DIAGNOSES = 12
MAX_MODIFIERS = 4
MAX_POINTERS = 4
MAX_LINES = 50

PROCEDURE_CODE = re.compile(r"^(?:\d{4}[0-9FTU]|[A-V]\d{4})$")
"""CPT (5 digits, or 4 digits and F/T/U: categories II, III, PLA) or HCPCS Level II (letter, 4 digits)."""
MODIFIER = re.compile(r"^[A-Z0-9]{2}$")
ICD10_CM = re.compile(r"^[A-TV-Z]\d[0-9A-Z]{1,5}$")
REVENUE_CODE = re.compile(r"^\d{4}$")
POS = re.compile(r"^\d{2}$")


class ClaimType(StrEnum):
    """Which claim form an encounter is billed on."""

    PROFESSIONAL = "professional"
    """CMS-1500 / 837P: physician and supplier services."""
    INSTITUTIONAL = "institutional"
    """UB-04 / 837I: hospital and facility services."""


class EncounterStatus(StrEnum):
    """Where an encounter is in billing."""

    OPEN = "open"
    """Captured, not billed yet: the next claim run bills it to the payer in force."""
    BILLED = "billed"
    """A claim was built from it for the primary payer; the claim carries its receivable."""
    SELF_PAY = "self_pay"
    """Billed to the patient: no coverage in force on the date of service, or the patient chose to
    pay. Its lines are on the patient's receivable; a claim may still be built (coverage found)."""
    VOIDED = "voided"
    """Captured in error: never billed; any self-pay charges are reversed."""


class RelatedCause(StrEnum):
    """Why a condition relates to an accident or employment (837P CLM11)."""

    AUTO_ACCIDENT = "AA"
    """Auto accident (the accident state is required)."""
    EMPLOYMENT = "EM"
    """Related to the patient's employment."""
    OTHER_ACCIDENT = "OA"
    """Another kind of accident."""


def normalise_diagnosis(code: str) -> str:
    """ICD-10-CM codes are stored and billed without the dot, upper-case (``E11.9`` -> ``E119``)."""
    return code.replace(".", "").strip().upper()


def normalise_ndc(ndc: str, *, field: str = "ndc") -> str:
    """An NDC in 11-digit 5-4-2 form; ``1234-5678-90`` style 10-digit forms are padded."""
    text = ndc.strip()
    parts = text.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        a, b, c = parts
        if (len(a), len(b), len(c)) in ((4, 4, 2), (5, 3, 2), (5, 4, 1), (5, 4, 2)):
            return a.zfill(5) + b.zfill(4) + c.zfill(2)
    if text.isdigit() and len(text) == 11:
        return text
    raise FieldErrors.single(field, "an NDC is 11 digits (5-4-2), or 10 digits with dashes")


def is_drug_code(code: str) -> bool:
    """HCPCS J-codes (drugs administered other than orally) are billed with an NDC."""
    return code.startswith("J")


@dataclass(frozen=True)
class ChargeLine:
    """One coded service: a procedure, its modifiers, units, the charge and what it treats."""

    code: str
    units: Decimal = Decimal(1)
    modifiers: tuple[str, ...] = ()
    charge: Money | None = None
    """``None``: priced from the practice's fee schedule."""
    diagnosis_pointers: tuple[int, ...] = (1,)
    service_date: date | None = None
    ndc: str | None = None
    ndc_quantity: Decimal | None = None
    ndc_unit: str = "UN"
    revenue_code: str | None = None


@dataclass(frozen=True)
class Encounter:
    """A visit or stay to bill: when, who, where, why (diagnoses) and what (lines)."""

    date_of_service: date
    place_of_service: str
    diagnoses: tuple[str, ...]
    lines: tuple[ChargeLine, ...]
    claim_type: ClaimType = ClaimType.PROFESSIONAL
    date_of_service_end: date | None = None
    prior_authorization: str | None = None
    referral_number: str | None = None
    related_causes: tuple[RelatedCause, ...] = ()
    accident_state: str | None = None
    accident_date: date | None = None
    onset_date: date | None = None
    """When the current illness or injury began (837P DTP*431, CMS-1500 box 14)."""
    institutional: InstitutionalData | None = None
    """Type of bill, admission, status and UB-04 codes; required on an institutional encounter."""
    notes: list[str] = field(default_factory=list)


def parse_units(value: object, *, field: str) -> Decimal:
    if isinstance(value, float):
        raise FieldErrors.single(field, "units are a decimal string or an integer, never a float")
    try:
        units = Decimal(str(value))
    except InvalidOperation:
        raise FieldErrors.single(field, f"{value!r} is not a number of units") from None
    if not units.is_finite() or units <= 0 or units > 9999:
        raise FieldErrors.single(field, "units must be more than 0 and at most 9999")
    return units


def validate_encounter(encounter: Encounter, *, today: date) -> None:
    """Every rule an encounter must pass before it is stored; all failures together."""
    c = FieldCollector()
    e = encounter
    if e.date_of_service > today:
        c.add("date_of_service", "the date of service cannot be in the future")
    if e.date_of_service_end is not None and e.date_of_service_end < e.date_of_service:
        c.add("date_of_service_end", "the last date of service is before the first")
    if not POS.fullmatch(e.place_of_service or ""):
        c.add("place_of_service", "place of service is a two-digit CMS code such as 11 (office)")
    if not e.diagnoses:
        c.add("diagnoses", "at least one diagnosis is required")
    if len(e.diagnoses) > MAX_DIAGNOSES:
        c.add("diagnoses", f"at most {MAX_DIAGNOSES} diagnoses fit on one claim")
    seen: set[str] = set()
    for i, code in enumerate(e.diagnoses):
        if not ICD10_CM.fullmatch(code):
            c.add(f"diagnoses.{i}", f"{code!r} is not an ICD-10-CM code (like E11.9)")
        elif code in seen:
            c.add(f"diagnoses.{i}", f"{code} is listed twice")
        seen.add(code)
    if RelatedCause.AUTO_ACCIDENT in e.related_causes and not e.accident_state:
        c.add("accident_state", "an auto accident needs the state where it happened")
    if e.accident_date is not None and e.accident_date > e.date_of_service:
        c.add("accident_date", "the accident cannot be after the date of service")
    if e.onset_date is not None and e.onset_date > e.date_of_service:
        c.add("onset_date", "the illness or injury cannot begin after the date of service")
    if not e.lines:
        c.add("lines", "at least one charge line is required")
    if len(e.lines) > MAX_LINES:
        c.add("lines", f"at most {MAX_LINES} lines fit on one professional claim")
    for i, line in enumerate(e.lines):
        _validate_line(line, i, e, c)
    if e.claim_type is ClaimType.INSTITUTIONAL:
        validate_institutional(
            e.institutional,
            c,
            first_day=e.date_of_service,
            last_day=e.date_of_service_end or e.date_of_service,
            today=today,
        )
    elif e.institutional is not None:
        c.add("institutional", "only an institutional encounter carries a type of bill")
    c.raise_if_any()


def _validate_line(line: ChargeLine, i: int, e: Encounter, c: FieldCollector) -> None:
    p = f"lines.{i}"
    if not PROCEDURE_CODE.fullmatch(line.code or ""):
        c.add(f"{p}.code", f"{line.code!r} is not a CPT or HCPCS code")
    if len(line.modifiers) > MAX_MODIFIERS:
        c.add(f"{p}.modifiers", f"at most {MAX_MODIFIERS} modifiers")
    for m in line.modifiers:
        if not MODIFIER.fullmatch(m):
            c.add(f"{p}.modifiers", f"{m!r} is not a modifier (two letters or digits)")
    if line.units <= 0:
        c.add(f"{p}.units", "units must be more than 0")
    if line.charge is not None and not line.charge.is_positive():
        c.add(f"{p}.charge", "a charge must be more than 0.00")
    if not line.diagnosis_pointers:
        c.add(f"{p}.diagnosis_pointers", "point to at least one diagnosis")
    if len(line.diagnosis_pointers) > MAX_POINTERS:
        c.add(f"{p}.diagnosis_pointers", f"at most {MAX_POINTERS} diagnosis pointers")
    for ptr in line.diagnosis_pointers:
        if not 1 <= ptr <= len(e.diagnoses):
            c.add(f"{p}.diagnosis_pointers", f"pointer {ptr} names no diagnosis (1 to {len(e.diagnoses)})")
    if len(set(line.diagnosis_pointers)) != len(line.diagnosis_pointers):
        c.add(f"{p}.diagnosis_pointers", "a diagnosis is pointed to twice")
    if line.service_date is not None:
        last = e.date_of_service_end or e.date_of_service
        if not e.date_of_service <= line.service_date <= last:
            c.add(f"{p}.service_date", "the line's date is outside the encounter's dates of service")
    if line.ndc is not None and (line.ndc_quantity is None or line.ndc_quantity <= 0):
        c.add(f"{p}.ndc_quantity", "an NDC needs the quantity of drug given")
    if e.claim_type is ClaimType.INSTITUTIONAL and not REVENUE_CODE.fullmatch(line.revenue_code or ""):
        c.add(f"{p}.revenue_code", "institutional lines need a four-digit revenue code")
