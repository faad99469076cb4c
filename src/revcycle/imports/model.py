"""What every importer produces: neutral records, coded values and per-record errors.

Pure: no database. A reader (FHIR, HL7 v2, CSV) turns a file into ``Record``s whose values are in
the shape the intake and charges services take; references to other records are ``Ref``s that
the import service resolves to local ids (from the same file, or from an earlier import of the
same source). A record that cannot be read becomes a ``RecordError`` naming the resource, its id
and the field, and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from revcycle.kit.money import Money


class Kind(StrEnum):
    """What a record becomes in revcycle (and the kind column of the external-id map)."""

    PAYER = "payer"
    """An insurer (intake payer)."""
    PROVIDER = "provider"
    """A rendering, referring or billing provider with an NPI (intake provider)."""
    PATIENT = "patient"
    """A patient (intake patient)."""
    COVERAGE = "coverage"
    """A patient's insurance (intake coverage)."""
    ENCOUNTER = "encounter"
    """A visit with its charge lines (charges encounter), or a coding-queue item."""


ORDER = (Kind.PAYER, Kind.PROVIDER, Kind.PATIENT, Kind.COVERAGE, Kind.ENCOUNTER)
"""Records are written in this order, so references point backwards."""


class CodeSystem(StrEnum):
    """Where a code comes from, as far as billing cares."""

    ICD10CM = "ICD-10-CM"
    """US diagnoses: billable."""
    CPT = "CPT"
    """AMA procedures: billable."""
    HCPCS = "HCPCS"
    """CMS Level II procedures and supplies: billable."""
    SNOMED = "SNOMED CT"
    """Clinical terms: kept, a coder picks the billing code."""
    LOINC = "LOINC"
    """Laboratory and clinical observations: kept, a coder picks the billing code."""
    ICD10 = "ICD-10"
    """WHO ICD-10 (not the US clinical modification): kept for a coder."""
    ICD9CM = "ICD-9-CM"
    """Retired US codes: kept for a coder."""
    UNSPECIFIED = "unspecified"
    """No system given and the code has no billing shape: kept for a coder."""

    @property
    def billable(self) -> bool:
        return self in (CodeSystem.ICD10CM, CodeSystem.CPT, CodeSystem.HCPCS)


_CPT = re.compile(r"^\d{4}[0-9FTU]$")
_HCPCS = re.compile(r"^[A-V]\d{4}$")
_ICD10CM = re.compile(r"^[A-TV-Z]\d[0-9A-Z]{1,5}$")


def procedure_system(code: str) -> CodeSystem:
    """A procedure code without a stated system, by its shape: CPT, HCPCS or unspecified."""
    if _CPT.fullmatch(code):
        return CodeSystem.CPT
    if _HCPCS.fullmatch(code):
        return CodeSystem.HCPCS
    return CodeSystem.UNSPECIFIED


def diagnosis_system(code: str) -> CodeSystem:
    """A diagnosis code without a stated system, by its shape (dots ignored)."""
    return CodeSystem.ICD10CM if _ICD10CM.fullmatch(code.replace(".", "")) else CodeSystem.UNSPECIFIED


@dataclass(frozen=True)
class Code:
    """A code as the source system sent it."""

    system: CodeSystem
    code: str
    display: str = ""

    @property
    def billing_form(self) -> str:
        """The form revcycle stores: upper case, ICD-10-CM without the dot."""
        text = self.code.strip().upper()
        return text.replace(".", "") if self.system is CodeSystem.ICD10CM else text

    def to_json(self) -> dict[str, str]:
        return {"system": self.system.value, "code": self.code, "display": self.display}


@dataclass(frozen=True)
class LineData:
    """One charge line as imported (a procedure code that may still need coding)."""

    code: Code
    units: Decimal = Decimal(1)
    modifiers: tuple[str, ...] = ()
    charge: Money | None = None
    service_date: date | None = None
    diagnosis_pointers: tuple[int, ...] = (1,)
    ndc: str | None = None
    ndc_quantity: Decimal | None = None


@dataclass(frozen=True)
class Ref:
    """A reference to another record: its kind and its key in the source (``Patient/123``)."""

    kind: Kind
    key: str


@dataclass
class Record:
    """One thing to write, with where it came from (for errors and the external-id map)."""

    kind: Kind
    key: str
    """The record's identity in the source system; the external id."""
    resource: str
    """The source's name for it: ``Patient``, ``Claim``, ``PID``, ``row 7``..."""
    ident: str
    """The id to show in an error (the resource id, a message control id, a row number)."""
    values: dict[str, Any] = field(default_factory=dict)
    refs: dict[str, Ref] = field(default_factory=dict)
    """Value name (``patient_id``) -> the record it must point to."""
    diagnoses: list[Code] = field(default_factory=list)
    lines: list[LineData] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    """Other source resources folded into this record (the ChargeItems of an Encounter)."""

    def needs_coding(self) -> list[str]:
        """Why a coder must look at this encounter before it can be billed (empty: billable)."""
        reasons = [
            f"diagnosis {d.code} is {d.system.value}, not ICD-10-CM"
            for d in self.diagnoses
            if d.system is not CodeSystem.ICD10CM
        ]
        reasons += [
            f"line {i} code {ln.code.code} is {ln.code.system.value}, not CPT or HCPCS"
            for i, ln in enumerate(self.lines, start=1)
            if ln.code.system not in (CodeSystem.CPT, CodeSystem.HCPCS)
        ]
        if not self.diagnoses:
            reasons.append("no diagnosis")
        if not self.lines:
            reasons.append("no charge lines")
        return reasons


@dataclass(frozen=True)
class RecordError:
    """A record that was not imported, and why."""

    resource: str
    ident: str
    field: str
    message: str

    def to_json(self) -> dict[str, str]:
        text = f"{self.field}: {self.message}" if self.field else self.message
        return {"resource": self.resource, "id": self.ident, "field": self.field, "message": text}


@dataclass
class Parsed:
    """What a reader made of a file: records to write and records it could not read."""

    records: list[Record] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    ignored: int = 0
    """Resources the reader understood but that carry nothing to import (an Account, a Bundle...)."""
