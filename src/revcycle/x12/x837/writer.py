"""Writing the loops 837P and 837I share, in implementation guide order; kept segments go back
to their places."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from revcycle.x12.core.common import write_address, write_adjustment, write_contact, write_name
from revcycle.x12.core.loops import write_raw
from revcycle.x12.core.writer import SegmentWriter, TransactionText, amount, check_model, date8, number
from revcycle.x12.x837.models import (
    BillingProvider,
    Drug,
    Header837,
    LineAdjudication,
    OtherSubscriber,
    Patient,
    ProviderLoop,
    Subscriber,
    Transaction837,
)

C = TypeVar("C")
ClaimWriter = Callable[[SegmentWriter, C], None]


def transaction_837(model: Transaction837[C], write_claim: ClaimWriter[C]) -> TransactionText:
    """The ST-SE body of an 837 (GS01 HC): header, then each billing provider's loops."""
    check_model(model, model.envelope.delimiters)
    w = SegmentWriter(model.envelope.delimiters)
    write_header(w, model.header)
    write_providers(w, model.providers, write_claim)
    return TransactionText(model.envelope, "HC", "837", model.implementation_guide, w.segments)


def write_header(w: SegmentWriter, h: Header837) -> None:
    start = len(w.segments)
    w.add("BHT", "0019", h.purpose, h.reference_id, date8(h.created), h.created_time, h.claim_or_encounter)
    write_name(w, h.submitter)
    write_contact(w, h.submitter_contact)
    write_name(w, h.receiver)
    write_raw(w, start, h.other_segments)


def write_providers(
    w: SegmentWriter, providers: tuple[ProviderLoop[C], ...], write_claim: ClaimWriter[C]
) -> None:
    hl = 0
    for p in providers:
        hl += 1
        provider_hl = hl
        _write_provider(w, provider_hl, p.provider)
        for s in p.subscribers:
            hl += 1
            subscriber_hl = hl
            _write_subscriber(w, subscriber_hl, provider_hl, s.subscriber, bool(s.patients))
            for claim in s.claims:
                write_claim(w, claim)
            for pl in s.patients:
                hl += 1
                _write_patient(w, hl, subscriber_hl, pl.patient)
                for claim in pl.claims:
                    write_claim(w, claim)


def _write_provider(w: SegmentWriter, hl: int, p: BillingProvider) -> None:
    start = len(w.segments)
    w.add("HL", str(hl), "", "20", "1")
    if p.taxonomy:
        w.add("PRV", "BI", "PXC", p.taxonomy)
    write_name(w, p.name)
    write_address(w, p.address)
    if p.tax_id:
        w.add("REF", p.tax_id_qualifier, p.tax_id)
    write_contact(w, p.contact)
    if p.pay_to_address is not None:
        w.add("NM1", "87", "2")
        write_address(w, p.pay_to_address)
    write_raw(w, start, p.other_segments)


def _write_subscriber(w: SegmentWriter, hl: int, parent: int, s: Subscriber, has_patients: bool) -> None:
    start = len(w.segments)
    w.add("HL", str(hl), str(parent), "22", "1" if has_patients else "0")
    _write_sbr(w, s)
    write_name(w, s.name)
    write_address(w, s.address)
    _write_demographics(w, s.birth_date, s.sex)
    write_name(w, s.payer)
    write_address(w, s.payer_address)
    write_raw(w, start, s.other_segments)


def _write_patient(w: SegmentWriter, hl: int, parent: int, p: Patient) -> None:
    start = len(w.segments)
    w.add("HL", str(hl), str(parent), "23", "0")
    w.add("PAT", p.relationship)
    write_name(w, p.name)
    write_address(w, p.address)
    _write_demographics(w, p.birth_date, p.sex)
    write_raw(w, start, p.other_segments)


def _write_sbr(w: SegmentWriter, s: Subscriber | OtherSubscriber) -> None:
    """SBR of 2000B (the destination payer) and of 2320 (another payer): the same elements."""
    w.add(
        "SBR",
        s.payer_responsibility,
        s.relationship,
        s.group_number,
        s.group_name,
        s.insurance_type,
        "",
        "",
        "",
        s.claim_filing_indicator,
    )


def _write_demographics(w: SegmentWriter, birth_date: dt.date | None, sex: str) -> None:
    if birth_date is not None or sex:
        w.add("DMG", "D8", date8(birth_date), sex)


def write_other_subscriber(w: SegmentWriter, o: OtherSubscriber) -> None:
    start = len(w.segments)
    _write_sbr(w, o)
    for adjustment in o.adjustments:
        write_adjustment(w, adjustment)
    if o.payer_paid_amount is not None:
        w.add("AMT", "D", amount(o.payer_paid_amount))
    w.add("OI", "", "", o.benefits_assignment, o.patient_signature_source, "", o.release_of_information)
    write_name(w, o.subscriber)
    write_address(w, o.subscriber_address)
    write_name(w, o.payer)
    write_raw(w, start, o.other_segments)


def write_service_date(w: SegmentWriter, start: dt.date, end: dt.date | None) -> None:
    """2400 DTP*472: one day (D8) or a period (RD8)."""
    if end is not None:
        w.add("DTP", "472", "RD8", f"{date8(start)}-{date8(end)}")
    else:
        w.add("DTP", "472", "D8", date8(start))


def write_drug(w: SegmentWriter, drug: Drug | None) -> None:
    if drug is None:
        return
    w.add("LIN", "", drug.qualifier, drug.ndc)
    w.add("CTP", "", "", "", number(drug.quantity), (drug.unit,))


def write_adjudications(w: SegmentWriter, adjudications: tuple[LineAdjudication, ...]) -> None:
    for a in adjudications:
        composite = (a.procedure_qualifier, a.procedure_code, *a.modifiers) if a.procedure_code else None
        w.add(
            "SVD",
            a.payer_id,
            amount(a.paid_amount),
            composite,
            a.revenue_code,
            number(a.units),
            a.bundled_line_number,
        )
        for adjustment in a.adjustments:
            write_adjustment(w, adjustment)
        w.add("DTP", "573", "D8", date8(a.adjudication_date))
