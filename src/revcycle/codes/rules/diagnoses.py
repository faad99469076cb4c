"""Diagnosis edits: header codes, validity on the date of service, age and sex, excludes1,
manifestation codes listed first."""

from __future__ import annotations

from revcycle.codes.domain import AGE_RANGES, CodeRange, CodeSystem, DxEditKind
from revcycle.codes.rules.model import CodingContext, EncounterCodes, dotted, finding, procedure_system
from revcycle.kit.findings import Finding, Severity

DX = CodeSystem.ICD10CM


def header_code(encounter: EncounterCodes, context: CodingContext) -> list[Finding]:
    """DX_HEADER: a category or subcategory is not billable; a more specific code is needed."""
    out = []
    for i, code in enumerate(encounter.diagnoses):
        version = context.version(DX, code)
        if version is not None and not version.billable:
            out.append(
                finding(
                    "DX_HEADER",
                    Severity.ERROR,
                    f"{dotted(code)} ({version.description}) is a header, not a billable code; "
                    f"pick a more specific code under {dotted(code)} (search '{dotted(code)}')",
                    f"diagnoses[{i}]",
                )
            )
    return out


def _validity_message(label: str, code: str, versions: list[tuple[str, str]], on: str) -> str:
    if not versions:
        return f"{label} {code} is not a known code; check the code for typos"
    spans = ", ".join(f"{a} to {b}" for a, b in versions)
    return (
        f"{label} {code} is not valid on {on} (valid {spans}); use the code in force on the date of service"
    )


def valid_on_date_of_service(encounter: EncounterCodes, context: CodingContext) -> list[Finding]:
    """CODE_INVALID: every diagnosis, procedure and modifier must exist on the date of service."""
    on = context.date_of_service.isoformat()
    subjects: list[tuple[CodeSystem, str, str, str]] = [
        (DX, code, f"diagnoses[{i}]", "diagnosis") for i, code in enumerate(encounter.diagnoses)
    ]
    for i, line in enumerate(encounter.lines):
        subjects.append((procedure_system(line.code), line.code, f"lines[{i}].code", "procedure"))
    out = []
    for system, code, path, label in subjects:
        if context.version(system, code) is not None:
            continue
        spans = [
            (v.valid_from.isoformat(), v.valid_to.isoformat() if v.valid_to else "now")
            for v in context.all_versions(system, code)
        ]
        shown = dotted(code) if system is DX else code
        out.append(finding("CODE_INVALID", Severity.ERROR, _validity_message(label, shown, spans, on), path))
    return out


def _age_range(context: CodingContext, code: str) -> tuple[int, int, str] | None:
    for kind in context.dx_edits.get(code, ()):
        if kind in AGE_RANGES:
            low, high = AGE_RANGES[kind]
            return low, high, f"Medicare Code Editor {kind.value.replace('_', ' ').lower()}"
    version = context.version(DX, code)
    if version is not None and "age_min" in version.attributes:
        return int(version.attributes["age_min"]), int(version.attributes["age_max"]), "ICD-10-CM chapter"
    return None


def age_conflict(encounter: EncounterCodes, context: CodingContext) -> list[Finding]:
    """DX_AGE: the diagnosis is for another age group (newborn, pediatric, maternity, adult)."""
    if context.age is None:
        return []
    out = []
    for i, code in enumerate(encounter.diagnoses):
        found = _age_range(context, code)
        if found and not found[0] <= context.age <= found[1]:
            low, high, source = found
            out.append(
                finding(
                    "DX_AGE",
                    Severity.ERROR,
                    f"{dotted(code)} is for ages {low}-{high} ({source}) but the patient is {context.age}; "
                    "check the patient's date of birth or choose a code for this age",
                    f"diagnoses[{i}]",
                )
            )
    return out


def _sex_of(context: CodingContext, code: str) -> str | None:
    kinds = context.dx_edits.get(code, ())
    if DxEditKind.FEMALE in kinds:
        return "F"
    if DxEditKind.MALE in kinds:
        return "M"
    version = context.version(DX, code)
    hint = version.attributes.get("sex") if version is not None else None
    return str(hint) if hint else None


def sex_conflict(encounter: EncounterCodes, context: CodingContext) -> list[Finding]:
    """DX_SEX: the diagnosis is for one sex and the patient's recorded sex is the other."""
    if context.sex not in ("F", "M"):
        return []
    out = []
    for i, code in enumerate(encounter.diagnoses):
        expected = _sex_of(context, code)
        if expected and expected != context.sex:
            word = {"F": "female", "M": "male"}
            out.append(
                finding(
                    "DX_SEX",
                    Severity.ERROR,
                    f"{dotted(code)} is a {word[expected]}-only diagnosis but the patient is recorded as "
                    f"{word[context.sex]}; check the patient's sex or the diagnosis",
                    f"diagnoses[{i}]",
                )
            )
    return out


def excludes1(encounter: EncounterCodes, context: CodingContext) -> list[Finding]:
    """DX_EXCLUDES1: two diagnoses that ICD-10-CM says are never coded together."""
    out = []
    reported: set[frozenset[str]] = set()
    codes = list(encounter.diagnoses)
    for i, code in enumerate(codes):
        version = context.version(DX, code)
        if version is None:
            continue
        ranges = [
            CodeRange(*r.split("-")) if "-" in r else CodeRange(r, r)
            for r in version.attributes.get("excludes1_codes", [])
        ]
        for j, other in enumerate(codes):
            pair = frozenset((code, other))
            if j != i and other != code and pair not in reported and any(r.covers(other) for r in ranges):
                reported.add(pair)
                out.append(
                    finding(
                        "DX_EXCLUDES1",
                        Severity.ERROR,
                        f"{dotted(code)} has an Excludes1 note for {dotted(other)}: the two are never coded "
                        "together; keep the one the documentation supports and remove the other",
                        f"diagnoses[{j}]",
                    )
                )
    return out


def manifestation_first(encounter: EncounterCodes, context: CodingContext) -> list[Finding]:
    """DX_MANIFESTATION_FIRST: a manifestation code may not be the first-listed diagnosis."""
    if not encounter.diagnoses:
        return []
    code = encounter.diagnoses[0]
    version = context.version(DX, code)
    is_manifestation = DxEditKind.MANIFESTATION in context.dx_edits.get(code, ()) or bool(
        version is not None and version.attributes.get("manifestation")
    )
    if not is_manifestation:
        return []
    return [
        finding(
            "DX_MANIFESTATION_FIRST",
            Severity.ERROR,
            f"{dotted(code)} is a manifestation code and cannot be listed first; list the underlying "
            "condition first (see the code-first note) and move this code after it",
            "diagnoses[0]",
            suggestion="move diagnoses[0] after the underlying condition",
        )
    ]
