"""Each coding edit fails on a bad encounter and passes on a good one; no database."""

from __future__ import annotations

from datetime import date
from typing import Any

from revcycle.codes.domain import (
    CodeSystem,
    CodeVersion,
    DxEditKind,
    ModifierIndicator,
    MueEdit,
    PtpEdit,
)
from revcycle.codes.rules import CODING_RULES, run_coding_edits
from revcycle.codes.rules import diagnoses as dx
from revcycle.codes.rules import procedures as px
from revcycle.codes.rules.model import CodingContext, EncounterCodes, ServiceLine
from revcycle.kit.findings import Severity

DOS = date(2026, 3, 1)
START = date(2025, 10, 1)


def version(
    system: CodeSystem, code: str, *, billable: bool = True, valid_to: date | None = None, **attributes: Any
) -> CodeVersion:
    return CodeVersion(
        system, code, f"description of {code}", billable, START, valid_to, attributes=attributes
    )


CODES = [
    version(CodeSystem.ICD10CM, "E119", excludes1_codes=["E10", "O244"]),
    version(CodeSystem.ICD10CM, "E11", billable=False),
    version(CodeSystem.ICD10CM, "E109"),
    version(CodeSystem.ICD10CM, "I10"),
    version(CodeSystem.ICD10CM, "U099", valid_to=date(2025, 12, 31)),
    version(CodeSystem.ICD10CM, "O80", sex="F", age_min=12, age_max=55),
    version(CodeSystem.ICD10CM, "N400", sex="M"),
    version(CodeSystem.ICD10CM, "F0280", manifestation=True),
    version(CodeSystem.ICD10CM, "G309"),
    version(CodeSystem.CPT, "99214"),
    version(CodeSystem.CPT, "20610"),
    version(CodeSystem.CPT, "20550"),
    version(CodeSystem.CPT, "36415"),
    version(CodeSystem.CPT, "93000"),
    version(CodeSystem.MODIFIER, "25", applies_to="em"),
    version(CodeSystem.MODIFIER, "59", applies_to="procedure"),
    version(CodeSystem.MODIFIER, "XS", applies_to="procedure"),
    version(CodeSystem.MODIFIER, "91", applies_to="lab"),
    version(CodeSystem.MODIFIER, "ZY", valid_to=date(2020, 12, 31)),
]


def context(**overrides: Any) -> CodingContext:
    values: dict[str, Any] = {
        "date_of_service": DOS,
        "sex": "F",
        "age": 60,
        "versions": {(v.system, v.code): [v] for v in CODES},
        "ptp_edits": [
            PtpEdit("20610", "20550", date(2017, 1, 1), None, ModifierIndicator.ALLOWED),
            PtpEdit("20610", "36415", date(2010, 1, 1), None, ModifierIndicator.NOT_ALLOWED),
        ],
        "mue": {"20610": MueEdit("20610", 2, "2"), "36415": MueEdit("36415", 1, "1")},
        "dx_edits": {"N400": {DxEditKind.MALE}, "Z00110": {DxEditKind.NEWBORN}},
    }
    return CodingContext(**(values | overrides))


def enc(dxs: tuple[str, ...] = ("E119",), *lines: ServiceLine) -> EncounterCodes:
    return EncounterCodes(dxs, tuple(lines))


def line(code: str, *mods: str, units: int = 1, pointers: tuple[int, ...] = (1,)) -> ServiceLine:
    return ServiceLine(code, mods, units, pointers)


def ids(findings) -> list[str]:
    return [f.rule_id for f in findings]


def test_every_rule_is_registered_once_with_an_id_and_a_severity():
    rule_ids = [r.rule_id for r in CODING_RULES]
    assert len(rule_ids) == len(set(rule_ids))
    assert all(r.severity in (Severity.ERROR, Severity.WARNING) and r.title for r in CODING_RULES)


def test_a_clean_encounter_has_no_findings():
    encounter = enc(("E119", "I10"), line("99214", pointers=(1, 2)), line("93000"))
    assert run_coding_edits(encounter, context()) == []


def test_header_code_is_an_error_naming_the_diagnosis():
    findings = dx.header_code(enc(("I10", "E11")), context())
    assert ids(findings) == ["DX_HEADER"] and findings[0].field == "diagnoses[1]"
    assert "more specific" in findings[0].message
    assert dx.header_code(enc(("E119",)), context()) == []


def test_code_terminated_before_the_date_of_service_is_invalid():
    findings = dx.valid_on_date_of_service(enc(("U099",)), context())
    assert ids(findings) == ["CODE_INVALID"] and "2025-12-31" in findings[0].message
    assert dx.valid_on_date_of_service(enc(("U099",)), context(date_of_service=date(2025, 11, 1))) == []


def test_unknown_procedure_code_is_invalid():
    findings = dx.valid_on_date_of_service(enc(("I10",), line("99999")), context())
    assert [f.field for f in findings] == ["lines[0].code"]


def test_maternity_code_on_a_76_year_old_is_an_age_conflict():
    assert ids(dx.age_conflict(enc(("O80",)), context(age=76))) == ["DX_AGE"]
    assert dx.age_conflict(enc(("O80",)), context(age=30)) == []


def test_mce_newborn_edit_applies_from_the_loaded_edits():
    assert ids(dx.age_conflict(enc(("Z00110",)), context(age=3))) == ["DX_AGE"]
    assert dx.age_conflict(enc(("Z00110",)), context(age=0)) == []


def test_male_only_diagnosis_on_a_female_patient_is_a_sex_conflict():
    assert ids(dx.sex_conflict(enc(("N400",)), context(sex="F"))) == ["DX_SEX"]
    assert dx.sex_conflict(enc(("N400",)), context(sex="M")) == []
    assert dx.sex_conflict(enc(("N400",)), context(sex=None)) == []


def test_excludes1_pair_on_one_claim_is_reported_once():
    findings = dx.excludes1(enc(("E119", "E109")), context())
    assert ids(findings) == ["DX_EXCLUDES1"]
    assert dx.excludes1(enc(("E119", "I10")), context()) == []


def test_manifestation_code_cannot_be_listed_first():
    assert ids(dx.manifestation_first(enc(("F0280", "G309")), context())) == ["DX_MANIFESTATION_FIRST"]
    assert dx.manifestation_first(enc(("G309", "F0280")), context()) == []


def test_ptp_pair_with_modifier_indicator_1_passes_with_a_bypass_modifier():
    failing = px.ncci_ptp(enc(("I10",), line("20610"), line("20550")), context())
    assert ids(failing) == ["NCCI_PTP"] and "XS" in failing[0].message
    assert px.ncci_ptp(enc(("I10",), line("20610"), line("20550", "XS")), context()) == []


def test_ptp_pair_with_modifier_indicator_0_fails_even_with_modifier_59():
    findings = px.ncci_ptp(enc(("I10",), line("20610"), line("36415", "59")), context())
    assert ids(findings) == ["NCCI_PTP"] and "remove 36415" in findings[0].message


def test_ptp_edit_deleted_before_the_date_of_service_does_not_apply():
    deleted = [PtpEdit("20610", "20550", date(2017, 1, 1), date(2020, 12, 31), ModifierIndicator.ALLOWED)]
    assert px.ncci_ptp(enc(("I10",), line("20610"), line("20550")), context(ptp_edits=deleted)) == []


def test_units_above_the_mue_per_day_are_an_error():
    findings = px.mue_units(enc(("I10",), line("20610", units=2), line("20610", "59", units=1)), context())
    assert ids(findings) == ["MUE_UNITS", "MUE_UNITS"]
    assert px.mue_units(enc(("I10",), line("20610", units=2)), context()) == []


def test_mue_line_edit_counts_units_per_line():
    assert ids(px.mue_units(enc(("I10",), line("36415", units=2)), context())) == ["MUE_UNITS"]
    assert px.mue_units(enc(("I10",), line("36415"), line("36415", "91")), context()) == []


def test_em_with_a_procedure_needs_modifier_25():
    findings = px.em_with_procedure(enc(("I10",), line("99214"), line("20610")), context())
    assert ids(findings) == ["EM_MODIFIER_25"] and findings[0].suggestion == "add modifier 25 to lines[0]"
    assert px.em_with_procedure(enc(("I10",), line("99214", "25"), line("20610")), context()) == []
    assert px.em_with_procedure(enc(("I10",), line("99214"), line("93000")), context()) == []
    assert px.em_with_procedure(enc(("I10",), line("99214"), line("36415")), context()) == []


def test_modifier_that_does_not_fit_the_code_or_date_is_invalid():
    findings = px.modifier_valid(
        enc(("I10",), line("20610", "25"), line("99214", "ZY"), line("93000", "QQ")), context()
    )
    assert [f.field for f in findings] == [
        "lines[0].modifiers[0]",
        "lines[1].modifiers[0]",
        "lines[2].modifiers[0]",
    ]
    assert px.modifier_valid(enc(("I10",), line("99214", "25"), line("20610", "XS")), context()) == []


def test_diagnosis_pointers_must_point_to_listed_diagnoses():
    findings = px.dx_pointers(
        enc(("I10",), line("99214", pointers=(1, 2)), line("93000", pointers=())), context()
    )
    assert [f.field for f in findings] == ["lines[0].dx_pointers", "lines[1].dx_pointers"]
    assert px.dx_pointers(enc(("I10", "E119"), line("99214", pointers=(1, 2))), context()) == []
