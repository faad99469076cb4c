"""Build a balanced 835 (005010X221A1) from adjudicated claims of one payer and one payee.

Balancing holds by construction and is checked before anything is written:
``SVC02 - sum(line CAS) = SVC03`` per line, ``CLP03 - sum(CAS) = CLP04`` per claim and
``BPR02 = sum(CLP04) - sum(PLB)`` for the payment. A payment of zero is a notification (BPR01 H,
BPR04 NON); a negative total (reversals larger than new payments) becomes a forward balance (PLB FB)
that later 835s recover (PLB WO).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from revcycle.kit.money import Money
from revcycle.sandbox.adjudication import Cas, ClaimResult, LineResult
from revcycle.sandbox.config import PayerConfig, SandboxConfig
from revcycle.x12.core.common import Address, Adjustment, AdjustmentReason, Contact, Name
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.x835.models import (
    AmountInfo,
    ClaimGroup,
    ClaimPayment,
    Party,
    Payment,
    ProviderAdjustment,
    ProviderAdjustmentItem,
    Remittance835,
    ServicePayment,
    Trace,
)

GROUP_ORDER = ("CO", "PR", "OA", "PI", "CR")
REMIT_FILING_CODES = frozenset(
    {
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "AM",
        "CH",
        "DS",
        "HM",
        "LM",
        "MA",
        "MB",
        "MC",
        "OF",
        "TV",
        "VA",
        "WC",
    }
)
"""CLP06 codes the 835 allows; the 837's CI (commercial) and BL (Blue Cross) are not among them."""
FILING_837_TO_835 = {"CI": "15", "BL": "12"}


def remit_filing_indicator(code: str) -> str:
    """The 835 CLP06 for an 837 SBR09 claim filing indicator."""
    if code in REMIT_FILING_CODES:
        return code
    return FILING_837_TO_835.get(code, "ZZ")


class UnbalancedRemittance(ValueError):
    """The sandbox built an 835 that does not balance: a bug, never written out."""


def payer_company_id(payer: PayerConfig) -> str:
    """TRN03/BPR10: ``1`` followed by a 9-digit payer tax id (derived from the code when not set)."""
    if payer.tax_id:
        return "1" + payer.tax_id[-9:].rjust(9, "0")
    digits = "".join(str(ord(ch) % 10) for ch in payer.code)
    return "1" + digits.rjust(9, "0")[:9]


def adjustments(items: Sequence[Cas]) -> tuple[Adjustment, ...]:
    """CAS segments: one per group, reasons in order, at most six reasons a segment."""
    out: list[Adjustment] = []
    for group in GROUP_ORDER:
        reasons = [AdjustmentReason(c.reason, c.amount) for c in items if c.group == group]
        for i in range(0, len(reasons), 6):
            out.append(Adjustment(group, tuple(reasons[i : i + 6])))
    return tuple(out)


def _service(r: LineResult, institutional: bool) -> ServicePayment:
    line = r.line
    if institutional and not line.procedure_code:
        qualifier, code, revenue = "NU", line.revenue_code, ""
    else:
        qualifier, code, revenue = "HC", line.procedure_code, line.revenue_code if institutional else ""
    amounts = (AmountInfo("B6", r.allowed),) if not r.allowed.is_zero() else ()
    return ServicePayment(
        procedure_code=code,
        procedure_qualifier=qualifier,
        modifiers=line.modifiers,
        charge_amount=r.charge,
        paid_amount=r.paid,
        revenue_code=revenue,
        units=line.units if line.units != 1 else None,
        service_date=line.service_date,
        adjustments=adjustments(r.adjustments),
        line_item_control_number=line.control_number,
        amounts=amounts,
        remarks=r.remarks,
    )


def claim_payment(result: ClaimResult) -> ClaimPayment:
    c = result.claim
    who = c.patient or c.subscriber
    patient = Name("QC", "1", who.last_name, who.first_name, who.middle_name, who.suffix)
    insured = None
    if c.patient is None:
        patient = Name(
            "QC", "1", who.last_name, who.first_name, who.middle_name, who.suffix, "MI", c.member_id
        )
    else:
        s = c.subscriber
        insured = Name("IL", "1", s.last_name, s.first_name, s.middle_name, s.suffix, "MI", c.member_id)
    return ClaimPayment(
        patient_control_number=c.patient_control_number,
        status_code=result.status_code,
        charge_amount=result.charge,
        paid_amount=result.paid,
        patient_responsibility_amount=result.patient_responsibility,
        claim_filing_indicator=remit_filing_indicator(c.claim_filing_indicator),
        payer_claim_control_number=result.payer_claim_control_number,
        facility_type_code=c.facility_type_code if c.institutional else "11",
        frequency_code=c.frequency_code,
        patient=patient,
        insured=insured,
        statement_from=c.statement_from if c.institutional else None,
        statement_to=c.statement_to if c.institutional else None,
        services=tuple(_service(r, c.institutional) for r in result.lines),
    )


@dataclass(frozen=True, slots=True)
class Remit:
    """The result of building one 835: the model, and the forward balance it leaves."""

    model: Remittance835
    carry: Money


def _check_balance(model: Remittance835) -> None:
    for claim in model.claims():
        for s in claim.services:
            if s.charge_amount - s.adjustment_total() != s.paid_amount:
                raise UnbalancedRemittance(
                    f"line of claim {claim.payer_claim_control_number} does not balance"
                )
        if claim.charge_amount - claim.adjustment_total() != claim.paid_amount:
            raise UnbalancedRemittance(f"claim {claim.payer_claim_control_number} does not balance")
    plb = Money.total(i.amount for p in model.provider_adjustments for i in p.items)
    if Money.total(c.paid_amount for c in model.claims()) - plb != model.payment.amount:
        raise UnbalancedRemittance("BPR02 differs from the claims paid less the provider adjustments")


def build_835(
    *,
    envelope: Envelope,
    config: SandboxConfig,
    payer: PayerConfig,
    payee_name: str,
    payee_npi: str,
    results: Sequence[ClaimResult],
    trace_number: str,
    paid_on: dt.date,
    interest: Money,
    carry: Money,
) -> Remit:
    """One 835 for ``results``; ``interest`` is paid as PLB L6, ``carry`` (owed back) recovered as WO."""
    claims = tuple(claim_payment(r) for r in results)
    total = Money.total(c.paid_amount for c in claims)
    items: list[ProviderAdjustmentItem] = []
    if interest.is_positive():
        reference = results[0].claim.patient_control_number if results else ""
        items.append(ProviderAdjustmentItem("L6", -interest, reference))
        total = total + interest
    recovered = carry.min(total).max(Money.zero())
    if recovered.is_positive():
        items.append(ProviderAdjustmentItem("WO", recovered, "RECOVERY"))
        total = total - recovered
    left = carry - recovered
    if total.is_negative():
        items.append(ProviderAdjustmentItem("FB", total, "FORWARD"))
        left = left - total
        total = Money.zero()
    company = payer_company_id(payer)
    if total.is_positive():
        payment = Payment(
            amount=total,
            method="ACH",
            payment_format="CCP",
            date=paid_on,
            handling_code="I",
            sender_dfi_qualifier="01",
            sender_dfi_id=config.bank[0],
            sender_account_qualifier="DA",
            sender_account_number=config.bank[1],
            originating_company_id=company,
            receiver_dfi_qualifier="01",
            receiver_dfi_id="999977770",
            receiver_account_qualifier="DA",
            receiver_account_number="0000012345",
        )
    else:
        payment = Payment(amount=Money.zero(), method="NON", date=paid_on, handling_code="H")
    line1, city, state, postal = payer.address
    model = Remittance835(
        envelope=envelope,
        payment=payment,
        trace=Trace(trace_number=trace_number, originating_company_id=company),
        payer=Party(
            payer.name,
            address=Address(line1=line1, city=city, state=state, postal_code=postal),
            technical_contact=Contact("BL", "EDI SUPPORT", (("TE", "8005550100"),)),
        ),
        payee=Party(payee_name or "PAYEE", id_qualifier="XX", identifier=payee_npi),
        claim_groups=(ClaimGroup("1", claims),) if claims else (),
        production_date=paid_on,
        provider_adjustments=(
            (ProviderAdjustment(payee_npi, dt.date(paid_on.year, 12, 31), tuple(items[:6])),) if items else ()
        ),
    )
    _check_balance(model)
    return Remit(model, left)
