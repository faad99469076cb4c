from decimal import Decimal

from revcycle.imports.fhir.records import parse_texts
from revcycle.imports.model import CodeSystem, Kind
from revcycle.kit.money import Money
from tests.unit.imports import samples


def parse(doc, name="bundle.json"):
    return parse_texts([(name, samples.text(doc))])


def only_error(parsed):
    assert len(parsed.errors) >= 1, parsed.errors
    return parsed.errors[0]


def test_transaction_bundle_maps_every_resource_with_urn_uuid_references_resolved():
    parsed = parse(samples.bundle())
    assert parsed.errors == []
    kinds = sorted(r.kind.value for r in parsed.records)
    assert kinds == ["coverage", "encounter", "patient", "payer", "provider"]
    enc = next(r for r in parsed.records if r.kind is Kind.ENCOUNTER)
    assert enc.refs["patient_id"].key == samples.PATIENT
    assert enc.refs["rendering_provider_id"].key == samples.DOCTOR
    assert [d.billing_form for d in enc.diagnoses] == ["J069"]
    assert enc.lines[0].code.system is CodeSystem.CPT
    assert enc.merged == ["ChargeItem"]
    assert enc.needs_coding() == []


def test_fhir_money_is_read_through_its_decimal_text_never_a_float():
    enc = next(r for r in parse(samples.bundle()).records if r.kind is Kind.ENCOUNTER)
    assert enc.lines[0].charge == Money("145.10")
    assert isinstance(enc.lines[0].units, Decimal)


def test_malformed_json_is_an_error_naming_the_file_line_and_column():
    parsed = parse_texts([("broken.json", '{"resourceType": "Patient",\n "id": }')])
    err = only_error(parsed)
    assert (err.resource, err.ident) == ("file", "broken.json")
    assert "line 2 column" in err.message
    assert parsed.records == []


def test_coverage_without_its_required_beneficiary_is_an_error_naming_the_field():
    doc = samples.bundle()
    cov = next(e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == "Coverage")
    del cov["beneficiary"]
    cov["id"] = "cov-7"
    err = only_error(parse(doc))
    assert (err.resource, err.ident, err.field) == ("Coverage", "cov-7", "beneficiary")
    assert "required" in err.message


def test_urn_uuid_reference_missing_from_the_bundle_is_an_error():
    parsed = parse(samples.bundle(drop=(samples.PATIENT,)))
    errors = {(e.resource, e.field) for e in parsed.errors}
    assert ("Coverage", "beneficiary") in errors
    assert ("Encounter", "subject") in errors
    assert any("does not resolve" in e.message for e in parsed.errors)


def test_unknown_code_system_is_an_error_naming_the_coding():
    parsed = parse(
        samples.bundle(
            ChargeItem={
                "id": "ci-1",
                "code": {"coding": [{"system": "http://example.org/local", "code": "X1"}]},
            }
        )
    )
    err = next(e for e in parsed.errors if e.resource == "ChargeItem")
    assert (err.ident, err.field) == ("ci-1", "code.coding[0].system")
    assert "unknown code system" in err.message


def test_an_encounter_whose_charge_item_fails_is_not_imported_half_way():
    parsed = parse(
        samples.bundle(ChargeItem={"code": {"coding": [{"system": "http://example.org/local", "code": "X"}]}})
    )
    assert not any(r.kind is Kind.ENCOUNTER for r in parsed.records)
    assert any(e.resource == "Encounter" and "not imported" in e.message for e in parsed.errors)


def test_birth_date_in_the_wrong_format_is_an_error_naming_the_field():
    err = only_error(parse(samples.bundle(Patient={"id": "p-9", "birthDate": "03/14/1979"})))
    assert (err.resource, err.ident, err.field) == ("Patient", "p-9", "birthDate")
    assert "YYYY-MM-DD" in err.message


def test_snomed_codes_are_kept_and_send_the_encounter_to_coding():
    snomed = {"code": {"coding": [{"system": samples.SNOMED, "code": "54150009", "display": "URI"}]}}
    parsed = parse(samples.bundle(Condition=snomed))
    enc = next(r for r in parsed.records if r.kind is Kind.ENCOUNTER)
    assert enc.diagnoses[0].system is CodeSystem.SNOMED and enc.diagnoses[0].code == "54150009"
    assert enc.needs_coding() == ["diagnosis 54150009 is SNOMED CT, not ICD-10-CM"]


def test_amount_with_three_decimals_or_another_currency_is_refused():
    doc = samples.bundle(ChargeItem={"id": "c", "priceOverride": {"value": 1.005, "currency": "USD"}})
    assert only_error(parse(doc)).field == "priceOverride.value"
    doc = samples.bundle(ChargeItem={"id": "c", "priceOverride": {"value": 10, "currency": "EUR"}})
    assert only_error(parse(doc)).field == "priceOverride.currency"


def test_single_resource_without_a_bundle_is_read():
    parsed = parse({**samples.resources()[samples.PATIENT], "id": "pat-1"})
    assert [(r.kind, r.key) for r in parsed.records] == [(Kind.PATIENT, "Patient/pat-1")]


def test_published_examples_read_without_crashing_and_report_what_they_cannot_bill(shared_data):
    from revcycle.imports.fhir.records import parse_path

    parsed = parse_path(shared_data / "fhir-r4-examples")
    assert any(r.kind is Kind.COVERAGE and r.key == "Coverage/9876B1" for r in parsed.records)
    med = next(r for r in parsed.records if r.key == "Claim/MED-00050")
    assert med.lines[0].code.system is CodeSystem.CPT and med.lines[0].charge == Money("12500.00")
    assert {d.system for d in med.diagnoses} == {CodeSystem.ICD10}
    assert any(e.resource == "ChargeItem" and e.field == "priceOverride.currency" for e in parsed.errors)
