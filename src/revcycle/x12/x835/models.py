"""835 models: payment (BPR/TRN), payer and payee, claims (CLP) with services (SVC), PLB."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from revcycle.kit.money import Money
from revcycle.x12.core.common import Address, Adjustment, Contact, Name
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.core.loops import RawSegment

GUIDE = "005010X221A1"


@dataclass(frozen=True, slots=True)
class Payment:
    """BPR: the money, how it moves, and the banks; ``date`` is the check or EFT effective date."""

    amount: Money
    method: str
    date: dt.date
    handling_code: str = "I"
    credit_debit: str = "C"
    payment_format: str = ""
    sender_dfi_qualifier: str = ""
    sender_dfi_id: str = ""
    sender_account_qualifier: str = ""
    sender_account_number: str = ""
    originating_company_id: str = ""
    originating_company_supplemental_code: str = ""
    receiver_dfi_qualifier: str = ""
    receiver_dfi_id: str = ""
    receiver_account_qualifier: str = ""
    receiver_account_number: str = ""


@dataclass(frozen=True, slots=True)
class Trace:
    """TRN: the check or EFT trace number that reassociates the money with this ERA."""

    trace_number: str
    originating_company_id: str
    trace_type: str = "1"
    originating_company_supplemental_code: str = ""


@dataclass(frozen=True, slots=True)
class Party:
    """N1 loop of the payer (1000A) or payee (1000B)."""

    name: str
    id_qualifier: str = ""
    identifier: str = ""
    address: Address | None = None
    technical_contact: Contact | None = None
    other_segments: tuple[RawSegment, ...] = ()


@dataclass(frozen=True, slots=True)
class Reference:
    qualifier: str
    value: str


@dataclass(frozen=True, slots=True)
class AmountInfo:
    """AMT: a supplemental amount such as ``B6`` allowed or ``AU`` coverage amount."""

    qualifier: str
    amount: Money


@dataclass(frozen=True, slots=True)
class OutpatientAdjudication:
    """MOA: outpatient adjudication information with up to five remark codes."""

    reimbursement_rate: Decimal | None = None
    payable_amount: Money | None = None
    remark_codes: tuple[str, ...] = ()
    esrd_payment_amount: Money | None = None
    nonpayable_professional_component: Money | None = None


@dataclass(frozen=True, slots=True)
class ServicePayment:
    """2110: SVC, dates, CAS, REF*6R, AMT, LQ*HE remarks."""

    procedure_code: str
    charge_amount: Money
    paid_amount: Money
    procedure_qualifier: str = "HC"
    modifiers: tuple[str, ...] = ()
    description: str = ""
    revenue_code: str = ""
    units: Decimal | None = None
    original_procedure: tuple[str, ...] = ()
    original_units: Decimal | None = None
    service_date: dt.date | None = None
    service_period_start: dt.date | None = None
    service_period_end: dt.date | None = None
    adjustments: tuple[Adjustment, ...] = ()
    line_item_control_number: str = ""
    amounts: tuple[AmountInfo, ...] = ()
    remarks: tuple[str, ...] = ()
    other_segments: tuple[RawSegment, ...] = ()

    def adjustment_total(self) -> Money:
        return Money.total(a.total() for a in self.adjustments)


@dataclass(frozen=True, slots=True)
class ClaimPayment:
    """2100: CLP (all elements), CAS, NM1*QC/IL, MOA, REF, DTM*232/233, AMT, and the services."""

    patient_control_number: str
    status_code: str
    charge_amount: Money
    paid_amount: Money
    patient: Name
    patient_responsibility_amount: Money | None = None
    claim_filing_indicator: str = ""
    payer_claim_control_number: str = ""
    facility_type_code: str = ""
    frequency_code: str = ""
    drg_code: str = ""
    drg_weight: Decimal | None = None
    discharge_fraction: Decimal | None = None
    adjustments: tuple[Adjustment, ...] = ()
    insured: Name | None = None
    outpatient: OutpatientAdjudication | None = None
    references: tuple[Reference, ...] = ()
    statement_from: dt.date | None = None
    statement_to: dt.date | None = None
    amounts: tuple[AmountInfo, ...] = ()
    services: tuple[ServicePayment, ...] = ()
    other_segments: tuple[RawSegment, ...] = ()

    def adjustment_total(self) -> Money:
        """Claim-level and service-level CAS together."""
        own = Money.total(a.total() for a in self.adjustments)
        return own + Money.total(s.adjustment_total() for s in self.services)


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """2000: LX header number (empty when the claims come without LX) and its claims."""

    number: str
    claims: tuple[ClaimPayment, ...]
    other_segments: tuple[RawSegment, ...] = ()


@dataclass(frozen=True, slots=True)
class ProviderAdjustmentItem:
    """One PLB reason (``WO``, ``L6``, ``FB``...), its reference and amount (positive reduces payment)."""

    reason: str
    amount: Money
    reference: str = ""


@dataclass(frozen=True, slots=True)
class ProviderAdjustment:
    """PLB: provider-level adjustments for one provider and fiscal period (up to six items)."""

    provider_identifier: str
    fiscal_period_date: dt.date
    items: tuple[ProviderAdjustmentItem, ...]


@dataclass(frozen=True, slots=True)
class Remittance835:
    """One 835 transaction set."""

    envelope: Envelope
    payment: Payment
    trace: Trace
    payer: Party
    payee: Party
    claim_groups: tuple[ClaimGroup, ...]
    production_date: dt.date | None = None
    provider_adjustments: tuple[ProviderAdjustment, ...] = ()
    other_segments: tuple[RawSegment, ...] = ()
    implementation_guide: str = GUIDE
    transaction_set: str = "835"

    def claims(self) -> Iterator[ClaimPayment]:
        for group in self.claim_groups:
            yield from group.claims
