"""API shapes for charges. Types only; rules live in ``domain`` and run in ``service``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from revcycle.charges import institutional
from revcycle.charges.domain import ClaimType, RelatedCause
from revcycle.charges.fees import ContractBasis
from revcycle.kit.money import Money
from revcycle.kit.schema_types import MoneyStr


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ChargeLineIn(Strict):
    code: str = Field(max_length=5, description="CPT or HCPCS")
    modifiers: list[str] = Field(default_factory=list, max_length=4)
    units: Decimal = Field(default=Decimal(1), description='a decimal string such as "1" or "2.5"')
    charge: MoneyStr | None = Field(default=None, description="leave out to price from the charge master")
    diagnosis_pointers: list[int] = Field(default_factory=lambda: [1], max_length=4)
    service_date: date | None = None
    ndc: str | None = None
    ndc_quantity: Decimal | None = None
    ndc_unit: str | None = Field(default=None, pattern=r"^(F2|GR|ME|ML|UN)$")
    revenue_code: str | None = None


class ValueCodeIn(Strict):
    code: str = Field(max_length=2, description="UB-04 value code, e.g. 80 covered days")
    amount: MoneyStr


class OccurrenceCodeIn(Strict):
    code: str = Field(max_length=2, description="UB-04 occurrence code, e.g. 11 onset of symptoms")
    date: date


class InstitutionalIn(Strict):
    """The facility part of an institutional (837I / UB-04) encounter."""

    type_of_bill: str = Field(description="facility type, classification, frequency 1, e.g. 131 or 111")
    patient_status: str = Field(description="discharge status, e.g. 01 home, 30 still a patient")
    admission_date: date | None = None
    admission_hour: str | None = Field(default=None, description="HHMM, 24-hour clock")
    admission_type: str | None = Field(default=None, description="1 emergency, 2 urgent, 3 elective...")
    admission_source: str | None = Field(default=None, description="point of origin, e.g. 1 non-facility")
    admitting_diagnosis: str | None = Field(default=None, description="ICD-10-CM; inpatient bills")
    value_codes: list[ValueCodeIn] = Field(default_factory=list, max_length=12)
    occurrence_codes: list[OccurrenceCodeIn] = Field(default_factory=list, max_length=12)
    condition_codes: list[str] = Field(default_factory=list, max_length=12)


class EncounterIn(Strict):
    patient_id: int
    rendering_provider_id: int
    referring_provider_id: int | None = None
    supervising_provider_id: int | None = None
    facility_id: int | None = None
    claim_type: ClaimType = ClaimType.PROFESSIONAL
    date_of_service: date
    date_of_service_end: date | None = None
    place_of_service: str | None = Field(default=None, description="defaults to the facility's")
    diagnoses: list[str] = Field(max_length=12, description="ICD-10-CM, principal first")
    lines: list[ChargeLineIn] = Field(max_length=50)
    prior_authorization: str | None = Field(default=None, max_length=50)
    referral_number: str | None = Field(default=None, max_length=50)
    related_causes: list[RelatedCause] = Field(default_factory=list, max_length=3)
    accident_state: str | None = Field(default=None, max_length=2)
    accident_date: date | None = None
    onset_date: date | None = Field(
        default=None, description="Onset of the current illness or injury (837P DTP*431, CMS-1500 box 14)."
    )
    attending_provider_id: int | None = Field(default=None, description="837I; defaults to the rendering")
    operating_provider_id: int | None = Field(default=None, description="837I operating physician")
    institutional: InstitutionalIn | None = Field(default=None, description="required when institutional")
    self_pay: bool = Field(
        default=False,
        description="the patient pays (bill no payer); a visit with no coverage in force is self-pay anyway",
    )


class EncounterPatch(Strict):
    """An edit: fields left out keep their values. ``lines`` replaces the list (line i matched with
    the stored line i; see ``charges.editing``). The patient of a visit is not edited."""

    rendering_provider_id: int | None = None
    referring_provider_id: int | None = None
    supervising_provider_id: int | None = None
    facility_id: int | None = None
    claim_type: ClaimType | None = None
    date_of_service: date | None = None
    date_of_service_end: date | None = None
    place_of_service: str | None = None
    diagnoses: list[str] | None = Field(default=None, max_length=12, description="ICD-10-CM, principal first")
    lines: list[ChargeLineIn] | None = Field(default=None, max_length=50)
    prior_authorization: str | None = Field(default=None, max_length=50)
    referral_number: str | None = Field(default=None, max_length=50)
    related_causes: list[RelatedCause] | None = Field(default=None, max_length=3)
    accident_state: str | None = Field(default=None, max_length=2)
    accident_date: date | None = None
    onset_date: date | None = Field(
        default=None, description="Onset of the current illness or injury (837P DTP*431, CMS-1500 box 14)."
    )
    attending_provider_id: int | None = None
    operating_provider_id: int | None = None
    institutional: InstitutionalIn | None = None

    @model_validator(mode="after")
    def _required_stay(self) -> EncounterPatch:
        for name in ("rendering_provider_id", "date_of_service", "diagnoses", "lines"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be emptied")
        return self


class EncounterEventOut(BaseModel):
    at: datetime
    actor: str
    event: str
    changes: dict[str, list[str | None]] = Field(description="field: [old value, new value]")


class ChargeLineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    line_number: int
    code: str
    modifiers: list[str]
    units: Decimal
    charge: MoneyStr
    charge_overridden: bool
    diagnosis_pointers: list[int]
    service_date: date
    ndc: str | None

    @model_validator(mode="before")
    @classmethod
    def _split(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return data
        values = {name: getattr(data, name) for name in data.__mapper__.columns.keys()}  # noqa: SIM118
        values["modifiers"] = [m for m in data.modifiers.split(",") if m]
        values["diagnosis_pointers"] = [int(p) for p in data.diagnosis_pointers.split(",") if p]
        return values


class EncounterOut(BaseModel):
    id: int
    patient_id: int
    status: str
    claim_type: str
    date_of_service: date
    date_of_service_end: date | None
    rendering_provider_id: int
    referring_provider_id: int | None
    supervising_provider_id: int | None
    facility_id: int | None
    place_of_service: str
    diagnoses: list[str]
    prior_authorization: str | None
    referral_number: str | None
    related_causes: list[str]
    accident_state: str | None = None
    accident_date: date | None = None
    onset_date: date | None = None
    attending_provider_id: int | None = None
    operating_provider_id: int | None = None
    institutional: dict[str, Any] | None = None
    total_charge: MoneyStr
    lines: list[ChargeLineOut]
    created_at: datetime

    @classmethod
    def of(cls, view: Any) -> EncounterOut:
        e = view.encounter
        lines = [ChargeLineOut.model_validate(ln) for ln in view.lines]
        return cls(
            id=e.id,
            patient_id=e.patient_id,
            status=e.status,
            claim_type=e.claim_type,
            date_of_service=e.date_of_service,
            date_of_service_end=e.date_of_service_end,
            rendering_provider_id=e.rendering_provider_id,
            referring_provider_id=e.referring_provider_id,
            supervising_provider_id=e.supervising_provider_id,
            facility_id=e.facility_id,
            place_of_service=e.place_of_service,
            diagnoses=[d for d in e.diagnoses.split(",") if d],
            prior_authorization=e.prior_authorization,
            referral_number=e.referral_number,
            related_causes=[r for r in e.related_causes.split(",") if r],
            accident_state=e.accident_state,
            accident_date=e.accident_date,
            onset_date=e.onset_date,
            attending_provider_id=e.attending_provider_id,
            operating_provider_id=e.operating_provider_id,
            institutional=institutional.as_data(data) if (data := institutional.from_row(e)) else None,
            total_charge=Money.total(ln.charge for ln in lines),
            lines=lines,
            created_at=e.created_at,
        )


class ChargeMasterEntry(Strict):
    code: str = Field(max_length=5)
    modifier: str = Field(default="", max_length=2)
    amount: MoneyStr
    description: str | None = Field(default=None, max_length=80)


class ChargeMasterIn(Strict):
    entries: list[ChargeMasterEntry] = Field(min_length=1, max_length=5000)


class ContractRate(Strict):
    code: str = Field(max_length=5)
    modifier: str = Field(default="", max_length=2)
    allowed: MoneyStr


class ContractIn(Strict):
    basis: ContractBasis
    percent: Decimal | None = None
    pfs_year: int | None = None
    locality: str | None = Field(default=None, pattern=r"^\d{5}-\d{2}$")
    rates: list[ContractRate] = Field(default_factory=list)


class AllowedQuery(Strict):
    payer_id: int
    code: str
    modifier: str = ""
    place_of_service: str = "11"


class AllowedOut(BaseModel):
    payer_id: int
    code: str
    allowed: MoneyStr | None


class QuestionIn(Strict):
    question: str = Field(min_length=1, max_length=4000)


class AnswerIn(Strict):
    answer: str = Field(min_length=1, max_length=4000)


class QueryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    encounter_id: int
    provider_id: int
    question: str
    asked_by: str
    asked_at: datetime
    answer: str | None
    answered_at: datetime | None
