"""837I models: like 837P, with type of bill, statement dates, admission and revenue-coded lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from revcycle.kit.money import Money
from revcycle.x12.core.common import Address, Name
from revcycle.x12.core.loops import RawSegment
from revcycle.x12.x837.models import Drug, LineAdjudication, OtherSubscriber, Transaction837

GUIDE = "005010X223A2"


@dataclass(frozen=True, slots=True)
class InstitutionalService:
    """2400: LX, SV2 (revenue code, optional procedure, charge, units), DTP*472, REF*6R, 2410 drug
    (LIN/CTP: the NDC of a drug billed on the line), 2430."""

    line_number: int
    revenue_code: str
    charge_amount: Money
    units: Decimal
    procedure_code: str = ""
    procedure_qualifier: str = "HC"
    modifiers: tuple[str, ...] = ()
    unit_basis: str = "UN"
    unit_rate: Decimal | None = None
    non_covered_charge_amount: Money | None = None
    service_date: dt.date | None = None
    service_date_end: dt.date | None = None
    line_item_control_number: str = ""
    drug: Drug | None = None
    adjudications: tuple[LineAdjudication, ...] = ()
    other_segments: tuple[RawSegment, ...] = ()


@dataclass(frozen=True, slots=True)
class InstitutionalClaim:
    """2300: CLM (facility type : A : frequency), DTP*434/435, CL1, HI (ABK, ABJ, ABF), providers."""

    patient_control_number: str
    total_claim_charge_amount: Money
    facility_type_code: str
    statement_from: dt.date
    statement_to: dt.date
    principal_diagnosis: str
    services: tuple[InstitutionalService, ...]
    frequency_code: str = "1"
    facility_code_qualifier: str = "A"
    provider_signature: str = ""
    """CLM06 is not used in 837I; kept only so files that send it write back unchanged."""
    assignment: str = "A"
    benefits_assignment: str = "Y"
    release_of_information: str = "Y"
    admission_date: dt.date | None = None
    admission_hour: str = ""
    admission_type: str = ""
    admission_source: str = ""
    patient_status: str = ""
    payer_claim_control_number: str = ""
    prior_authorization: str = ""
    diagnosis_qualifier: str = "ABK"
    admitting_diagnosis: str = ""
    other_diagnoses: tuple[str, ...] = ()
    attending_provider: Name | None = None
    attending_taxonomy: str = ""
    rendering_provider: Name | None = None
    service_facility: Name | None = None
    service_facility_address: Address | None = None
    referring_provider: Name | None = None
    other_subscribers: tuple[OtherSubscriber, ...] = ()
    other_segments: tuple[RawSegment, ...] = ()

    @property
    def type_of_bill(self) -> str:
        """Facility type code and frequency code, e.g. ``131`` (the UB-04 form adds a leading 0)."""
        return f"{self.facility_type_code}{self.frequency_code}"

    @property
    def diagnoses(self) -> tuple[str, ...]:
        return (self.principal_diagnosis, *self.other_diagnoses)


@dataclass(frozen=True, slots=True)
class Institutional837(Transaction837[InstitutionalClaim]):
    """One 837I transaction set."""

    implementation_guide: str = GUIDE
