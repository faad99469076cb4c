"""``parse(write(model)) == model`` for every writer, over generated models (issue 4), and pyx12
accepting every generated file of the types it knows (837I, 999, 277CA)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from revcycle.x12 import parse, write
from tests.pyx12_oracle import pyx12_errors
from tests.unit.x12 import strategies as s

ROUND_TRIP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# pyx12 takes a good part of a second a file
ORACLE = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_round_trip(model: Any) -> str:
    text = write(model)
    assert parse(text) == [model], text
    return text


@ROUND_TRIP
@given(s.institutional_837s())
def test_837i_parse_of_write_gives_back_the_model(model: Any) -> None:
    assert_round_trip(model)


@ROUND_TRIP
@given(s.acknowledgments_999())
def test_999_parse_of_write_gives_back_the_model(model: Any) -> None:
    assert_round_trip(model)


@ROUND_TRIP
@given(s.interchange_acknowledgments())
def test_ta1_parse_of_write_gives_back_the_model(model: Any) -> None:
    assert_round_trip(model)


@ROUND_TRIP
@given(s.claim_acknowledgments())
def test_277ca_parse_of_write_gives_back_the_model(model: Any) -> None:
    assert_round_trip(model)


@ROUND_TRIP
@given(s.eligibility_requests())
def test_270_parse_of_write_gives_back_the_model(model: Any) -> None:
    assert_round_trip(model)


@ROUND_TRIP
@given(s.eligibility_responses())
def test_271_parse_of_write_gives_back_the_model(model: Any) -> None:
    assert_round_trip(model)


@ROUND_TRIP
@given(s.status_requests())
def test_276_parse_of_write_gives_back_the_model(model: Any) -> None:
    assert_round_trip(model)


@ROUND_TRIP
@given(s.status_responses())
def test_277_parse_of_write_gives_back_the_model(model: Any) -> None:
    assert_round_trip(model)


@ORACLE
@given(s.institutional_837s())
def test_every_generated_837i_passes_pyx12(model: Any) -> None:
    assert pyx12_errors(write(model)) == []


@ORACLE
@given(s.acknowledgments_999())
def test_every_generated_999_passes_pyx12(model: Any) -> None:
    assert pyx12_errors(write(model)) == []


@ORACLE
@given(s.claim_acknowledgments())
def test_every_generated_277ca_passes_pyx12(model: Any) -> None:
    assert pyx12_errors(write(model)) == []
