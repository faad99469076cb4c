"""Write :class:`Remittance835` as X12 (005010X221A1)."""

from __future__ import annotations

from revcycle.x12.core.common import write_address, write_adjustment, write_contact, write_name
from revcycle.x12.core.loops import write_raw
from revcycle.x12.core.writer import (
    SegmentWriter,
    TransactionText,
    amount,
    check_model,
    date8,
    number,
    write_interchanges,
)
from revcycle.x12.x835.models import ClaimPayment, Party, Remittance835, ServicePayment


def transaction_835(model: Remittance835) -> TransactionText:
    check_model(model, model.envelope.delimiters)
    w = SegmentWriter(model.envelope.delimiters)
    p = model.payment
    t = model.trace
    w.add(
        "BPR",
        p.handling_code,
        amount(p.amount),
        p.credit_debit,
        p.method,
        p.payment_format,
        p.sender_dfi_qualifier,
        p.sender_dfi_id,
        p.sender_account_qualifier,
        p.sender_account_number,
        p.originating_company_id,
        p.originating_company_supplemental_code,
        p.receiver_dfi_qualifier,
        p.receiver_dfi_id,
        p.receiver_account_qualifier,
        p.receiver_account_number,
        date8(p.date),
    )
    w.add(
        "TRN", t.trace_type, t.trace_number, t.originating_company_id, t.originating_company_supplemental_code
    )
    if model.production_date is not None:
        w.add("DTM", "405", date8(model.production_date))
    write_raw(w, 0, model.other_segments)
    _write_party(w, "PR", model.payer)
    _write_party(w, "PE", model.payee)
    for group in model.claim_groups:
        start = len(w.segments)
        if group.number:
            w.add("LX", group.number)
        write_raw(w, start, group.other_segments)
        for claim in group.claims:
            _write_claim(w, claim)
    for plb in model.provider_adjustments:
        items: list[str | tuple[str, ...]] = []
        for item in plb.items[:6]:
            items.append((item.reason, item.reference) if item.reference else item.reason)
            items.append(amount(item.amount))
        w.add("PLB", plb.provider_identifier, date8(plb.fiscal_period_date), *items)
    return TransactionText(
        model.envelope, "HP", "835", model.implementation_guide, w.segments, guide_in_st=False
    )


def write_835(model: Remittance835) -> str:
    return write_interchanges([transaction_835(model)])


def _write_party(w: SegmentWriter, code: str, party: Party) -> None:
    start = len(w.segments)
    w.add("N1", code, party.name, party.id_qualifier, party.identifier)
    write_address(w, party.address)
    write_contact(w, party.technical_contact)
    write_raw(w, start, party.other_segments)


def _write_claim(w: SegmentWriter, c: ClaimPayment) -> None:
    start = len(w.segments)
    w.add(
        "CLP",
        c.patient_control_number,
        c.status_code,
        amount(c.charge_amount),
        amount(c.paid_amount),
        amount(c.patient_responsibility_amount),
        c.claim_filing_indicator,
        c.payer_claim_control_number,
        c.facility_type_code,
        c.frequency_code,
        "",
        c.drg_code,
        number(c.drg_weight),
        number(c.discharge_fraction),
    )
    for adjustment in c.adjustments:
        write_adjustment(w, adjustment)
    write_name(w, c.patient)
    if c.insured is not None:
        write_name(w, c.insured)
    if c.outpatient is not None:
        m = c.outpatient
        codes = [*m.remark_codes[:5], "", "", "", "", ""][:5]
        w.add(
            "MOA",
            number(m.reimbursement_rate),
            amount(m.payable_amount),
            *codes,
            amount(m.esrd_payment_amount),
            amount(m.nonpayable_professional_component),
        )
    for ref in c.references:
        w.add("REF", ref.qualifier, ref.value)
    if c.statement_from is not None:
        w.add("DTM", "232", date8(c.statement_from))
    if c.statement_to is not None:
        w.add("DTM", "233", date8(c.statement_to))
    for a in c.amounts:
        w.add("AMT", a.qualifier, amount(a.amount))
    write_raw(w, start, c.other_segments)
    for service in c.services:
        _write_service(w, service)


def _write_service(w: SegmentWriter, s: ServicePayment) -> None:
    start = len(w.segments)
    modifiers = list(s.modifiers)
    if s.description:
        modifiers = [*[*modifiers, "", "", "", ""][:4], s.description]
    w.add(
        "SVC",
        (s.procedure_qualifier, s.procedure_code, *modifiers),
        amount(s.charge_amount),
        amount(s.paid_amount),
        s.revenue_code,
        number(s.units),
        s.original_procedure or None,
        number(s.original_units),
    )
    if s.service_date is not None:
        w.add("DTM", "472", date8(s.service_date))
    if s.service_period_start is not None:
        w.add("DTM", "150", date8(s.service_period_start))
    if s.service_period_end is not None:
        w.add("DTM", "151", date8(s.service_period_end))
    for adjustment in s.adjustments:
        write_adjustment(w, adjustment)
    if s.line_item_control_number:
        w.add("REF", "6R", s.line_item_control_number)
    for a in s.amounts:
        w.add("AMT", a.qualifier, amount(a.amount))
    for remark in s.remarks:
        w.add("LQ", "HE", remark)
    write_raw(w, start, s.other_segments)
