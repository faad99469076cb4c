"""A claim as billed: everything an 837 carries, in words rather than segment names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from revcycle.charges.institutional import OccurrenceCode, ValueCode
from revcycle.kit.money import Money

PCN_MAX = 20


class FrequencyCode(StrEnum):
    """Claim frequency (CLM05-3): what this submission is to the payer."""

    ORIGINAL = "1"
    """A first submission."""
    REPLACEMENT = "7"
    """Replaces a claim the payer already has (carries REF*F8)."""
    VOID = "8"
    """Cancels a claim the payer already has (carries REF*F8)."""


class ClaimKind(StrEnum):
    """837P or 837I."""

    PROFESSIONAL = "professional"
    """837P / CMS-1500."""
    INSTITUTIONAL = "institutional"
    """837I / UB-04."""


@dataclass(frozen=True)
class PostalAddress:
    line1: str
    city: str
    state: str
    zip: str
    line2: str = ""


@dataclass(frozen=True)
class Party:
    """A provider or organisation named on the claim (billing, rendering, referring, facility)."""

    last_name: str
    """An organisation's name, or a person's last name."""
    first_name: str = ""
    is_person: bool = True
    npi: str = ""
    taxonomy: str = ""
    tax_id: str = ""
    address: PostalAddress | None = None


@dataclass(frozen=True)
class Person:
    """The subscriber or the patient."""

    last_name: str
    first_name: str
    date_of_birth: date | None
    sex: str
    middle_name: str = ""
    suffix: str = ""
    address: PostalAddress | None = None


@dataclass(frozen=True)
class PayerInfo:
    """Who the claim goes to (2010BB) and the kind of insurance (SBR09)."""

    payer_id: int
    name: str
    payer_code: str
    claim_filing_indicator: str
    timely_filing_days: int
    member_id_pattern: str | None = None


@dataclass(frozen=True)
class ClaimLine:
    line_number: int
    code: str
    charge: Money
    units: Decimal
    service_date: date
    diagnosis_pointers: tuple[int, ...]
    modifiers: tuple[str, ...] = ()
    ndc: str | None = None
    ndc_quantity: Decimal | None = None
    ndc_unit: str = "UN"
    revenue_code: str | None = None


@dataclass(frozen=True)
class FacilityBill:
    """What an institutional claim carries beyond a professional one (UB-04 / 837I)."""

    type_of_bill: str
    """Facility type, classification and the encounter's frequency (``131``); CLM05-1 is the first two."""
    patient_status: str
    admission_date: date | None = None
    admission_hour: str = ""
    admission_type: str = ""
    admission_source: str = ""
    admitting_diagnosis: str = ""
    attending: Party | None = None
    operating: Party | None = None
    value_codes: tuple[ValueCode, ...] = ()
    occurrence_codes: tuple[OccurrenceCode, ...] = ()
    condition_codes: tuple[str, ...] = ()

    @property
    def facility_type_code(self) -> str:
        return self.type_of_bill[:2]

    @property
    def is_inpatient(self) -> bool:
        tob = self.type_of_bill
        return (tob[:1] in "1246" and tob[1:2] == "1") or tob[:2] == "18"


@dataclass(frozen=True)
class Claim:
    """One claim to one payer, as it is (or will be) sent."""

    patient_control_number: str
    kind: ClaimKind
    frequency_code: FrequencyCode
    payer: PayerInfo
    payer_responsibility: str
    """SBR01: P, S or T."""
    billing: Party
    subscriber: Person
    member_id: str
    relationship: str
    """Patient's relationship to the subscriber (SBR02 ``18`` or PAT01)."""
    patient: Person
    place_of_service: str
    diagnoses: tuple[str, ...]
    lines: tuple[ClaimLine, ...]
    date_of_service: date
    group_number: str = ""
    rendering: Party | None = None
    referring: Party | None = None
    supervising: Party | None = None
    service_facility: Party | None = None
    date_of_service_end: date | None = None
    prior_authorization: str = ""
    referral_number: str = ""
    related_causes: tuple[str, ...] = ()
    accident_state: str = ""
    accident_date: date | None = None
    onset_date: date | None = None
    """Onset of the current illness or injury: 837P 2300 DTP*431, CMS-1500 box 14 (qualifier 431)."""
    payer_claim_control_number: str = ""
    """REF*F8 on replacements and voids: the payer's number for the original claim."""
    facility_bill: FacilityBill | None = None
    """Institutional claims only: type of bill, admission, status, attending, UB-04 codes."""

    @property
    def total_charge(self) -> Money:
        return Money.total(line.charge for line in self.lines)

    @property
    def patient_is_subscriber(self) -> bool:
        return self.relationship == "18"

    @property
    def last_date_of_service(self) -> date:
        return self.date_of_service_end or self.date_of_service

    def duplicate_key(self) -> tuple[int, str, date, tuple[str, ...]]:
        """Same payer, patient, date and codes: what makes two claims the same bill."""
        name = f"{self.patient.last_name}|{self.patient.first_name}|{self.patient.date_of_birth}"
        codes = tuple(sorted(f"{ln.code}{''.join(ln.modifiers)}" for ln in self.lines))
        return (self.payer.payer_id, name, self.date_of_service, codes)
