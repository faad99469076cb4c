"""Intake: the people and organisations a claim names, and the rules that keep claims from bouncing.

Pure: no database, no web. Validation functions take plain values and raise ``FieldErrors``
naming every field that is wrong (all of them at once, not just the first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from revcycle.kit.errors import FieldCollector, FieldErrors
from revcycle.kit.ids import NPI, TIN, Phone, StateCode, ZipCode

EARLIEST_BIRTH_DATE = date(1900, 1, 1)


class Sex(StrEnum):
    """Administrative sex as 837 DMG03 carries it."""

    FEMALE = "F"
    """Female."""
    MALE = "M"
    """Male."""
    UNKNOWN = "U"
    """Unknown."""


class ProviderKind(StrEnum):
    """Entity type qualifier (NM102)."""

    INDIVIDUAL = "individual"
    """A person (NM102 = 1)."""
    ORGANIZATION = "organization"
    """A group or facility (NM102 = 2)."""


class CoverageOrder(StrEnum):
    """Which payer is billed first (SBR01 P, S, T)."""

    PRIMARY = "primary"
    """Billed first (SBR01 = P)."""
    SECONDARY = "secondary"
    """Billed after the primary has adjudicated (SBR01 = S)."""
    TERTIARY = "tertiary"
    """Billed after the secondary (SBR01 = T)."""

    @property
    def sbr01(self) -> str:
        return {"primary": "P", "secondary": "S", "tertiary": "T"}[self.value]


class Relationship(StrEnum):
    """Patient's relationship to the subscriber (837 SBR02 / PAT01 individual relationship codes)."""

    SELF = "18"
    """The patient is the subscriber."""
    SPOUSE = "01"
    """Spouse of the subscriber."""
    CHILD = "19"
    """Child of the subscriber."""
    EMPLOYEE = "20"
    """Employee of the subscriber."""
    UNKNOWN = "21"
    """Relationship unknown."""
    ORGAN_DONOR = "39"
    """Organ donor."""
    CADAVER_DONOR = "40"
    """Cadaver donor."""
    LIFE_PARTNER = "53"
    """Life partner."""
    OTHER = "G8"
    """Other relationship."""


class ClaimFilingIndicator(StrEnum):
    """Claim filing indicator (SBR09): the kind of insurance."""

    MEDICARE_B = "MB"
    """Medicare Part B."""
    MEDICARE_A = "MA"
    """Medicare Part A."""
    MEDICAID = "MC"
    """Medicaid."""
    COMMERCIAL = "CI"
    """Commercial insurance company."""
    BLUE_CROSS = "BL"
    """Blue Cross / Blue Shield."""
    HMO = "HM"
    """Health maintenance organisation."""
    PPO = "12"
    """Preferred provider organisation."""
    POS = "13"
    """Point of service."""
    EPO = "14"
    """Exclusive provider organisation."""
    TRICARE = "CH"
    """TRICARE (formerly CHAMPUS)."""
    VETERANS = "VA"
    """Veterans Affairs plan."""
    WORKERS_COMP = "WC"
    """Workers' compensation."""
    AUTO = "AM"
    """Automobile medical."""
    SELF_PAY = "09"
    """Self-pay."""
    OTHER = "ZZ"
    """Mutually defined / other."""


@dataclass(frozen=True)
class Address:
    line1: str
    city: str
    state: str
    zip: str
    line2: str | None = None


def validate_address(address: Address | None, collector: FieldCollector, prefix: str = "address") -> None:
    if address is None:
        return
    if not address.line1.strip():
        collector.add(f"{prefix}.line1", "street address is required")
    if not address.city.strip():
        collector.add(f"{prefix}.city", "city is required")
    for parse, value, name in (
        (StateCode.parse, address.state, "state"),
        (ZipCode.parse, address.zip, "zip"),
    ):
        try:
            parse(value, field=f"{prefix}.{name}")
        except FieldErrors as exc:
            collector.absorb(exc)


def check(collector: FieldCollector, parse: object, value: str | None, field: str) -> None:
    """Run an identifier parser on an optional value, collecting its error."""
    if value is None or value == "":
        return
    try:
        parse(value, field=field)  # type: ignore[operator]
    except FieldErrors as exc:
        collector.absorb(exc)


def validate_birth_date(dob: date | None, today: date, collector: FieldCollector, field: str) -> None:
    if dob is None:
        collector.add(field, "date of birth is required")
    elif dob > today:
        collector.add(field, "date of birth cannot be in the future")
    elif dob < EARLIEST_BIRTH_DATE:
        collector.add(field, "date of birth cannot be before 1900-01-01")


def validate_practice(
    *, name: str, tin: str, billing_npi: str, phone: str | None, address: Address | None
) -> None:
    c = FieldCollector()
    if not name.strip():
        c.add("name", "practice name is required")
    check(c, TIN.parse, tin, "tin")
    check(c, NPI.parse, billing_npi, "billing_npi")
    check(c, Phone.parse, phone, "phone")
    validate_address(address, c)
    c.raise_if_any()


def validate_provider(
    *,
    kind: ProviderKind,
    npi: str,
    first_name: str | None,
    last_name: str | None,
    organization_name: str | None,
    is_billing: bool,
    is_rendering: bool,
    is_referring: bool,
) -> None:
    c = FieldCollector()
    check(c, NPI.parse, npi, "npi")
    if not npi:
        c.add("npi", "an NPI is required")
    if kind is ProviderKind.INDIVIDUAL:
        if not (last_name or "").strip():
            c.add("last_name", "an individual provider needs a last name")
        if not (first_name or "").strip():
            c.add("first_name", "an individual provider needs a first name")
    elif not (organization_name or "").strip():
        c.add("organization_name", "an organization provider needs an organization name")
    if not (is_billing or is_rendering or is_referring):
        c.add("roles", "a provider must be billing, rendering or referring (at least one)")
    c.raise_if_any()


def validate_payer(
    *,
    name: str,
    payer_code: str,
    timely_filing_days: int,
    member_id_pattern: str | None,
    address: Address | None,
) -> None:
    c = FieldCollector()
    if not name.strip():
        c.add("name", "payer name is required")
    if not re.fullmatch(r"[A-Za-z0-9]{2,80}", payer_code or ""):
        c.add("payer_code", "the clearinghouse payer ID is 2 to 80 letters or digits")
    if not 1 <= timely_filing_days <= 3650:
        c.add("timely_filing_days", "timely filing days must be between 1 and 3650")
    if member_id_pattern:
        try:
            re.compile(member_id_pattern)
        except re.error as exc:
            c.add("member_id_pattern", f"not a valid regular expression: {exc}")
    validate_address(address, c)
    c.raise_if_any()


def validate_person(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    today: date,
    phone: str | None,
    address: Address | None,
    email: str | None = None,
) -> None:
    c = FieldCollector()
    if not first_name.strip():
        c.add("first_name", "first name is required")
    if not last_name.strip():
        c.add("last_name", "last name is required")
    validate_birth_date(date_of_birth, today, c, "date_of_birth")
    check(c, Phone.parse, phone, "phone")
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        c.add("email", "not an e-mail address")
    validate_address(address, c)
    c.raise_if_any()


@dataclass(frozen=True)
class Subscriber:
    """The insured person, when the patient is not the subscriber."""

    first_name: str | None
    last_name: str | None
    date_of_birth: date | None
    sex: Sex | None


@dataclass(frozen=True)
class CoverageSpan:
    """What the overlap rule needs to know about another coverage of the same patient."""

    id: int | None
    order: CoverageOrder
    effective_date: date
    termination_date: date | None

    def active_on(self, day: date) -> bool:
        return self.effective_date <= day and (self.termination_date is None or day <= self.termination_date)

    def overlaps(self, other: CoverageSpan) -> bool:
        self_end = self.termination_date or date.max
        other_end = other.termination_date or date.max
        return self.effective_date <= other_end and other.effective_date <= self_end


def validate_coverage(
    *,
    member_id: str,
    relationship: Relationship,
    subscriber: Subscriber,
    span: CoverageSpan,
    today: date,
    member_id_pattern: str | None,
    others: Iterable[CoverageSpan],
) -> None:
    """Rules that make coverages bounce: member ID, subscriber data vs relationship, dates, overlap."""
    c = FieldCollector()
    if not re.fullmatch(r"[A-Za-z0-9-]{2,80}", member_id or ""):
        c.add("member_id", "member ID is 2 to 80 letters, digits or dashes")
    elif member_id_pattern and not re.fullmatch(member_id_pattern, member_id):
        c.add("member_id", "member ID does not match this payer's format")
    has_subscriber = any(
        v not in (None, "") for v in (subscriber.first_name, subscriber.last_name, subscriber.date_of_birth)
    )
    if relationship is Relationship.SELF and has_subscriber:
        c.add(
            "relationship",
            "relationship is self (18), so subscriber details must be left empty: "
            "the patient is the subscriber",
        )
    if relationship is not Relationship.SELF:
        if not (subscriber.last_name or "").strip():
            c.add(
                "subscriber.last_name",
                "the subscriber's last name is required when the patient is not the subscriber",
            )
        if not (subscriber.first_name or "").strip():
            c.add(
                "subscriber.first_name",
                "the subscriber's first name is required when the patient is not the subscriber",
            )
        validate_birth_date(subscriber.date_of_birth, today, c, "subscriber.date_of_birth")
    if span.termination_date is not None and span.termination_date < span.effective_date:
        c.add("termination_date", "termination date is before the effective date")
    else:
        for other in others:
            if other.id != span.id and other.order is span.order and other.overlaps(span):
                c.add(
                    "order",
                    f"the patient already has an active {span.order} coverage on these dates "
                    f"(coverage {other.id}); end it or choose another order",
                )
                break
    c.raise_if_any()
