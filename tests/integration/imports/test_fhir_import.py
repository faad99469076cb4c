"""FHIR R4 import against the database (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import func, select

from revcycle.charges.tables import ChargeLineRow, EncounterRow
from revcycle.imports import coding
from revcycle.imports.fhir.records import parse_texts
from revcycle.imports.tables import CodingQueueRow
from revcycle.intake.tables import CoverageRow, PatientRow, PayerRow, ProviderRow
from revcycle.kit.money import Money
from tests.unit.imports import samples


def parse(doc):
    return parse_texts([("bundle.json", samples.text(doc))])


def count(database, row):
    with database.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(row))


def test_bundle_creates_patient_coverage_payer_provider_and_a_priced_encounter(database, write):
    result = write(parse(samples.bundle()))
    assert result.errors == []
    assert result.imported == {
        "Patient": 1,
        "Coverage": 1,
        "Organization": 1,
        "Practitioner": 1,
        "Encounter": 1,
        "ChargeItem": 1,
    }
    with database.uow() as uow:
        patient = uow.session.scalars(select(PatientRow)).one()
        assert (patient.last_name, patient.phone, patient.zip) == ("Quillfeather", "3035550142", "80302")
        coverage = uow.session.scalars(select(CoverageRow)).one()
        assert coverage.member_id == "RMH4471902" and coverage.group_number == "GRP-2231"
        encounter = uow.session.scalars(select(EncounterRow)).one()
        assert encounter.diagnoses == "J069" and encounter.place_of_service == "11"
        line = uow.session.scalars(select(ChargeLineRow)).one()
        assert (line.code, line.charge) == ("99213", Money("145.10"))


def test_reimporting_the_same_bundle_updates_and_never_duplicates(database, write):
    write(parse(samples.bundle()))
    again = write(parse(samples.bundle(Patient={"telecom": [{"system": "phone", "value": "303-555-0199"}]})))
    assert again.errors == [] and again.skipped == 1
    for row in (PatientRow, CoverageRow, PayerRow, ProviderRow, EncounterRow):
        assert count(database, row) == 1, row
    with database.uow() as uow:
        assert uow.session.scalars(select(PatientRow)).one().phone == "3035550199"


def test_a_failing_record_is_rolled_back_alone_and_the_rest_is_kept(database, write):
    # A coverage whose member ID breaks the intake rule: the coverage fails, everything else lands.
    doc = samples.bundle(Coverage={"subscriberId": "#bad id!"})
    result = write(parse(doc))
    assert [(e.resource, e.field) for e in result.errors] == [("Coverage", "member_id")]
    assert count(database, CoverageRow) == 0
    assert count(database, PatientRow) == 1 and count(database, EncounterRow) == 1


def test_reference_to_a_patient_never_imported_is_reported_and_nothing_written(database, write):
    claim = {
        "resourceType": "Claim",
        "id": "cl-5",
        "use": "claim",
        "patient": {"reference": "Patient/nobody"},
        "provider": {"reference": "Practitioner/nobody"},
        "diagnosis": [
            {
                "sequence": 1,
                "diagnosisCodeableConcept": {"coding": [{"system": samples.ICD10CM, "code": "J06.9"}]},
            }
        ],
        "item": [
            {
                "sequence": 1,
                "productOrService": {"coding": [{"system": samples.CPT, "code": "99213"}]},
                "servicedDate": "2024-05-02",
                "net": {"value": 95, "currency": "USD"},
            }
        ],
    }
    result = write(parse(claim))
    assert {(e.resource, e.ident, e.field) for e in result.errors} == {("Claim", "cl-5", "patient_id")}
    assert "does not resolve" in result.errors[0].message
    assert count(database, EncounterRow) == 0


def test_snomed_coded_encounter_goes_to_the_coding_queue_and_a_coder_completes_it(
    database, write, practice_id
):
    snomed = {"code": {"coding": [{"system": samples.SNOMED, "code": "54150009"}]}}
    result = write(parse(samples.bundle(Condition=snomed)))
    assert result.errors == [] and result.needs_coding == 1
    assert count(database, EncounterRow) == 0
    with database.transaction() as uow:
        item = coding.pending(uow, practice_id=practice_id)[0]
        data = coding.item_data(item)
        assert data["imported"]["diagnoses"][0] == {"system": "SNOMED CT", "code": "54150009", "display": ""}
        assert data["imported"]["lines"][0]["charge"] == "145.10"
        coding.code_encounter(
            uow,
            practice_id=practice_id,
            item_id=item.id,
            coder="coder1",
            values={"diagnoses": ["J06.9"], "lines": [{"code": "99213", "charge": Money("145.10")}]},
        )
    assert count(database, EncounterRow) == 1
    again = write(parse(samples.bundle(Condition=snomed)))
    assert again.skipped == 1 and count(database, CodingQueueRow) == 1


def test_cli_imports_a_folder_and_prints_the_summary(cli, tmp_path):
    (tmp_path / "visit.json").write_text(samples.text(samples.bundle()))
    (tmp_path / "broken.json").write_text("{ not json")
    code, out = cli("fhir", str(tmp_path))
    assert code == 1
    assert out["imported"]["Patient"] == 1 and out["needs_coding"] == 0
    assert out["errors"][0]["resource"] == "file" and out["errors"][0]["id"] == "broken.json"


def test_cli_reads_the_published_examples_and_reports_per_resource(cli, shared_data):
    code, out = cli("fhir", str(shared_data / "fhir-r4-examples"))
    assert code == 1
    assert all({"resource", "id", "message"} <= set(e) for e in out["errors"])
    assert out["imported"].get("Patient", 0) >= 1
