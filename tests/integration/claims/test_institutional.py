"""Institutional encounters: captured with their facility data, built and written as a clean 837I."""

from __future__ import annotations

import datetime as dt

import pytest

from revcycle.charges import service as charges
from revcycle.claims import service, submission
from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
from tests.integration.claims.conftest import Demo
from tests.pyx12_oracle import pyx12_errors

DAY = dt.date.today() - dt.timedelta(days=5)


def inpatient_values(first: charges.EncounterView) -> dict:
    e = first.encounter
    return {
        "patient_id": e.patient_id,
        "rendering_provider_id": e.rendering_provider_id,
        "attending_provider_id": e.rendering_provider_id,
        "operating_provider_id": e.rendering_provider_id,
        "claim_type": "institutional",
        "date_of_service": DAY - dt.timedelta(days=2),
        "date_of_service_end": DAY,
        "place_of_service": "21",
        "diagnoses": ["I21.4", "E11.9"],
        "lines": [
            {"code": "99223", "revenue_code": "0120", "units": 3, "charge": Money("2400.00")},
            {"code": "93458", "revenue_code": "0481", "charge": Money("5200.00")},
        ],
        "institutional": {
            "type_of_bill": "111",
            "patient_status": "01",
            "admission_date": DAY - dt.timedelta(days=2),
            "admission_hour": "2210",
            "admission_type": "1",
            "admission_source": "7",
            "admitting_diagnosis": "R07.9",
            "value_codes": [{"code": "80", "amount": Money(2)}],
            "occurrence_codes": [{"code": "11", "date": DAY - dt.timedelta(days=3)}],
            "condition_codes": ["39"],
        },
    }


def test_an_inpatient_encounter_is_captured_built_scrubbed_and_written_as_a_clean_837i(demo: Demo):
    pid = demo.practice_id
    with demo.database.transaction() as uow:
        views, _ = charges.list_encounters(uow, practice_id=pid, status="open", limit=1, offset=0)
        row = charges.capture_encounter(uow, practice_id=pid, values=inpatient_values(views[0]))
        claim = service.build_claim(uow, practice_id=pid, encounter_id=row.id)
        bill = service.claim_of(claim).facility_bill
        assert bill is not None and bill.type_of_bill == "111" and bill.operating is not None
        findings = service.scrub_claim(uow, practice_id=pid, claim_id=claim.id)
        assert not [f for f in findings if f.is_error], findings
        batches = submission.prepare_batches(uow, practice_id=pid)
        (batch,) = [b for b in batches if b.file_name.startswith("837I")]
        assert batch.status == "created", batch.error
    text = batch.content
    assert ":11:A:1*" in text or "*11:A:1*" in text
    assert "CL1*1*7*01~" in text and "HI*ABJ:R079~" in text and "HI*BE:80:::2~" in text
    assert pyx12_errors(text) == []


def test_an_institutional_encounter_without_its_facility_data_is_refused_naming_the_fields(demo: Demo):
    pid = demo.practice_id
    with demo.database.transaction() as uow:
        views, _ = charges.list_encounters(uow, practice_id=pid, status="open", limit=1, offset=0)
        values = inpatient_values(views[0])
        values["institutional"] = {"type_of_bill": "111", "patient_status": "01"}
        with pytest.raises(FieldErrors) as exc:
            charges.capture_encounter(uow, practice_id=pid, values=values)
    assert {e.field for e in exc.value.errors} == {
        "institutional.admission_date",
        "institutional.admission_type",
        "institutional.admission_source",
        "institutional.admitting_diagnosis",
    }
