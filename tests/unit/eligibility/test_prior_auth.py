"""Prior authorization gaps (pure) and the scrubber's PRIOR-AUTH rule."""

from __future__ import annotations

from datetime import date

import pytest

from revcycle.claims.scrubber import RULES, ScrubContext, scrub
from revcycle.claims.scrubber.prior_authorization import prior_authorization
from revcycle.eligibility.authorizations import Authorization, LineToCheck, gaps, validate
from revcycle.kit.errors import FieldErrors
from revcycle.kit.findings import Severity
from tests.unit.claims.factories import make_claim

MRI = "72148"
DOS = date(2026, 3, 2)


def auth(**overrides: object) -> Authorization:
    values: dict[str, object] = {
        "number": "PA-1",
        "codes": frozenset({MRI}),
        "valid_from": date(2026, 3, 1),
        "valid_to": date(2026, 3, 31),
        "authorized_units": 2,
        "units_used": 0,
    }
    return Authorization(**(values | overrides))  # type: ignore[arg-type]


def line(**overrides: object) -> LineToCheck:
    values: dict[str, object] = {"line_number": 1, "code": MRI, "service_date": DOS, "units": 1}
    return LineToCheck(**(values | overrides))  # type: ignore[arg-type]


def test_code_that_needs_no_authorization_is_never_a_gap() -> None:
    assert gaps([line(code="99213")], frozenset({MRI}), []) == {}


def test_missing_authorization_is_a_gap() -> None:
    assert "none is on file" in gaps([line()], frozenset({MRI}), [])[1]


def test_current_authorization_with_units_left_covers_the_line() -> None:
    assert gaps([line()], frozenset({MRI}), [auth()]) == {}


def test_expired_authorization_is_a_gap() -> None:
    found = gaps([line(service_date=date(2026, 4, 2))], frozenset({MRI}), [auth()])
    assert "not valid on 2026-04-02" in found[1]


def test_authorization_with_its_units_used_up_is_a_gap() -> None:
    assert "used up" in gaps([line()], frozenset({MRI}), [auth(units_used=2)])[1]


def test_line_already_linked_counts_inside_the_used_units() -> None:
    assert gaps([line(linked=True)], frozenset({MRI}), [auth(units_used=2)]) == {}


def test_authorization_without_unit_limit_never_runs_out() -> None:
    assert gaps([line(units=9)], frozenset({MRI}), [auth(authorized_units=None, units_used=50)]) == {}


def test_new_authorization_names_every_bad_field() -> None:
    with pytest.raises(FieldErrors) as caught:
        validate(number=" ", codes=[], valid_from=DOS, valid_to=date(2026, 1, 1), authorized_units=0)
    assert {e.field for e in caught.value.errors} == {"number", "codes", "valid_to", "authorized_units"}


def test_scrubber_warns_on_a_line_without_its_authorization() -> None:
    claim = make_claim()
    number = claim.lines[0].line_number
    found = prior_authorization(claim, ScrubContext(today=DOS, authorization_gaps={number: "needs one"}))
    assert [(f.rule_id, f.severity) for f in found] == [("PRIOR-AUTH", Severity.WARNING)]
    assert found[0].field == "lines.0.code"


def test_scrubber_is_silent_when_every_authorization_is_in_place() -> None:
    claim = make_claim()
    assert prior_authorization(claim, ScrubContext(today=DOS)) == []
    assert not [f for f in scrub(claim, ScrubContext(today=DOS)) if f.rule_id == "PRIOR-AUTH"]


def test_prior_auth_rule_is_registered() -> None:
    assert "PRIOR-AUTH" in [r.rule_id for r in RULES]
