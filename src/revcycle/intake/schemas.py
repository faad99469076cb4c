"""API shapes for intake. Types only; business rules live in ``domain`` and run in ``service``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from revcycle.intake.domain import (
    ClaimFilingIndicator,
    CoverageOrder,
    ProviderKind,
    Relationship,
    Sex,
)
from revcycle.kit.schema_types import MoneyStr


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AddressIn(Strict):
    line1: str = Field(max_length=55)
    line2: str | None = Field(default=None, max_length=55)
    city: str = Field(max_length=30)
    state: str = Field(max_length=2)
    zip: str = Field(max_length=10)


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    created_at: datetime
    updated_at: datetime


def _address_from_row(data: Any) -> Any:
    """Rows keep the address in flat columns; the API shows one nested object."""
    if isinstance(data, dict) or not hasattr(data, "address_line1"):
        return data
    values = {name: getattr(data, name) for name in data.__mapper__.columns.keys()}  # noqa: SIM118
    values["address"] = (
        {
            "line1": data.address_line1,
            "line2": data.address_line2,
            "city": data.city,
            "state": data.state,
            "zip": data.zip,
        }
        if data.address_line1
        else None
    )
    return values


class WithAddressOut(Out):
    address: AddressIn | None = None

    @model_validator(mode="before")
    @classmethod
    def _flatten(cls, data: Any) -> Any:
        return _address_from_row(data)


# -- practices ---------------------------------------------------------------------------------
class PracticeIn(Strict):
    name: str = Field(max_length=60)
    tin: str = Field(description="EIN, 9 digits (dash allowed)")
    billing_npi: str
    taxonomy_code: str | None = Field(default=None, max_length=10)
    phone: str | None = None
    address: AddressIn


class PracticePatch(Strict):
    name: str | None = Field(default=None, max_length=60)
    tin: str | None = None
    billing_npi: str | None = None
    taxonomy_code: str | None = Field(default=None, max_length=10)
    phone: str | None = None
    address: AddressIn | None = None


class PracticeOut(WithAddressOut):
    name: str
    tin: str
    billing_npi: str
    taxonomy_code: str | None
    phone: str | None


# -- providers ---------------------------------------------------------------------------------
class ProviderIn(Strict):
    kind: ProviderKind = ProviderKind.INDIVIDUAL
    first_name: str | None = Field(default=None, max_length=35)
    last_name: str | None = Field(default=None, max_length=60)
    organization_name: str | None = Field(default=None, max_length=60)
    credentials: str | None = Field(default=None, max_length=20)
    npi: str
    taxonomy_code: str | None = Field(default=None, max_length=10)
    is_billing: bool = False
    is_rendering: bool = True
    is_referring: bool = False
    active: bool = True


class ProviderPatch(Strict):
    first_name: str | None = Field(default=None, max_length=35)
    last_name: str | None = Field(default=None, max_length=60)
    organization_name: str | None = Field(default=None, max_length=60)
    credentials: str | None = Field(default=None, max_length=20)
    npi: str | None = None
    taxonomy_code: str | None = Field(default=None, max_length=10)
    is_billing: bool | None = None
    is_rendering: bool | None = None
    is_referring: bool | None = None
    active: bool | None = None


class ProviderOut(Out, ProviderIn):
    model_config = ConfigDict(from_attributes=True)


# -- facilities --------------------------------------------------------------------------------
class FacilityIn(Strict):
    name: str = Field(max_length=60)
    npi: str | None = None
    place_of_service: str = Field(default="11", pattern=r"^\d{2}$")
    address: AddressIn
    active: bool = True


class FacilityPatch(Strict):
    name: str | None = Field(default=None, max_length=60)
    npi: str | None = None
    place_of_service: str | None = Field(default=None, pattern=r"^\d{2}$")
    address: AddressIn | None = None
    active: bool | None = None


class FacilityOut(WithAddressOut):
    name: str
    npi: str | None
    place_of_service: str
    active: bool


# -- payers ------------------------------------------------------------------------------------
class PayerIn(Strict):
    name: str = Field(max_length=60)
    payer_code: str = Field(description="the clearinghouse payer ID (NM109 of loop 2010BB)")
    claim_filing_indicator: ClaimFilingIndicator = ClaimFilingIndicator.COMMERCIAL
    timely_filing_days: int = 365
    member_id_pattern: str | None = Field(default=None, max_length=200)
    phone: str | None = None
    address: AddressIn | None = None
    active: bool = True


class PayerPatch(Strict):
    name: str | None = Field(default=None, max_length=60)
    payer_code: str | None = None
    claim_filing_indicator: ClaimFilingIndicator | None = None
    timely_filing_days: int | None = None
    member_id_pattern: str | None = Field(default=None, max_length=200)
    phone: str | None = None
    address: AddressIn | None = None
    active: bool | None = None


class PayerOut(WithAddressOut):
    name: str
    payer_code: str
    claim_filing_indicator: ClaimFilingIndicator
    timely_filing_days: int
    member_id_pattern: str | None
    phone: str | None
    active: bool


# -- guarantors and patients -------------------------------------------------------------------
class GuarantorIn(Strict):
    first_name: str = Field(max_length=35)
    last_name: str = Field(max_length=60)
    date_of_birth: date | None = None
    phone: str | None = None
    email: str | None = Field(default=None, max_length=120)
    address: AddressIn


class GuarantorPatch(Strict):
    first_name: str | None = Field(default=None, max_length=35)
    last_name: str | None = Field(default=None, max_length=60)
    date_of_birth: date | None = None
    phone: str | None = None
    email: str | None = Field(default=None, max_length=120)
    address: AddressIn | None = None


class GuarantorOut(WithAddressOut):
    first_name: str
    last_name: str
    date_of_birth: date | None
    phone: str | None
    email: str | None


class PatientIn(Strict):
    account_number: str | None = Field(
        default=None, max_length=20, description="assigned by revcycle when left out"
    )
    first_name: str = Field(max_length=35)
    middle_name: str | None = Field(default=None, max_length=25)
    last_name: str = Field(max_length=60)
    suffix: str | None = Field(default=None, max_length=10)
    date_of_birth: date
    sex: Sex
    phone: str | None = None
    email: str | None = Field(default=None, max_length=120)
    address: AddressIn
    guarantor_id: int | None = None
    guarantor_relationship: Relationship | None = None


class PatientPatch(Strict):
    first_name: str | None = Field(default=None, max_length=35)
    middle_name: str | None = Field(default=None, max_length=25)
    last_name: str | None = Field(default=None, max_length=60)
    suffix: str | None = Field(default=None, max_length=10)
    date_of_birth: date | None = None
    sex: Sex | None = None
    phone: str | None = None
    email: str | None = Field(default=None, max_length=120)
    address: AddressIn | None = None
    guarantor_id: int | None = None
    guarantor_relationship: Relationship | None = None


class PatientOut(WithAddressOut):
    account_number: str
    first_name: str
    middle_name: str | None
    last_name: str
    suffix: str | None
    date_of_birth: date
    sex: Sex
    phone: str | None
    email: str | None
    guarantor_id: int | None
    guarantor_relationship: Relationship | None


class PatientSearch(Strict):
    """Sent in a POST body so that names and birth dates never travel in a URL."""

    last_name: str | None = None
    first_name: str | None = None
    date_of_birth: date | None = None
    account_number: str | None = None
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)


# -- coverages ---------------------------------------------------------------------------------
class SubscriberIn(Strict):
    first_name: str | None = Field(default=None, max_length=35)
    last_name: str | None = Field(default=None, max_length=60)
    date_of_birth: date | None = None
    sex: Sex | None = None


class CoverageIn(Strict):
    patient_id: int
    payer_id: int
    plan_name: str | None = Field(default=None, max_length=60)
    member_id: str = Field(max_length=80)
    group_number: str | None = Field(default=None, max_length=50)
    order: CoverageOrder = CoverageOrder.PRIMARY
    relationship: Relationship = Relationship.SELF
    subscriber: SubscriberIn | None = None
    effective_date: date
    termination_date: date | None = None
    copay: MoneyStr | None = None


class CoveragePatch(Strict):
    plan_name: str | None = Field(default=None, max_length=60)
    member_id: str | None = Field(default=None, max_length=80)
    group_number: str | None = Field(default=None, max_length=50)
    order: CoverageOrder | None = None
    relationship: Relationship | None = None
    subscriber: SubscriberIn | None = None
    effective_date: date | None = None
    termination_date: date | None = None
    copay: MoneyStr | None = None


class CoverageOut(Out):
    patient_id: int
    payer_id: int
    plan_name: str | None
    member_id: str
    group_number: str | None
    order: CoverageOrder
    relationship: Relationship
    subscriber: SubscriberIn | None
    effective_date: date
    termination_date: date | None
    copay: MoneyStr | None

    @model_validator(mode="before")
    @classmethod
    def _nest_subscriber(cls, data: Any) -> Any:
        if isinstance(data, dict) or not hasattr(data, "subscriber_last_name"):
            return data
        values = {name: getattr(data, name) for name in data.__mapper__.columns.keys()}  # noqa: SIM118
        values["subscriber"] = (
            {
                "first_name": data.subscriber_first_name,
                "last_name": data.subscriber_last_name,
                "date_of_birth": data.subscriber_date_of_birth,
                "sex": data.subscriber_sex,
            }
            if data.subscriber_last_name
            else None
        )
        return values
