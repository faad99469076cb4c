"""Importers read the CMS layouts and name line and field when a file is bad."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from revcycle.codes.domain import CodeSystem, DxEditKind, ModifierIndicator
from revcycle.codes.importers.csv_lists import read_code_list, read_cpt_csv, read_nucc_taxonomy
from revcycle.codes.importers.edits import read_mce_file, read_mue_file, read_ptp_file
from revcycle.codes.importers.hcpcs import read_hcpcs_file
from revcycle.codes.importers.order_file import read_order_file
from revcycle.kit.errors import FormatError

DAY = date(2026, 1, 1)


def test_icd10pcs_order_file_reads_codes_and_descriptions(fixtures: Path):
    release = read_order_file(
        fixtures / "icd10pcs_order_sample.txt", CodeSystem.ICD10PCS, effective=DAY, label="t"
    )
    by_code = {e.code: e for e in release.entries}
    assert len(by_code) == 4
    assert by_code["0DTJ4ZZ"].description == "Resection of Appendix, Percutaneous Endoscopic Approach"
    assert by_code["0DTJ4ZZ"].short_description == "Resection of Appendix, Perc Endo Approach"


def test_order_file_with_a_bad_header_flag_names_line_and_field(fixtures: Path):
    with pytest.raises(FormatError) as exc:
        read_order_file(fixtures / "icd10cm_order_bad_flag.txt", CodeSystem.ICD10CM, effective=DAY, label="t")
    assert exc.value.location == "icd10cm_order_bad_flag.txt line 3, field header flag"


def test_hcpcs_file_reads_codes_modifiers_indicators_and_dates(shared_data: Path):
    path = shared_data / "codesets" / "hcpcs-2020" / "HCPC2020_ANWEB_w_disclaimer.txt"
    codes, modifiers = read_hcpcs_file(path, effective=date(2020, 1, 1), label="2020")
    by_code = {e.code: e for e in codes.entries}
    assert len(by_code) > 6000
    j3490 = by_code["J3490"]
    assert j3490.short_description == "Drugs unclassified injection"
    assert j3490.attributes["pricing"] == ["51"] and j3490.attributes["coverage"] == "D"
    assert j3490.valid_from == date(1986, 1, 1) and j3490.valid_to is None
    assert by_code["C9744"].valid_to == date(2018, 12, 31)
    assert by_code["A4206"].description == "Syringe with needle, sterile, 1 cc or less, each"
    assert {"LT", "RT", "GA", "GZ", "KX", "XS"} <= {m.code for m in modifiers.entries}


def test_hcpcs_file_with_a_bad_date_names_line_and_field(tmp_path: Path, shared_data: Path):
    source = shared_data / "codesets" / "hcpcs-2020" / "HCPC2020_ANWEB_w_disclaimer.txt"
    lines = source.read_text(encoding="cp1252").splitlines()
    record = next(i for i, line in enumerate(lines) if line.startswith("A4206"))
    lines[record] = lines[record][:268] + "2099XX01" + lines[record][276:]
    bad = tmp_path / "hcpcs.txt"
    bad.write_text("\n".join(lines), encoding="cp1252")
    with pytest.raises(FormatError) as exc:
        read_hcpcs_file(bad, effective=DAY, label="t")
    assert exc.value.location == f"hcpcs.txt line {record + 1}, field add date"


def test_licensed_cpt_csv_reads_code_short_and_long(tmp_path: Path):
    path = tmp_path / "cpt.csv"
    path.write_text("code,short,long\n99213,Office o/p est low,Licensed long text here\n")
    release = read_cpt_csv(path, effective=DAY, label="t")
    assert release.entries[0].code == "99213" and release.entries[0].description == "Licensed long text here"
    path.write_text("code,short,long\n9921,bad,bad\n")
    with pytest.raises(FormatError, match="line 2, field code"):
        read_cpt_csv(path, effective=DAY, label="t")


def test_nucc_taxonomy_reads_every_code(shared_data: Path):
    path = shared_data / "codesets" / "nucc-taxonomy-25.1" / "nucc_taxonomy_251.csv"
    release = read_nucc_taxonomy(path, effective=DAY, label="25.1")
    by_code = {e.code: e for e in release.entries}
    assert len(by_code) > 850
    assert by_code["207Q00000X"].description == "Family Medicine Physician"


def test_ncci_ptp_file_skips_notices_and_reads_indicators(fixtures: Path):
    edits = read_ptp_file(fixtures / "ncci_ptp_practitioner_sample.txt")
    assert len(edits) == 5
    first = edits[0]
    assert (first.column1, first.column2, first.modifier_indicator) == (
        "11102",
        "11100",
        ModifierIndicator.ALLOWED,
    )
    assert edits[4].deletion_date == date(2020, 12, 31) and edits[1].deletion_date is None


def test_ncci_ptp_bad_modifier_indicator_names_line_and_field(tmp_path: Path):
    path = tmp_path / "ptp.txt"
    path.write_text("20610\t20550\t\t20170101\t*\t1\tx\n20610\t36415\t\t20100101\t*\t5\tx\n")
    with pytest.raises(FormatError) as exc:
        read_ptp_file(path)
    assert exc.value.location == "ptp.txt line 2, field modifier indicator"


def test_mue_file_reads_units_and_adjudication_indicator(fixtures: Path):
    edits = {e.code: e for e in read_mue_file(fixtures / "mue_practitioner_sample.csv", effective=DAY)}
    assert edits["20610"].max_units == 2 and edits["20610"].adjudication_indicator == "2"
    assert edits["J3490"].adjudication_indicator == "1"


def test_mce_file_reads_age_sex_and_manifestation_edits(shared_data: Path):
    version, edits = read_mce_file(shared_data / "codesets" / "mce-v37" / "MCE_Simple_Code_Edits_v37.txt")
    kinds = {(e.code, e.kind) for e in edits}
    assert version == "37"
    assert ("Z00110", DxEditKind.NEWBORN) in kinds
    assert any(k is DxEditKind.MANIFESTATION for _, k in kinds)
    assert any(k is DxEditKind.MALE for _, k in kinds) and any(k is DxEditKind.FEMALE for _, k in kinds)


def _package_list(name: str, system: CodeSystem):
    text = resources.files("revcycle.codes.data").joinpath(name).read_text(encoding="utf-8")
    return read_code_list(Path(name), system, effective=date(1995, 1, 1), label="t", text=text)


@pytest.mark.parametrize(
    ("name", "system"),
    [
        ("pos.csv", CodeSystem.POS),
        ("carc.csv", CodeSystem.CARC),
        ("rarc.csv", CodeSystem.RARC),
        ("cas_groups.csv", CodeSystem.CAS_GROUP),
        ("modifiers.csv", CodeSystem.MODIFIER),
        ("cpt_demo.csv", CodeSystem.CPT),
    ],
)
def test_shipped_lists_read_cleanly(name: str, system: CodeSystem):
    assert len(_package_list(name, system).entries) >= 5


def _fsh(path: Path) -> dict[str, str]:
    return dict(re.findall(r'^\* #(\S+) "(.*)"$', path.read_text(encoding="utf-8"), flags=re.MULTILINE))


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower())}


def test_place_of_service_list_agrees_with_the_cms_list(shared_data: Path):
    cms = _fsh(shared_data / "codesets" / "cms-codesystems" / "CodeSystem-CLM-POS-CD.fsh")
    ours = {e.code: e for e in _package_list("pos.csv", CodeSystem.POS).entries}
    assigned = {c for c, d in cms.items() if d != "UNASSIGNED" and c.isdigit() and c != "00"}
    assert assigned <= set(ours)
    for code in assigned:
        assert _words(ours[code].description) & _words(cms[code]), code


def test_carc_list_agrees_with_the_older_cms_list_where_both_have_a_code(shared_data: Path):
    cms = _fsh(shared_data / "codesets" / "cms-codesystems" / "CodeSystem-ANSI-RSN-CD.fsh")
    ours = {e.code: e for e in _package_list("carc.csv", CodeSystem.CARC).entries}
    shared = set(cms) & set(ours)
    assert len(shared) > 150
    disagree = [c for c in shared if not _words(ours[c].description) & _words(cms[c])]
    assert len(disagree) <= len(shared) // 10, disagree
