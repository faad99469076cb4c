"""The coding edits, registered in one tuple. Each is a pure function
``(EncounterCodes, CodingContext) -> list[Finding]``; run them all with :func:`run_coding_edits`."""

from __future__ import annotations

from revcycle.codes.rules import diagnoses, procedures
from revcycle.codes.rules.model import CodingContext, CodingRule, EncounterCodes, ServiceLine
from revcycle.kit.findings import Finding, Severity

E, W = Severity.ERROR, Severity.WARNING

CODING_RULES: tuple[CodingRule, ...] = (
    CodingRule(
        "CODE_INVALID", E, "Code not valid on the date of service", diagnoses.valid_on_date_of_service
    ),
    CodingRule("DX_HEADER", E, "Non-billable (header) ICD-10-CM code", diagnoses.header_code),
    CodingRule("DX_AGE", E, "Diagnosis conflicts with the patient's age", diagnoses.age_conflict),
    CodingRule("DX_SEX", E, "Diagnosis conflicts with the patient's sex", diagnoses.sex_conflict),
    CodingRule("DX_EXCLUDES1", E, "Excludes1 pair on one claim", diagnoses.excludes1),
    CodingRule("DX_MANIFESTATION_FIRST", E, "Manifestation code listed first", diagnoses.manifestation_first),
    CodingRule("NCCI_PTP", E, "NCCI procedure-to-procedure pair", procedures.ncci_ptp),
    CodingRule("MUE_UNITS", E, "Units above the medically unlikely edit", procedures.mue_units),
    CodingRule("EM_MODIFIER_25", E, "E/M with a procedure needs modifier 25", procedures.em_with_procedure),
    CodingRule("MODIFIER_INVALID", E, "Modifier not valid for the code or date", procedures.modifier_valid),
    CodingRule("DX_POINTER", E, "Diagnosis pointers", procedures.dx_pointers),
)
"""Every coding edit, in the order findings are reported."""


def run_coding_edits(
    encounter: EncounterCodes, context: CodingContext, rules: tuple[CodingRule, ...] = CODING_RULES
) -> list[Finding]:
    """Run every rule and return all findings (errors and warnings), rule by rule."""
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(rule(encounter, context))
    return findings


__all__ = [
    "CODING_RULES",
    "CodingContext",
    "CodingRule",
    "EncounterCodes",
    "Finding",
    "ServiceLine",
    "W",
    "run_coding_edits",
]
