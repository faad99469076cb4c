from datetime import date

from revcycle.imports.csvfile import parse_csv
from revcycle.imports.hl7v2 import parse_hl7
from revcycle.imports.model import CodeSystem, Kind
from revcycle.kit.money import Money
from tests.unit.imports.hl7_samples import dft

HEADER = (
    "encounter_key,patient_id,patient_last_name,patient_first_name,patient_dob,patient_sex,"
    "payer_code,payer_name,member_id,provider_npi,provider_last_name,provider_first_name,"
    "date_of_service,diagnoses,code,modifiers,units,charge,diagnosis_pointers\n"
)
LENA = (
    "E-1001,P-77,Brightwater,Lena,1990-11-02,F,SBC01,Summit Blue,SB5512,"
    "1245319599,Ostrander,Felix,2024-04-11,E11.9;I10"
)
ROWS = (
    f"{LENA},99213,,1,120.00,1;2\n"
    f"{LENA},83036,,1,42.25,1\n"
    "E-1002,P-78,Corvan,Ilse,1972-06-30,F,,,,1245319599,Ostrander,Felix,2024-04-12,R05.9,99212,,1,85.00,1\n"
)


def by_kind(parsed, kind):
    return [r for r in parsed.records if r.kind is kind]


def test_dft_p03_maps_patient_provider_payer_coverage_and_lines_with_pointers():
    parsed = parse_hl7(dft())
    assert parsed.errors == []
    (patient,) = by_kind(parsed, Kind.PATIENT)
    assert patient.key == "MRN44120" and patient.values["date_of_birth"] == date(1985, 7, 22)
    (cov,) = by_kind(parsed, Kind.COVERAGE)
    assert cov.values["member_id"] == "PMI7730021" and cov.values["relationship"] == "18"
    (enc,) = by_kind(parsed, Kind.ENCOUNTER)
    assert enc.key == "V88120" and [d.billing_form for d in enc.diagnoses] == ["J0190", "J020"]
    first, second = enc.lines
    assert (first.code.code, first.modifiers, first.charge) == ("99214", ("25",), Money("180.00"))
    assert second.diagnosis_pointers == (2, 1) and second.code.system is CodeSystem.CPT
    assert enc.needs_coding() == []


def test_dft_with_a_bad_birth_date_is_dropped_whole_and_names_msh10_and_the_field():
    parsed = parse_hl7(dft(dob="22/07/1985", control="MSG9"))
    assert parsed.records == []
    assert [(e.resource, e.ident, e.field) for e in parsed.errors] == [("DFT^P03", "MSG9", "PID-7")]


def test_dft_with_an_amount_that_is_not_money_names_the_ft1_field():
    parsed = parse_hl7(dft(charge="12.345"))
    assert parsed.errors[0].field == "FT1[1]-11"


def test_a_file_of_two_messages_reads_both():
    parsed = parse_hl7(dft(control="A1", visit="V1") + "\n" + dft(control="A2", visit="V2"))
    assert sorted(r.key for r in by_kind(parsed, Kind.ENCOUNTER)) == ["V1", "V2"]


def test_a_message_that_is_not_dft_is_an_error():
    parsed = parse_hl7(dft().replace("DFT^P03", "ADT^A01"))
    assert parsed.errors[0].field == "MSH-9"


def test_csv_rows_group_into_encounters_by_key():
    parsed = parse_csv(HEADER + ROWS)
    assert parsed.errors == []
    encounters = {r.key: r for r in by_kind(parsed, Kind.ENCOUNTER)}
    assert [ln.code.code for ln in encounters["E-1001"].lines] == ["99213", "83036"]
    assert encounters["E-1001"].lines[0].diagnosis_pointers == (1, 2)
    assert len(by_kind(parsed, Kind.PATIENT)) == 2 and len(by_kind(parsed, Kind.COVERAGE)) == 1


def test_csv_row_with_a_bad_date_drops_its_encounter_and_names_line_and_column():
    bad = ROWS.replace("2024-04-11,E11.9;I10,83036", "04/11/2024,E11.9;I10,83036", 1)
    parsed = parse_csv(HEADER + bad)
    assert ("row", "3", "date_of_service") in {(e.resource, e.ident, e.field) for e in parsed.errors}
    assert [r.key for r in by_kind(parsed, Kind.ENCOUNTER)] == ["E-1002"]


def test_csv_without_a_required_column_is_refused():
    parsed = parse_csv("encounter_key,code\nE1,99213\n")
    assert parsed.errors[0].resource == "file" and parsed.records == []
