from datetime import date

import pytest

from revcycle.codes.domain import (
    CodeEntry,
    CodeSystem,
    age_on,
    code_ranges,
    diff_release,
    display_code,
    is_valid_on,
    normalize_code,
)
from revcycle.kit.errors import FieldErrors

DX = CodeSystem.ICD10CM


def entry(code: str, description: str = "d", **kw) -> CodeEntry:
    return CodeEntry(DX, code, description, **kw)


def test_dotted_and_undotted_icd10_codes_normalise_to_the_same_key():
    assert normalize_code(DX, "e11.9") == normalize_code(DX, "E119") == "E119"
    assert display_code(DX, "E119") == "E11.9"
    assert display_code(DX, "I10") == "I10"


def test_a_code_with_punctuation_is_rejected_naming_the_field():
    with pytest.raises(FieldErrors) as exc:
        normalize_code(CodeSystem.CPT, "99-214", field="procedures[0].code")
    assert exc.value.errors[0].field == "procedures[0].code"


def test_code_system_names_parse_with_aliases_and_unknown_names_fail():
    assert CodeSystem.parse("icd-10-cm") is CodeSystem.ICD10CM
    assert CodeSystem.parse("pcs") is CodeSystem.ICD10PCS
    assert CodeSystem.parse("cas_group") is CodeSystem.CAS_GROUP
    with pytest.raises(FieldErrors):
        CodeSystem.parse("SNOMED")


def test_validity_includes_both_ends_and_open_end():
    assert is_valid_on(date(2020, 1, 1), date(2020, 12, 31), date(2020, 12, 31))
    assert not is_valid_on(date(2020, 1, 1), date(2020, 12, 31), date(2021, 1, 1))
    assert is_valid_on(date(2020, 1, 1), None, date(2099, 1, 1))
    assert not is_valid_on(date(2020, 1, 1), None, date(2019, 12, 31))


def test_release_diff_reports_added_changed_and_terminated_codes():
    current = {"E119": entry("E119", "old"), "I10": entry("I10"), "U099": entry("U099")}
    incoming = {"E119": entry("E119", "new"), "I10": entry("I10"), "E11A": entry("E11A")}
    diff = diff_release(current, incoming, date(2026, 10, 1))
    assert diff.added == ("E11A",)
    assert diff.changed == ("E119",)
    assert diff.terminated == ("U099",)
    assert diff.unchanged == 1


def test_release_diff_counts_a_code_the_file_itself_terminated_as_terminated():
    current = {"C9744": entry("C9744")}
    incoming = {"C9744": entry("C9744", valid_to=date(2018, 12, 31))}
    assert diff_release(current, incoming, date(2020, 1, 1)).terminated == ("C9744",)


def test_code_ranges_read_single_codes_dash_categories_and_ranges_from_notes():
    ranges = code_ranges(["type 1 diabetes mellitus (E10.-)", "hypertensive disease (O10-O11, O13-O16)"])
    assert [str(r) for r in ranges] == ["E10", "O10-O11", "O13-O16"]
    assert ranges[0].covers("E109") and not ranges[0].covers("E119")
    assert ranges[1].covers("O111") and not ranges[1].covers("O12")


def test_age_is_whole_years_on_the_date_of_service():
    assert age_on(date(1950, 2, 3), date(2026, 2, 2)) == 75
    assert age_on(date(1950, 2, 3), date(2026, 2, 3)) == 76
