"""Code sets by date of service: systems, entries, validity, release differences. Pure, no I/O.

A code is stored once per *version*: the span of dates of service (``valid_from`` ..
``valid_to``, both inclusive, ``valid_to`` open when ``None``) in which it had one meaning. A new
release closes the versions it changes or drops and opens new ones, so an old claim is still
checked against the code set of its own date of service.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from revcycle.kit.errors import FieldErrors


class CodeSystem(StrEnum):
    """The code systems revcycle stores."""

    ICD10CM = "ICD10CM"
    """ICD-10-CM diagnoses (CDC/CMS); billable = full-length leaf codes."""
    ICD10PCS = "ICD10PCS"
    """ICD-10-PCS inpatient procedures (837I)."""
    HCPCS = "HCPCS"
    """HCPCS Level II (CMS alpha-numeric codes A-V)."""
    CPT = "CPT"
    """CPT (HCPCS Level I, AMA-licensed; only a licensed file or our demo list is loaded)."""
    MODIFIER = "MODIFIER"
    """CPT and HCPCS Level II procedure modifiers."""
    POS = "POS"
    """CMS place of service codes (837P ``CLM05-1``)."""
    CARC = "CARC"
    """Claim adjustment reason codes (835 ``CAS``)."""
    RARC = "RARC"
    """Remittance advice remark codes (835 ``LQ*HE``)."""
    CAS_GROUP = "CAS_GROUP"
    """Claim adjustment group codes: CO, PR, OA, PI, CR."""
    TAXONOMY = "TAXONOMY"
    """NUCC health care provider taxonomy."""

    @classmethod
    def parse(cls, text: str, *, field: str = "system") -> CodeSystem:
        key = re.sub(r"[\s.\-_]", "", (text or "").upper())
        aliases = {"ICD10": "ICD10CM", "ICD": "ICD10CM", "PCS": "ICD10PCS", "MOD": "MODIFIER"}
        key = aliases.get(key, key)
        for member in cls:
            if member.value.replace("_", "") == key:
                return member
        names = ", ".join(m.value for m in cls)
        raise FieldErrors.single(field, f"{text!r} is not a code system (one of {names})")


LOOKUP_ORDER: tuple[CodeSystem, ...] = (
    CodeSystem.ICD10CM,
    CodeSystem.CPT,
    CodeSystem.HCPCS,
    CodeSystem.ICD10PCS,
    CodeSystem.MODIFIER,
    CodeSystem.POS,
    CodeSystem.CAS_GROUP,
    CodeSystem.CARC,
    CodeSystem.RARC,
    CodeSystem.TAXONOMY,
)
"""Which system a bare code is looked up in first when the caller names none."""

_CODE = re.compile(r"^[A-Z0-9]{1,10}$")


def normalize_code(system: CodeSystem, text: str, *, field: str = "code") -> str:
    """The stored form of a code: upper case, no spaces, ICD-10 without the dot (``E11.9`` -> ``E119``)."""
    value = (text or "").strip().upper()
    if system in (CodeSystem.ICD10CM, CodeSystem.ICD10PCS):
        value = value.replace(".", "")
    if not _CODE.match(value):
        raise FieldErrors.single(field, f"{text!r} is not a {system.value} code (letters and digits only)")
    return value


def display_code(system: CodeSystem, code: str) -> str:
    """The form people read: ICD-10-CM with its dot after the category (``E119`` -> ``E11.9``)."""
    if system is CodeSystem.ICD10CM and len(code) > 3:
        return f"{code[:3]}.{code[3:]}"
    return code


@dataclass(frozen=True)
class CodeEntry:
    """One code as a release states it. ``attributes`` holds the system's extra facts (notes,
    excludes1, indicators); it compares by value so a release diff sees changed notes."""

    system: CodeSystem
    code: str
    description: str
    billable: bool = True
    short_description: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def same_meaning(self, other: CodeEntry) -> bool:
        """True when a new release says the same thing about this code (dates aside)."""
        return (
            self.description == other.description
            and self.billable == other.billable
            and (self.short_description or None) == (other.short_description or None)
            and dict(self.attributes) == dict(other.attributes)
        )


def is_valid_on(valid_from: date, valid_to: date | None, day: date) -> bool:
    """Is a version in force on ``day`` (both ends inclusive)?"""
    return valid_from <= day and (valid_to is None or day <= valid_to)


@dataclass(frozen=True)
class CodeVersion:
    """A stored version of a code, as lookups return it."""

    system: CodeSystem
    code: str
    description: str
    billable: bool
    valid_from: date
    valid_to: date | None
    short_description: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def valid_on(self, day: date) -> bool:
        return is_valid_on(self.valid_from, self.valid_to, day)

    @property
    def display(self) -> str:
        return display_code(self.system, self.code)


@dataclass(frozen=True)
class ReleaseDiff:
    """What a new release does to the stored code set."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    terminated: tuple[str, ...]
    unchanged: int

    def summary(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "terminated": len(self.terminated),
            "unchanged": self.unchanged,
        }


def diff_release(
    current: Mapping[str, CodeEntry], incoming: Mapping[str, CodeEntry], effective: date
) -> ReleaseDiff:
    """Compare the versions in force before ``effective`` with a new release.

    An incoming entry whose own ``valid_to`` is before ``effective`` (a file that lists codes it
    terminated, like HCPCS) counts as absent.
    """
    live = {c: e for c, e in incoming.items() if e.valid_to is None or e.valid_to >= effective}
    added = sorted(c for c in live if c not in current)
    terminated = sorted(c for c in current if c not in live)
    changed = sorted(c for c in live if c in current and not live[c].same_meaning(current[c]))
    unchanged = sum(1 for c in live if c in current) - len(changed)
    return ReleaseDiff(tuple(added), tuple(changed), tuple(terminated), unchanged)


# -- code references inside notes ("type 1 diabetes mellitus (E10.-)", "(O10-O11, O13-O16)") ----------

_ONE = r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?"
_REF = re.compile(rf"\b({_ONE})(?:\s*-\s*({_ONE})|\.?-)?")


@dataclass(frozen=True, slots=True)
class CodeRange:
    """A range of ICD-10-CM codes cited in a note, compared by prefix (``E10``, ``O10``-``O11``)."""

    start: str
    end: str

    def covers(self, code: str) -> bool:
        head = code[: len(self.start)]
        return self.start <= head <= self.end[: len(self.start)] or code.startswith(self.end)

    def __str__(self) -> str:
        return self.start if self.start == self.end else f"{self.start}-{self.end}"


def code_ranges(notes: Sequence[str]) -> tuple[CodeRange, ...]:
    """Every code or code range cited in parentheses within ``notes`` (undotted)."""
    ranges: list[CodeRange] = []
    for note in notes:
        for group in re.findall(r"\(([^()]*)\)", note):
            for match in _REF.finditer(group):
                start = match.group(1).replace(".", "")
                end = (match.group(2) or match.group(1)).replace(".", "")
                ranges.append(CodeRange(start, end))
    return tuple(dict.fromkeys(ranges))


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on ``day``."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


# -- coding edits reference data (NCCI PTP, MUE, Medicare Code Editor) ---------------------------------


class ModifierIndicator(StrEnum):
    """NCCI PTP modifier indicator."""

    NOT_ALLOWED = "0"
    """No modifier lets column 2 be paid with column 1."""
    ALLOWED = "1"
    """An NCCI-associated modifier (59, XE, XS, XP, XU, LT/RT...) may bypass the edit when appropriate."""
    NOT_APPLICABLE = "9"
    """The edit was deleted retroactively; it does not apply."""


PTP_BYPASS_MODIFIERS: frozenset[str] = frozenset(
    {"59", "XE", "XS", "XP", "XU", "24", "25", "57", "58", "78", "79", "91"}
    | {"E1", "E2", "E3", "E4", "FA", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9"}
    | {"LT", "RT", "LC", "LD", "LM", "RC", "RI", "TA", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9"}
    | {"27"}
)
"""NCCI-associated modifiers that may bypass a PTP edit whose modifier indicator is 1."""


@dataclass(frozen=True, slots=True)
class PtpEdit:
    """An NCCI procedure-to-procedure edit: column 2 is not paid with column 1, same patient and day."""

    column1: str
    column2: str
    effective_date: date
    deletion_date: date | None
    modifier_indicator: ModifierIndicator
    rationale: str | None = None

    def in_force_on(self, day: date) -> bool:
        return (
            self.modifier_indicator is not ModifierIndicator.NOT_APPLICABLE
            and self.effective_date <= day
            and (self.deletion_date is None or day <= self.deletion_date)
        )


@dataclass(frozen=True, slots=True)
class MueEdit:
    """A medically unlikely edit: most units of ``code`` per line (indicator 1) or per day (2, 3)."""

    code: str
    max_units: int
    adjudication_indicator: str
    rationale: str | None = None
    valid_from: date = date(2000, 1, 1)
    valid_to: date | None = None


class DxEditKind(StrEnum):
    """Medicare Code Editor diagnosis edits revcycle applies."""

    NEWBORN = "Newborn_Only"
    """Perinatal/newborn diagnoses: age 0."""
    PEDIATRIC = "Pediatric_Only"
    """Pediatric diagnoses: age 0 through 17."""
    MATERNITY = "Maternity_Only"
    """Maternity diagnoses: age 12 through 55."""
    ADULT = "Adult_Only"
    """Adult diagnoses: age 15 through 124."""
    FEMALE = "Female_Only"
    """Diagnoses for females only."""
    MALE = "Male_Only"
    """Diagnoses for males only."""
    MANIFESTATION = "Principal_Manifestation"
    """Manifestation codes: never the first-listed diagnosis."""


AGE_RANGES: Mapping[DxEditKind, tuple[int, int]] = {
    DxEditKind.NEWBORN: (0, 0),
    DxEditKind.PEDIATRIC: (0, 17),
    DxEditKind.MATERNITY: (12, 55),
    DxEditKind.ADULT: (15, 124),
}
"""Inclusive age ranges of the MCE age edits."""


@dataclass(frozen=True, slots=True)
class DxEdit:
    """One diagnosis code under one MCE edit."""

    code: str
    kind: DxEditKind
