"""What the coding edits look at: the encounter's codes, and a context of reference data.

The service gathers the context (the versions of each code involved, NCCI, MUE and MCE edits)
so the rules themselves stay pure and are tested without a database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from revcycle.codes.domain import CodeSystem, CodeVersion, DxEditKind, MueEdit, PtpEdit
from revcycle.kit.findings import Finding, Severity

EM_CODES = re.compile(r"^99(2\d\d|3\d\d|4[0-9]\d)$")
"""Evaluation and management codes (99202-99499)."""
SURGERY_CODES = re.compile(r"^[1-6]\d{4}$")
"""CPT surgery section (10004-69990): procedures with a global period."""
LAB_CODES = re.compile(r"^8\d{4}$|^G0\d{3}$")


def procedure_system(code: str) -> CodeSystem:
    """CPT (5 digits, or 4 digits and F/T/U) or HCPCS Level II (a letter and 4 digits)."""
    return CodeSystem.HCPCS if code[:1].isalpha() else CodeSystem.CPT


def is_em(code: str) -> bool:
    return bool(EM_CODES.match(code))


@dataclass(frozen=True)
class ServiceLine:
    """One procedure line: code, up to 4 modifiers, units, and 1-based pointers into the diagnoses."""

    code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    dx_pointers: tuple[int, ...] = (1,)


@dataclass(frozen=True)
class EncounterCodes:
    """The codes of one encounter: ICD-10-CM diagnoses (undotted, first-listed first) and lines."""

    diagnoses: tuple[str, ...]
    lines: tuple[ServiceLine, ...] = ()


@dataclass(frozen=True)
class CodingContext:
    """Reference data for one encounter, fetched before the rules run."""

    date_of_service: date
    sex: str | None = None
    age: int | None = None
    versions: Mapping[tuple[CodeSystem, str], Sequence[CodeVersion]] = field(default_factory=dict)
    ptp_edits: Sequence[PtpEdit] = ()
    mue: Mapping[str, MueEdit] = field(default_factory=dict)
    dx_edits: Mapping[str, frozenset[DxEditKind] | set[DxEditKind]] = field(default_factory=dict)

    def all_versions(self, system: CodeSystem, code: str) -> Sequence[CodeVersion]:
        return self.versions.get((system, code), ())

    def version(self, system: CodeSystem, code: str) -> CodeVersion | None:
        """The version of ``code`` in force on the date of service, if any."""
        for version in self.all_versions(system, code):
            if version.valid_on(self.date_of_service):
                return version
        return None


Check = Callable[[EncounterCodes, CodingContext], list[Finding]]


@dataclass(frozen=True)
class CodingRule:
    """A registered coding edit: id, the severity of its findings, what it checks, and the check."""

    rule_id: str
    severity: Severity
    title: str
    check: Check

    def __call__(self, encounter: EncounterCodes, context: CodingContext) -> list[Finding]:
        return self.check(encounter, context)


def finding(
    rule_id: str, severity: Severity, message: str, field_path: str, suggestion: str | None = None
) -> Finding:
    return Finding(
        rule_id=rule_id, severity=severity, message=message, field=field_path, suggestion=suggestion
    )


def dotted(code: str) -> str:
    """An ICD-10-CM code as people write it."""
    return f"{code[:3]}.{code[3:]}" if len(code) > 3 else code
