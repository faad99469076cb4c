"""Sample X12 models for tests, valid by default: ``make_837p(**overrides)`` and friends.

Other packages' tests may import these (``from tests.unit.x12.factories import make_837p``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from revcycle.kit.money import Money
from revcycle.x12.core.common import Address, Adjustment, AdjustmentReason, Contact, Name
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.x837.models import BillingProvider, Header837, ProviderLoop, Subscriber, SubscriberLoop
from revcycle.x12.x837p.models import Professional837, ProfessionalClaim, ProfessionalService

BILLING_NPI = "1234567893"
RENDERING_NPI = "1245319599"


def make_envelope(**overrides: Any) -> Envelope:
    values: dict[str, Any] = {
        "sender_id": "SUBMITTER01",
        "receiver_id": "RECEIVER01",
        "interchange_control_number": "000000101",
        "group_control_number": "101",
        "transaction_control_number": "0001",
        "date": dt.date(2024, 3, 1),
        "time": "1200",
        "usage_indicator": "T",
    }
    values.update(overrides)
    return Envelope(**values)


def make_address(**overrides: Any) -> Address:
    values: dict[str, Any] = {
        "line1": "100 MAIN ST",
        "city": "SPRINGFIELD",
        "state": "IL",
        "postal_code": "627011234",
    }
    values.update(overrides)
    return Address(**values)


def make_837p_service(**overrides: Any) -> ProfessionalService:
    values: dict[str, Any] = {
        "line_number": 1,
        "procedure_code": "99213",
        "charge_amount": Money("100.00"),
        "units": Decimal("1"),
        "service_date": dt.date(2024, 2, 20),
        "diagnosis_pointers": (1,),
    }
    values.update(overrides)
    return ProfessionalService(**values)


def make_837p_claim(**overrides: Any) -> ProfessionalClaim:
    """A one-line office-visit claim; ``total_claim_charge_amount`` follows the lines unless given."""
    services = overrides.pop("services", None) or (
        make_837p_service(),
        make_837p_service(line_number=2, procedure_code="85025", charge_amount=Money("25.50")),
    )
    values: dict[str, Any] = {
        "patient_control_number": "PCN0001",
        "total_claim_charge_amount": Money.total(s.charge_amount for s in services),
        "place_of_service": "11",
        "diagnoses": ("J449", "E119"),
        "services": tuple(services),
        "rendering_provider": Name("82", "1", "WELBY", "MARCUS", id_qualifier="XX", identifier=RENDERING_NPI),
        "rendering_taxonomy": "207Q00000X",
    }
    values.update(overrides)
    return ProfessionalClaim(**values)


def make_subscriber(**overrides: Any) -> Subscriber:
    values: dict[str, Any] = {
        "payer_responsibility": "P",
        "relationship": "18",
        "group_number": "GRP123",
        "claim_filing_indicator": "CI",
        "name": Name("IL", "1", "DOE", "JANE", id_qualifier="MI", identifier="MEM123456"),
        "address": make_address(line1="12 ELM ST"),
        "birth_date": dt.date(1980, 5, 17),
        "sex": "F",
        "payer": Name("PR", "2", "ACME HEALTH", id_qualifier="PI", identifier="ACME01"),
    }
    values.update(overrides)
    return Subscriber(**values)


def make_billing_provider(**overrides: Any) -> BillingProvider:
    values: dict[str, Any] = {
        "name": Name("85", "2", "SPRINGFIELD CLINIC", id_qualifier="XX", identifier=BILLING_NPI),
        "address": make_address(),
        "tax_id": "371234567",
        "taxonomy": "207Q00000X",
    }
    values.update(overrides)
    return BillingProvider(**values)


def make_837p(*, claims: tuple[ProfessionalClaim, ...] | None = None, **overrides: Any) -> Professional837:
    """An 837P with one billing provider and one subscriber (the patient) holding ``claims``."""
    values: dict[str, Any] = {
        "envelope": make_envelope(),
        "header": Header837(
            submitter=Name("41", "2", "SPRINGFIELD CLINIC", id_qualifier="46", identifier="SUB01"),
            receiver=Name("40", "2", "CLEARINGHOUSE", id_qualifier="46", identifier="CH01"),
            reference_id="BATCH0001",
            created=dt.date(2024, 3, 1),
            created_time="1200",
            submitter_contact=Contact("IC", "BILLING OFFICE", (("TE", "2175551212"),)),
        ),
        "providers": (
            ProviderLoop(
                make_billing_provider(),
                (SubscriberLoop(make_subscriber(), claims or (make_837p_claim(),)),),
            ),
        ),
    }
    values.update(overrides)
    return Professional837(**values)


def make_adjustment(group: str = "CO", reason: str = "45", amount: str = "10.00") -> Adjustment:
    return Adjustment(group, (AdjustmentReason(reason, Money(amount)),))


def replace(obj: Any, **changes: Any) -> Any:
    return dataclasses.replace(obj, **changes)


def make_835_service(**overrides: Any) -> Any:
    from revcycle.x12.x835.models import ServicePayment

    values: dict[str, Any] = {
        "procedure_code": "99213",
        "charge_amount": Money("100.00"),
        "paid_amount": Money("70.00"),
        "units": Decimal("1"),
        "service_date": dt.date(2024, 2, 20),
        "adjustments": (make_adjustment("CO", "45", "20.00"), make_adjustment("PR", "2", "10.00")),
        "line_item_control_number": "PCN0001-1",
        "remarks": ("N130",),
    }
    values.update(overrides)
    return ServicePayment(**values)


def make_835_claim(**overrides: Any) -> Any:
    """A balanced claim payment: charge - adjustments = paid, line by line and in total."""
    from revcycle.x12.x835.models import ClaimPayment

    services = overrides.pop("services", None) or (make_835_service(),)
    values: dict[str, Any] = {
        "patient_control_number": "PCN0001",
        "status_code": "1",
        "charge_amount": Money.total(s.charge_amount for s in services),
        "paid_amount": Money.total(s.paid_amount for s in services),
        "patient_responsibility_amount": Money("10.00"),
        "claim_filing_indicator": "12",
        "payer_claim_control_number": "PAYERCLM0001",
        "patient": Name("QC", "1", "DOE", "JANE", id_qualifier="MI", identifier="MEM123456"),
        "services": tuple(services),
    }
    values.update(overrides)
    return ClaimPayment(**values)


def make_835(*, claims: tuple[Any, ...] | None = None, **overrides: Any) -> Any:
    """A balanced 835: BPR02 = sum(CLP04) - sum(PLB)."""
    from revcycle.x12.x835.models import ClaimGroup, Party, Payment, Remittance835, Trace

    claims = claims or (make_835_claim(),)
    plbs = overrides.get("provider_adjustments", ())
    paid = Money.total(c.paid_amount for c in claims) - Money.total(i.amount for p in plbs for i in p.items)
    values: dict[str, Any] = {
        "envelope": make_envelope(sender_id="ACMEHEALTH", receiver_id="SPRINGFIELD"),
        "payment": Payment(
            amount=paid,
            method="ACH",
            payment_format="CCP",
            date=dt.date(2024, 3, 10),
            sender_dfi_qualifier="01",
            sender_dfi_id="999988880",
            sender_account_qualifier="DA",
            sender_account_number="123456",
            originating_company_id="1512345678",
            receiver_dfi_qualifier="01",
            receiver_dfi_id="999977770",
            receiver_account_qualifier="DA",
            receiver_account_number="98765",
        ),
        "trace": Trace(trace_number="EFT0001", originating_company_id="1512345678"),
        "production_date": dt.date(2024, 3, 9),
        "payer": Party(
            "ACME HEALTH",
            address=make_address(line1="1 INSURANCE WAY"),
            technical_contact=Contact("BL", "EDI SUPPORT", (("TE", "8005551212"),)),
        ),
        "payee": Party("SPRINGFIELD CLINIC", id_qualifier="XX", identifier=BILLING_NPI),
        "claim_groups": (ClaimGroup("1", tuple(claims)),),
    }
    values.update(overrides)
    return Remittance835(**values)


def make_837i_claim(**overrides: Any) -> Any:
    from revcycle.x12.x837i.models import InstitutionalClaim, InstitutionalService

    services = overrides.pop("services", None) or (
        InstitutionalService(
            1, "0300", Money("50.00"), Decimal("1"), procedure_code="85025", service_date=dt.date(2024, 2, 20)
        ),
        InstitutionalService(
            2, "0730", Money("76.54"), Decimal("3"), procedure_code="93005", service_date=dt.date(2024, 2, 20)
        ),
    )
    values: dict[str, Any] = {
        "patient_control_number": "INST0001",
        "total_claim_charge_amount": Money.total(s.charge_amount for s in services),
        "facility_type_code": "13",
        "statement_from": dt.date(2024, 2, 20),
        "statement_to": dt.date(2024, 2, 20),
        "admission_type": "3",
        "admission_source": "1",
        "patient_status": "01",
        "principal_diagnosis": "R079",
        "other_diagnoses": ("I10",),
        "attending_provider": Name("71", "1", "JONES", "JOHN", id_qualifier="XX", identifier=RENDERING_NPI),
        "attending_taxonomy": "207R00000X",
        "services": tuple(services),
    }
    values.update(overrides)
    return InstitutionalClaim(**values)


def make_837i(*, claims: tuple[Any, ...] | None = None, **overrides: Any) -> Any:
    from revcycle.x12.x837i.models import Institutional837

    base = make_837p()
    values: dict[str, Any] = {
        "envelope": base.envelope,
        "header": base.header,
        "providers": (
            ProviderLoop(
                make_billing_provider(taxonomy="282N00000X"),
                (SubscriberLoop(make_subscriber(), claims or (make_837i_claim(),)),),
            ),
        ),
    }
    values.update(overrides)
    return Institutional837(**values)


def make_277ca(**overrides: Any) -> Any:
    """A 277CA accepting one claim (STC A2:20) with the payer's claim number in REF*1K."""
    from revcycle.x12.core.levels import DateInfo, Level, LevelHeader, Status, Trace
    from revcycle.x12.x277ca import ClaimAcknowledgment277CA

    day = dt.date(2024, 3, 2)
    charge = Money("125.50")
    patient = Level(
        "PT",
        name=Name("QC", "1", "DOE", "JANE", id_qualifier="MI", identifier="MEM123456"),
        traces=(Trace("2", overrides.pop("patient_control_number", "PCN0001")),),
        statuses=(Status("A2", "20", "PR", date=day, action_code="WQ", amount=charge),),
        references=(("1K", "PAYERCLM0001"),),
        dates=(DateInfo("472", dt.date(2024, 2, 20), dt.date(2024, 2, 20)),),
    )
    provider = Level(
        "19",
        name=Name("85", "2", "SPRINGFIELD CLINIC", id_qualifier="XX", identifier=BILLING_NPI),
        traces=(Trace("1", "0"),),
        statuses=(Status("A1", "19", "PR", action_code="WQ", amount=charge),),
        amounts=(("YU", charge),),
        children=(patient,),
    )
    receiver = Level(
        "21",
        name=Name("41", "2", "SPRINGFIELD CLINIC", id_qualifier="46", identifier="SUB01"),
        traces=(Trace("2", "BATCH0001"),),
        statuses=(Status("A1", "19", "", date=day, action_code="WQ", amount=charge),),
        amounts=(("YU", charge),),
        children=(provider,),
    )
    source = Level(
        "20",
        name=Name("PR", "2", "ACME HEALTH", id_qualifier="PI", identifier="ACME01"),
        traces=(Trace("1", "ACK0001"),),
        dates=(DateInfo("050", day), DateInfo("009", day)),
        children=(receiver,),
    )
    values: dict[str, Any] = {
        "envelope": make_envelope(sender_id="ACMEHEALTH", receiver_id="SPRINGFIELD"),
        "header": LevelHeader("0085", "08", "ACK0001", day, "1200", "TH"),
        "levels": (source,),
    }
    values.update(overrides)
    return ClaimAcknowledgment277CA(**values)


def make_999(**overrides: Any) -> Any:
    """A 999 rejecting one 837 transaction set for a missing element in CLM."""
    from revcycle.x12.x999 import Acknowledgment999, ElementNote, SegmentNote, TransactionSetResponse

    values: dict[str, Any] = {
        "envelope": make_envelope(sender_id="RECEIVER01", receiver_id="SUBMITTER01"),
        "functional_id": "HC",
        "group_control_number": "101",
        "group_version": "005010X222A1",
        "transaction_sets": (
            TransactionSetResponse(
                "837",
                "0001",
                "R",
                implementation_guide="005010X222A1",
                segments=(
                    SegmentNote(
                        "CLM",
                        21,
                        "8",
                        loop_id="2300",
                        elements=(ElementNote(2, "1", reference_number="782"),),
                    ),
                ),
                error_codes=("5",),
            ),
        ),
        "code": "R",
        "included": 1,
        "received": 1,
        "accepted": 0,
    }
    values.update(overrides)
    return Acknowledgment999(**values)
