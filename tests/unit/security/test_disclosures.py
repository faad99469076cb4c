"""Checking a disclosure before it is recorded, and reading its date back from the audit detail."""

from __future__ import annotations

from datetime import date

import pytest

from revcycle.kit.errors import FieldErrors
from revcycle.security.domain import DisclosurePurpose, disclosure_parts, validate_disclosure

TODAY = date(2026, 4, 1)


def test_a_disclosure_without_a_purpose_recipient_or_description_names_each_field():
    with pytest.raises(FieldErrors) as raised:
        validate_disclosure(purpose="", recipient=" ", detail=None, disclosed_on=None, today=TODAY)
    assert {e.field for e in raised.value.errors} == {"purpose", "recipient"}
    with pytest.raises(FieldErrors) as raised:
        validate_disclosure(purpose="legal", recipient="Court", detail="  ", disclosed_on=None, today=TODAY)
    assert [e.field for e in raised.value.errors] == ["detail"]


def test_a_disclosure_for_payment_needs_no_description_but_none_is_dated_in_the_future():
    checked = validate_disclosure(
        purpose="payment", recipient=" Summit Blue Cross ", detail=None, disclosed_on=None, today=TODAY
    )
    assert checked.purpose is DisclosurePurpose.PAYMENT and checked.recipient == "Summit Blue Cross"
    with pytest.raises(FieldErrors) as raised:
        validate_disclosure(
            purpose="payment", recipient="Payer", detail=None, disclosed_on=date(2026, 4, 2), today=TODAY
        )
    assert [e.field for e in raised.value.errors] == ["disclosed_on"]


def test_the_date_of_a_disclosure_is_kept_in_its_detail_and_read_back():
    checked = validate_disclosure(
        purpose="legal", recipient="Court", detail="notes", disclosed_on=date(2026, 3, 2), today=TODAY
    )
    assert checked.audit_detail == "disclosed on 2026-03-02; notes"
    assert disclosure_parts(checked.audit_detail) == (date(2026, 3, 2), "notes")
    assert disclosure_parts("records") == (None, "records")
    assert disclosure_parts(None) == (None, None)
