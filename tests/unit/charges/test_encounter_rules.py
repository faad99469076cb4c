import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from revcycle.charges.domain import (
    ChargeLine,
    ClaimType,
    Encounter,
    RelatedCause,
    normalise_diagnosis,
    normalise_ndc,
    parse_units,
    validate_encounter,
)
from revcycle.charges.institutional import OccurrenceCode, ValueCode, institutional_from
from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money

TODAY = date(2024, 3, 1)


def make_encounter(**overrides) -> Encounter:
    values = {
        "date_of_service": date(2024, 2, 20),
        "place_of_service": "11",
        "diagnoses": ("E119", "I10"),
        "lines": (ChargeLine("99213", diagnosis_pointers=(1, 2)),),
    }
    return Encounter(**(values | overrides))


def fields_of(exc: pytest.ExceptionInfo[FieldErrors]) -> set[str]:
    return {e.field for e in exc.value.errors}


def test_a_well_formed_encounter_passes():
    validate_encounter(make_encounter(), today=TODAY)


def test_every_bad_field_is_named_at_once():
    bad = make_encounter(
        date_of_service=date(2024, 4, 1),
        place_of_service="1",
        diagnoses=("E119", "XYZ"),
        lines=(
            ChargeLine("9921", modifiers=("25", "59", "XS", "76", "77")),
            ChargeLine("99213", diagnosis_pointers=(3,), charge=Money("0.00")),
        ),
    )
    with pytest.raises(FieldErrors) as exc:
        validate_encounter(bad, today=TODAY)
    assert fields_of(exc) == {
        "date_of_service",
        "place_of_service",
        "diagnoses.1",
        "lines.0.code",
        "lines.0.modifiers",
        "lines.1.diagnosis_pointers",
        "lines.1.charge",
    }


def test_auto_accident_needs_the_state_and_an_ndc_needs_a_quantity():
    bad = make_encounter(
        related_causes=(RelatedCause.AUTO_ACCIDENT,),
        lines=(ChargeLine("J1885", ndc="00409378901"),),
    )
    with pytest.raises(FieldErrors) as exc:
        validate_encounter(bad, today=TODAY)
    assert fields_of(exc) == {"accident_state", "lines.0.ndc_quantity"}


def test_institutional_lines_need_revenue_codes_and_the_encounter_its_type_of_bill():
    with pytest.raises(FieldErrors) as exc:
        validate_encounter(make_encounter(claim_type=ClaimType.INSTITUTIONAL), today=TODAY)
    assert fields_of(exc) == {"lines.0.revenue_code", "institutional"}


def inpatient(**overrides) -> Encounter:
    data = institutional_from(
        {
            "type_of_bill": "111",
            "patient_status": "01",
            "admission_date": date(2024, 2, 18),
            "admission_hour": "22:10",
            "admission_type": "1",
            "admission_source": "7",
            "admitting_diagnosis": "r07.9",
            "value_codes": [{"code": "80", "amount": "3.00"}],
            "occurrence_codes": [{"code": "11", "date": date(2024, 2, 17)}],
            "condition_codes": ["39"],
        }
    )
    values = {
        "claim_type": ClaimType.INSTITUTIONAL,
        "date_of_service": date(2024, 2, 18),
        "date_of_service_end": date(2024, 2, 21),
        "lines": (ChargeLine("99223", revenue_code="0120"),),
        "institutional": data,
    }
    return make_encounter(**(values | overrides))


def test_a_complete_inpatient_encounter_passes_with_codes_normalised():
    e = inpatient()
    validate_encounter(e, today=TODAY)
    assert e.institutional.admission_hour == "2210" and e.institutional.admitting_diagnosis == "R079"
    assert e.institutional.is_inpatient and e.institutional.facility_type_code == "11"


def test_an_inpatient_bill_names_each_missing_or_malformed_field():
    bad = dataclasses.replace(
        inpatient().institutional,
        type_of_bill="117",
        patient_status="1",
        admission_date=None,
        admission_hour="2560",
        admission_type="7",
        admitting_diagnosis="",
        condition_codes=("3",),
        value_codes=(ValueCode("80", Money("-1.00")),),
        occurrence_codes=(OccurrenceCode("11", date(2024, 2, 25)),),
    )
    with pytest.raises(FieldErrors) as exc:
        validate_encounter(inpatient(institutional=bad), today=TODAY)
    assert fields_of(exc) == {
        "institutional.type_of_bill",
        "institutional.patient_status",
        "institutional.admission_hour",
        "institutional.admission_type",
        "institutional.condition_codes.0",
        "institutional.value_codes.0.amount",
        "institutional.occurrence_codes.0.date",
    }
    inpatient_bill = dataclasses.replace(bad, type_of_bill="111", patient_status="01", admission_hour="")
    with pytest.raises(FieldErrors) as exc:
        validate_encounter(inpatient(institutional=inpatient_bill), today=TODAY)
    assert {"institutional.admission_date", "institutional.admitting_diagnosis"} <= fields_of(exc)


def test_an_outpatient_bill_needs_no_admission_and_a_professional_encounter_no_type_of_bill():
    outpatient = dataclasses.replace(
        inpatient().institutional,
        type_of_bill="131",
        admission_date=None,
        admission_hour="",
        admission_type="",
        admission_source="",
        admitting_diagnosis="",
    )
    validate_encounter(inpatient(institutional=outpatient), today=TODAY)
    with pytest.raises(FieldErrors) as exc:
        validate_encounter(make_encounter(institutional=outpatient), today=TODAY)
    assert fields_of(exc) == {"institutional"}


def test_codes_are_normalised():
    assert normalise_diagnosis(" e11.9 ") == "E119"
    assert normalise_ndc("0409-3789-01") == "00409378901"
    with pytest.raises(FieldErrors):
        normalise_ndc("12-34", field="lines.0.ndc")
    assert parse_units("2.5", field="units") == Decimal("2.5")
    with pytest.raises(FieldErrors):
        parse_units(1.5, field="units")
