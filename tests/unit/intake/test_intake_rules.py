from datetime import date

import pytest

from revcycle.intake import domain
from revcycle.intake.domain import CoverageOrder, CoverageSpan, ProviderKind, Relationship, Subscriber
from revcycle.kit.errors import FieldErrors

TODAY = date(2026, 3, 1)
NO_SUBSCRIBER = Subscriber(None, None, None, None)


def fields(exc_info: pytest.ExceptionInfo[FieldErrors]) -> set[str]:
    return {e.field for e in exc_info.value.errors}


def person(**overrides):
    values = {
        "first_name": "Ann",
        "last_name": "Lee",
        "date_of_birth": date(1980, 1, 1),
        "today": TODAY,
        "phone": None,
        "address": None,
    }
    return values | overrides


def test_birth_date_in_the_future_is_refused():
    with pytest.raises(FieldErrors) as info:
        domain.validate_person(**person(date_of_birth=date(2026, 3, 2)))
    assert fields(info) == {"date_of_birth"}


def test_birth_date_before_1900_is_refused():
    with pytest.raises(FieldErrors) as info:
        domain.validate_person(**person(date_of_birth=date(1899, 12, 31)))
    assert "1900" in info.value.errors[0].message


def test_birth_date_today_and_1900_are_accepted():
    domain.validate_person(**person(date_of_birth=TODAY))
    domain.validate_person(**person(date_of_birth=date(1900, 1, 1)))


def test_every_wrong_field_of_a_person_is_reported_at_once():
    address = domain.Address(line1="", city="", state="ZZ", zip="1")
    with pytest.raises(FieldErrors) as info:
        domain.validate_person(**person(first_name="", phone="12", address=address, email="nope"))
    assert fields(info) == {
        "first_name",
        "phone",
        "email",
        "address.line1",
        "address.city",
        "address.state",
        "address.zip",
    }


def test_provider_with_bad_npi_names_npi():
    with pytest.raises(FieldErrors) as info:
        domain.validate_provider(
            kind=ProviderKind.INDIVIDUAL,
            npi="1234567890",
            first_name="A",
            last_name="B",
            organization_name=None,
            is_billing=False,
            is_rendering=True,
            is_referring=False,
        )
    assert fields(info) == {"npi"}


def test_organization_provider_needs_organization_name_and_a_role():
    with pytest.raises(FieldErrors) as info:
        domain.validate_provider(
            kind=ProviderKind.ORGANIZATION,
            npi="1234567893",
            first_name=None,
            last_name=None,
            organization_name="",
            is_billing=False,
            is_rendering=False,
            is_referring=False,
        )
    assert fields(info) == {"organization_name", "roles"}


def coverage(**overrides):
    values = {
        "member_id": "ABC123",
        "relationship": Relationship.SELF,
        "subscriber": NO_SUBSCRIBER,
        "span": CoverageSpan(None, CoverageOrder.PRIMARY, date(2026, 1, 1), None),
        "today": TODAY,
        "member_id_pattern": None,
        "others": [],
    }
    return values | overrides


def test_self_coverage_with_subscriber_details_is_refused():
    with pytest.raises(FieldErrors) as info:
        domain.validate_coverage(**coverage(subscriber=Subscriber("Bo", "Lee", date(1970, 1, 1), None)))
    assert fields(info) == {"relationship"}


def test_dependent_coverage_needs_the_subscriber():
    with pytest.raises(FieldErrors) as info:
        domain.validate_coverage(**coverage(relationship=Relationship.CHILD))
    assert fields(info) == {"subscriber.first_name", "subscriber.last_name", "subscriber.date_of_birth"}


def test_dependent_coverage_with_subscriber_is_accepted():
    domain.validate_coverage(
        **coverage(
            relationship=Relationship.SPOUSE, subscriber=Subscriber("Bo", "Lee", date(1970, 1, 1), None)
        )
    )


def test_coverage_ending_before_it_starts_is_refused():
    span = CoverageSpan(None, CoverageOrder.PRIMARY, date(2026, 5, 1), date(2026, 4, 30))
    with pytest.raises(FieldErrors) as info:
        domain.validate_coverage(**coverage(span=span))
    assert fields(info) == {"termination_date"}


def test_two_active_coverages_with_the_same_order_on_one_date_are_refused():
    other = CoverageSpan(7, CoverageOrder.PRIMARY, date(2025, 1, 1), None)
    with pytest.raises(FieldErrors) as info:
        domain.validate_coverage(**coverage(others=[other]))
    assert fields(info) == {"order"}


def test_same_order_is_fine_when_the_earlier_coverage_ended_before():
    ended = CoverageSpan(7, CoverageOrder.PRIMARY, date(2025, 1, 1), date(2025, 12, 31))
    secondary = CoverageSpan(8, CoverageOrder.SECONDARY, date(2025, 1, 1), None)
    domain.validate_coverage(**coverage(others=[ended, secondary]))


def test_member_id_must_match_the_payer_pattern():
    with pytest.raises(FieldErrors) as info:
        domain.validate_coverage(**coverage(member_id="123", member_id_pattern=r"XYZ\d{9}"))
    assert fields(info) == {"member_id"}
    domain.validate_coverage(**coverage(member_id="XYZ123456789", member_id_pattern=r"XYZ\d{9}"))


def test_payer_with_invalid_pattern_and_filing_days_is_refused():
    with pytest.raises(FieldErrors) as info:
        domain.validate_payer(
            name="P", payer_code="X", timely_filing_days=0, member_id_pattern="([", address=None
        )
    assert fields(info) == {"payer_code", "timely_filing_days", "member_id_pattern"}


def test_practice_needs_valid_tin_and_billing_npi():
    with pytest.raises(FieldErrors) as info:
        domain.validate_practice(name="", tin="1", billing_npi="1234567890", phone=None, address=None)
    assert fields(info) == {"name", "tin", "billing_npi"}
