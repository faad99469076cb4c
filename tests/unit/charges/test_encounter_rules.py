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


def test_institutional_lines_need_revenue_codes():
    with pytest.raises(FieldErrors) as exc:
        validate_encounter(make_encounter(claim_type=ClaimType.INSTITUTIONAL), today=TODAY)
    assert fields_of(exc) == {"lines.0.revenue_code"}


def test_codes_are_normalised():
    assert normalise_diagnosis(" e11.9 ") == "E119"
    assert normalise_ndc("0409-3789-01") == "00409378901"
    with pytest.raises(FieldErrors):
        normalise_ndc("12-34", field="lines.0.ndc")
    assert parse_units("2.5", field="units") == Decimal("2.5")
    with pytest.raises(FieldErrors):
        parse_units(1.5, field="units")
