"""FHIR code systems and values, as billing reads them: which coding of a concept to keep, dates,
amounts. Pure."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from revcycle.imports.fhir.resources import CodeableConcept, FhirMoney
from revcycle.imports.model import Code, CodeSystem, diagnosis_system, procedure_system
from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money

SYSTEMS: dict[str, CodeSystem] = {
    "http://hl7.org/fhir/sid/icd-10-cm": CodeSystem.ICD10CM,
    "urn:oid:2.16.840.1.113883.6.90": CodeSystem.ICD10CM,
    "http://www.ama-assn.org/go/cpt": CodeSystem.CPT,
    "urn:oid:2.16.840.1.113883.6.12": CodeSystem.CPT,
    "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets": CodeSystem.HCPCS,
    "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets": CodeSystem.HCPCS,
    "urn:oid:2.16.840.1.113883.6.285": CodeSystem.HCPCS,
    "http://snomed.info/sct": CodeSystem.SNOMED,
    "urn:oid:2.16.840.1.113883.6.96": CodeSystem.SNOMED,
    "http://loinc.org": CodeSystem.LOINC,
    "urn:oid:2.16.840.1.113883.6.1": CodeSystem.LOINC,
    "http://hl7.org/fhir/sid/icd-10": CodeSystem.ICD10,
    "http://hl7.org/fhir/sid/icd-9-cm": CodeSystem.ICD9CM,
}
"""Code systems revcycle recognises. Any other system, with no recognised coding beside it, is an error."""

POS_SYSTEM = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"
NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?$")


def pick_code(concept: CodeableConcept, *, field: str, procedure: bool) -> Code:
    """The coding to bill by: a billing system first, then another known one, then one without a
    system (judged by its shape). An unknown system with nothing better beside it is an error."""
    wanted = (CodeSystem.CPT, CodeSystem.HCPCS) if procedure else (CodeSystem.ICD10CM,)
    known: list[Code] = []
    unknown: list[tuple[int, str]] = []
    for i, coding in enumerate(concept.coding):
        if not coding.code:
            continue
        text, display = coding.code.strip(), coding.display or ""
        if coding.system is None:
            shape = procedure_system(text.upper()) if procedure else diagnosis_system(text.upper())
            known.append(Code(shape, text, display))
        elif coding.system in SYSTEMS:
            known.append(Code(SYSTEMS[coding.system], text, display))
        else:
            unknown.append((i, coding.system))
    for code in known:
        if code.system in wanted:
            return code
    if known:
        return known[0]
    if unknown:
        i, system = unknown[0]
        raise FieldErrors.single(f"{field}.coding[{i}].system", f"unknown code system {system!r}")
    raise FieldErrors.single(field, "no code is given")


def place_of_service(concept: CodeableConcept | None) -> str | None:
    for coding in concept.coding if concept else ():
        if coding.system == POS_SYSTEM and coding.code:
            return coding.code
    return None


def fhir_date(text: str | None, *, field: str, required: bool = False) -> date | None:
    """A FHIR ``date`` or the date part of a ``dateTime``; a partial date (``2014-08``) is not enough."""
    if text is None or text == "":
        if required:
            raise FieldErrors.single(field, "a date is required")
        return None
    match = _DATE.fullmatch(text.strip())
    if match is None:
        raise FieldErrors.single(field, f"{text!r} is not a FHIR date (YYYY-MM-DD)")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise FieldErrors.single(field, f"{text!r} is not a real date") from None


def fhir_money(amount: FhirMoney | None, *, field: str) -> Money | None:
    """A FHIR Money in US dollars; its value was read as a Decimal, never as a float."""
    if amount is None or amount.value is None:
        return None
    if amount.currency not in (None, "USD"):
        raise FieldErrors.single(f"{field}.currency", f"only USD amounts are billed, not {amount.currency}")
    value = Decimal(amount.value)
    if value != value.quantize(Decimal("0.01")):
        raise FieldErrors.single(f"{field}.value", f"{value} has more than two decimal places")
    return Money(value.quantize(Decimal("0.01")))


def quantity(value: Decimal | None) -> Decimal:
    return Decimal(1) if value is None else Decimal(value)
