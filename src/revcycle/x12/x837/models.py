"""Models shared by 837P and 837I. Field names say what the data is; the X12 element is in the
docstring or comment. ``other_segments`` keeps segments a model does not name, so that a parsed
claim writes back segment for segment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from revcycle.kit.money import Money
from revcycle.x12.core.common import Address, Adjustment, Contact, Name
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.core.loops import RawSegment


@dataclass(frozen=True, slots=True)
class Header837:
    """BHT, submitter (1000A) and receiver (1000B)."""

    submitter: Name
    receiver: Name
    reference_id: str
    created: dt.date
    created_time: str = "1200"
    purpose: str = "00"
    claim_or_encounter: str = "CH"
    submitter_contact: Contact | None = None
    other_segments: tuple[RawSegment, ...] = ()


@dataclass(frozen=True, slots=True)
class BillingProvider:
    """2000A/2010AA billing provider (NPI in ``name.identifier`` with qualifier XX) and 2010AB pay-to."""

    name: Name
    address: Address
    tax_id: str
    tax_id_qualifier: str = "EI"
    taxonomy: str = ""
    contact: Contact | None = None
    pay_to_address: Address | None = None
    other_segments: tuple[RawSegment, ...] = ()

    @property
    def npi(self) -> str:
        return self.name.identifier if self.name.id_qualifier == "XX" else ""


@dataclass(frozen=True, slots=True)
class Subscriber:
    """2000B SBR, 2010BA subscriber (member id in ``name.identifier``) and 2010BB payer."""

    payer_responsibility: str
    name: Name
    payer: Name
    relationship: str = "18"
    group_number: str = ""
    group_name: str = ""
    insurance_type: str = ""
    claim_filing_indicator: str = "CI"
    address: Address | None = None
    birth_date: dt.date | None = None
    sex: str = ""
    payer_address: Address | None = None
    other_segments: tuple[RawSegment, ...] = ()


@dataclass(frozen=True, slots=True)
class Patient:
    """2000C/2010CA: the patient when not the subscriber; ``relationship`` is PAT01 (19 child...)."""

    relationship: str
    name: Name
    address: Address | None = None
    birth_date: dt.date | None = None
    sex: str = ""
    other_segments: tuple[RawSegment, ...] = ()


@dataclass(frozen=True, slots=True)
class OtherSubscriber:
    """2320 other payer's subscriber info and adjudication, 2330A other subscriber, 2330B other payer."""

    payer_responsibility: str
    subscriber: Name
    payer: Name
    relationship: str = "18"
    group_number: str = ""
    group_name: str = ""
    insurance_type: str = ""
    claim_filing_indicator: str = "CI"
    adjustments: tuple[Adjustment, ...] = ()
    payer_paid_amount: Money | None = None
    benefits_assignment: str = "Y"
    patient_signature_source: str = ""
    release_of_information: str = "Y"
    subscriber_address: Address | None = None
    other_segments: tuple[RawSegment, ...] = ()


@dataclass(frozen=True, slots=True)
class LineAdjudication:
    """2430: how another payer paid this line (SVD, CAS, DTP*573)."""

    payer_id: str
    paid_amount: Money
    procedure_code: str
    units: Decimal
    adjudication_date: dt.date
    procedure_qualifier: str = "HC"
    modifiers: tuple[str, ...] = ()
    revenue_code: str = ""
    bundled_line_number: str = ""
    adjustments: tuple[Adjustment, ...] = ()


@dataclass(frozen=True, slots=True)
class Drug:
    """2410 drug identification: LIN (NDC) and CTP (quantity and unit)."""

    ndc: str
    quantity: Decimal
    unit: str = "UN"
    qualifier: str = "N4"


C = TypeVar("C")


@dataclass(frozen=True, slots=True)
class PatientLoop(Generic[C]):
    patient: Patient
    claims: tuple[C, ...]


@dataclass(frozen=True, slots=True)
class SubscriberLoop(Generic[C]):
    subscriber: Subscriber
    claims: tuple[C, ...] = ()
    patients: tuple[PatientLoop[C], ...] = ()


@dataclass(frozen=True, slots=True)
class ProviderLoop(Generic[C]):
    provider: BillingProvider
    subscribers: tuple[SubscriberLoop[C], ...]


@dataclass(frozen=True, slots=True)
class ClaimInContext(Generic[C]):
    """A claim with the loops above it, for callers that want a flat list."""

    claim: C
    provider: BillingProvider
    subscriber: Subscriber
    patient: Patient | None


@dataclass(frozen=True, slots=True)
class Transaction837(Generic[C]):
    """One 837 transaction set: BHT header and the 2000A billing provider loops; each guide names
    its claim type and its implementation guide."""

    envelope: Envelope
    header: Header837
    providers: tuple[ProviderLoop[C], ...]
    implementation_guide: str
    transaction_set: str = "837"

    def claims(self) -> Iterator[ClaimInContext[C]]:
        for p in self.providers:
            for s in p.subscribers:
                for c in s.claims:
                    yield ClaimInContext(c, p.provider, s.subscriber, None)
                for pl in s.patients:
                    for c in pl.claims:
                        yield ClaimInContext(c, p.provider, s.subscriber, pl.patient)
