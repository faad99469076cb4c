"""837P models: a transaction of billing providers, subscribers, patients and claims."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from revcycle.kit.money import Money
from revcycle.x12.core.common import Address, Name
from revcycle.x12.core.loops import RawSegment
from revcycle.x12.x837.models import Drug, LineAdjudication, OtherSubscriber, Transaction837

GUIDE = "005010X222A1"


@dataclass(frozen=True, slots=True)
class ProfessionalService:
    """2400 service line: LX, SV1, DTP*472, REF*6R, 2410 drug, 2430 adjudications."""

    line_number: int
    procedure_code: str
    charge_amount: Money
    units: Decimal
    service_date: dt.date
    diagnosis_pointers: tuple[int, ...] = (1,)
    procedure_qualifier: str = "HC"
    modifiers: tuple[str, ...] = ()
    description: str = ""
    unit_basis: str = "UN"
    place_of_service: str = ""
    emergency_indicator: str = ""
    service_date_end: dt.date | None = None
    line_item_control_number: str = ""
    drug: Drug | None = None
    adjudications: tuple[LineAdjudication, ...] = ()
    other_segments: tuple[RawSegment, ...] = ()


@dataclass(frozen=True, slots=True)
class ProfessionalClaim:
    """2300 claim: CLM, REF*F8/G1, HI, 2310A-C providers, 2320 other payers, 2400 lines."""

    patient_control_number: str
    total_claim_charge_amount: Money
    place_of_service: str
    diagnoses: tuple[str, ...]
    services: tuple[ProfessionalService, ...]
    frequency_code: str = "1"
    facility_code_qualifier: str = "B"
    provider_signature: str = "Y"
    assignment: str = "A"
    benefits_assignment: str = "Y"
    release_of_information: str = "Y"
    patient_signature_source: str = ""
    related_causes: tuple[str, ...] = ()
    payer_claim_control_number: str = ""
    prior_authorization: str = ""
    diagnosis_qualifier: str = "ABK"
    referring_provider: Name | None = None
    rendering_provider: Name | None = None
    rendering_taxonomy: str = ""
    service_facility: Name | None = None
    service_facility_address: Address | None = None
    other_subscribers: tuple[OtherSubscriber, ...] = ()
    other_segments: tuple[RawSegment, ...] = ()

    def line_total(self) -> Money:
        return Money.total(s.charge_amount for s in self.services)


@dataclass(frozen=True, slots=True)
class Professional837(Transaction837[ProfessionalClaim]):
    """One 837P transaction set."""

    implementation_guide: str = GUIDE
