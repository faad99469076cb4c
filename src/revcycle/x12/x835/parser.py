"""Read an 835 transaction set into :class:`Remittance835`."""

from __future__ import annotations

import datetime as dt

from revcycle.x12.core import loops
from revcycle.x12.core.common import Adjustment, Name, read_address, read_adjustment, read_contact, read_name
from revcycle.x12.core.envelope import Envelope, RawTransaction
from revcycle.x12.core.loops import Cursor, RawSegment
from revcycle.x12.core.segment import Segment
from revcycle.x12.x835.models import (
    AmountInfo,
    ClaimGroup,
    ClaimPayment,
    OutpatientAdjudication,
    Party,
    Payment,
    ProviderAdjustment,
    ProviderAdjustmentItem,
    Reference,
    Remittance835,
    ServicePayment,
    Trace,
)


def parse_835(raw: RawTransaction) -> Remittance835:
    cur = Cursor(raw.segments, raw.delimiters)
    header = read_header(cur)
    groups: list[ClaimGroup] = []
    while cur.at("LX") or cur.at("CLP"):
        groups.append(_read_group(cur))
    plbs: list[ProviderAdjustment] = []
    while cur.at("PLB"):
        plbs.append(read_plb(cur, cur.next()))
    if (seg := cur.peek()) is not None:
        raise loops.error(f"unexpected {seg.id} segment in the 835", seg)
    return build_835(header, raw.envelope, raw.implementation_guide, groups, plbs)


Header = tuple[Segment, Segment, dt.date | None, list[RawSegment], Party, Party]


def read_header(cur: Cursor) -> Header:
    """BPR, TRN, DTM*405 and the other header segments, then the payer and payee loops."""
    start = cur.i
    bpr = cur.expect("BPR", "header")
    trn: Segment | None = None
    production = None
    extras: list[RawSegment] = []
    while (seg := cur.peek()) is not None and not (seg.id == "N1" and seg.get(1) == "PR"):
        if seg.id in ("LX", "CLP", "PLB", "N1"):
            raise loops.error("the 835 needs the payer identification N1*PR before this", seg)
        cur.i += 1
        if seg.id == "TRN" and trn is None:
            trn = seg
        elif seg.id == "DTM" and seg.get(1) == "405" and production is None:
            production = loops.date(seg, 2)
        else:
            extras.append(cur.raw(seg, start))
    if trn is None:
        raise loops.error("the 835 needs TRN (reassociation trace number)", bpr)
    payer = _read_party(cur, ("N1",))
    if not cur.at("N1", ("PE",)):
        seg = cur.peek() or bpr
        raise loops.error("the 835 needs the payee identification N1*PE after the payer", seg)
    payee = _read_party(cur, ("LX", "CLP", "PLB"))
    return bpr, trn, production, extras, payer, payee


def build_835(
    header: Header,
    envelope: Envelope,
    guide: str,
    groups: list[ClaimGroup],
    plbs: list[ProviderAdjustment],
) -> Remittance835:
    bpr, trn, production, extras, payer, payee = header
    return Remittance835(
        envelope=envelope,
        payment=Payment(
            handling_code=bpr.get(1),
            amount=loops.money(bpr, 2),
            credit_debit=bpr.get(3),
            method=bpr.get(4),
            payment_format=bpr.get(5),
            sender_dfi_qualifier=bpr.get(6),
            sender_dfi_id=bpr.get(7),
            sender_account_qualifier=bpr.get(8),
            sender_account_number=bpr.get(9),
            originating_company_id=bpr.get(10),
            originating_company_supplemental_code=bpr.get(11),
            receiver_dfi_qualifier=bpr.get(12),
            receiver_dfi_id=bpr.get(13),
            receiver_account_qualifier=bpr.get(14),
            receiver_account_number=bpr.get(15),
            date=loops.date(bpr, 16),
        ),
        trace=Trace(
            trace_type=trn.get(1),
            trace_number=trn.get(2),
            originating_company_id=trn.get(3),
            originating_company_supplemental_code=trn.get(4),
        ),
        production_date=production,
        payer=payer,
        payee=payee,
        claim_groups=tuple(groups),
        provider_adjustments=tuple(plbs),
        other_segments=tuple(extras),
        implementation_guide=guide,
    )


def _read_party(cur: Cursor, stop: tuple[str, ...]) -> Party:
    start = cur.i
    n1 = cur.next()
    address = read_address(cur)
    contact = None
    extras: list[RawSegment] = []
    while (seg := cur.peek()) is not None and seg.id not in stop:
        cur.i += 1
        if seg.id == "PER" and seg.get(1) == "BL" and contact is None:
            contact = read_contact(seg)
        else:
            extras.append(cur.raw(seg, start))
    return Party(
        name=n1.get(2),
        id_qualifier=n1.get(3),
        identifier=n1.get(4),
        address=address,
        technical_contact=contact,
        other_segments=tuple(extras),
    )


def _read_group(cur: Cursor) -> ClaimGroup:
    start = cur.i
    number = ""
    extras: list[RawSegment] = []
    if cur.at("LX"):
        number = cur.next().get(1)
        while (seg := cur.peek()) is not None and seg.id not in ("CLP", "LX", "PLB"):
            cur.i += 1
            extras.append(cur.raw(seg, start))
    claims = []
    while cur.at("CLP"):
        claims.append(_read_claim(cur))
    return ClaimGroup(number, tuple(claims), tuple(extras))


def _read_claim(cur: Cursor) -> ClaimPayment:
    start = cur.i
    clp = cur.next()
    adjustments: list[Adjustment] = []
    patient: Name | None = None
    insured: Name | None = None
    moa: OutpatientAdjudication | None = None
    refs: list[Reference] = []
    amounts: list[AmountInfo] = []
    stmt_from = stmt_to = None
    extras: list[RawSegment] = []
    while (seg := cur.peek()) is not None and seg.id not in ("SVC", "CLP", "LX", "PLB"):
        cur.i += 1
        sid = seg.id
        q = seg.get(1)
        if sid == "CAS" and patient is None:
            adjustments.append(read_adjustment(seg))
        elif sid == "NM1" and q == "QC" and patient is None:
            patient = read_name(seg)
        elif sid == "NM1" and q == "IL" and insured is None and patient is not None:
            insured = read_name(seg)
        elif sid == "MOA" and moa is None:
            moa = read_moa(seg)
            if moa is None:
                extras.append(cur.raw(seg, start))
        elif sid == "REF" and len(seg) == 3 and not amounts and stmt_from is None and stmt_to is None:
            refs.append(Reference(q, seg.get(2)))
        elif sid == "DTM" and q == "232" and stmt_from is None and not amounts:
            stmt_from = loops.date(seg, 2)
        elif sid == "DTM" and q == "233" and stmt_to is None and not amounts:
            stmt_to = loops.date(seg, 2)
        elif sid == "AMT":
            amounts.append(AmountInfo(q, loops.money(seg, 2)))
        else:
            extras.append(cur.raw(seg, start))
    if patient is None:
        raise loops.error("claim payment 2100 needs the patient name NM1*QC", clp)
    services = []
    while cur.at("SVC"):
        services.append(_read_service(cur))
    return ClaimPayment(
        patient_control_number=clp.get(1),
        status_code=clp.get(2),
        charge_amount=loops.money(clp, 3),
        paid_amount=loops.money(clp, 4),
        patient_responsibility_amount=loops.opt_money(clp, 5),
        claim_filing_indicator=clp.get(6),
        payer_claim_control_number=clp.get(7),
        facility_type_code=clp.get(8),
        frequency_code=clp.get(9),
        drg_code=clp.get(11),
        drg_weight=loops.decimal(clp, 12),
        discharge_fraction=loops.decimal(clp, 13),
        adjustments=tuple(adjustments),
        patient=patient,
        insured=insured,
        outpatient=moa,
        references=tuple(refs),
        statement_from=stmt_from,
        statement_to=stmt_to,
        amounts=tuple(amounts),
        services=tuple(services),
        other_segments=tuple(extras),
    )


def read_moa(seg: Segment) -> OutpatientAdjudication | None:
    """MOA, or None when its remark codes have gaps (then it is kept as read)."""
    moa = OutpatientAdjudication(
        reimbursement_rate=loops.decimal(seg, 1),
        payable_amount=loops.opt_money(seg, 2),
        remark_codes=tuple(c for c in seg.elements[3:8] if c),
        esrd_payment_amount=loops.opt_money(seg, 8),
        nonpayable_professional_component=loops.opt_money(seg, 9),
    )
    if [seg.get(i) for i in range(3, 8)] != [*moa.remark_codes, "", "", "", "", ""][:5]:
        return None
    return moa


def _read_service(cur: Cursor) -> ServicePayment:
    start = cur.i
    svc = cur.next()
    dates: dict[str, Segment] = {}
    adjustments: list[Adjustment] = []
    control = ""
    amounts: list[AmountInfo] = []
    remarks: list[str] = []
    extras: list[RawSegment] = []
    while (seg := cur.peek()) is not None and seg.id not in ("SVC", "CLP", "LX", "PLB"):
        cur.i += 1
        sid = seg.id
        q = seg.get(1)
        if sid == "DTM" and q in ("472", "150", "151") and q not in dates and not adjustments:
            dates[q] = seg
        elif sid == "CAS" and not control and not amounts and not remarks:
            adjustments.append(read_adjustment(seg))
        elif sid == "REF" and q == "6R" and not control and not amounts and not remarks:
            control = seg.get(2)
        elif sid == "AMT" and not remarks:
            amounts.append(AmountInfo(q, loops.money(seg, 2)))
        elif sid == "LQ" and q == "HE":
            remarks.append(seg.get(2))
        else:
            extras.append(cur.raw(seg, start))
    procedure = cur.components(svc.get(1))
    if len(procedure) < 2:
        raise loops.error("SVC01 needs a qualifier and a procedure code (HC:99213)", svc, 1)
    mods = procedure[2:6]
    while mods and not mods[-1]:
        mods.pop()
    original = cur.components(svc.get(6))
    return ServicePayment(
        procedure_qualifier=procedure[0],
        procedure_code=procedure[1],
        modifiers=tuple(mods),
        description=procedure[6] if len(procedure) > 6 else "",
        charge_amount=loops.money(svc, 2),
        paid_amount=loops.money(svc, 3),
        revenue_code=svc.get(4),
        units=loops.decimal(svc, 5),
        original_procedure=tuple(original),
        original_units=loops.decimal(svc, 7),
        service_date=loops.date(dates["472"], 2) if "472" in dates else None,
        service_period_start=loops.date(dates["150"], 2) if "150" in dates else None,
        service_period_end=loops.date(dates["151"], 2) if "151" in dates else None,
        adjustments=tuple(adjustments),
        line_item_control_number=control,
        amounts=tuple(amounts),
        remarks=tuple(remarks),
        other_segments=tuple(extras),
    )


def read_plb(cur: Cursor, seg: Segment) -> ProviderAdjustment:
    items = []
    for i in range(3, 15, 2):
        value = seg.get(i)
        if not value:
            break
        reason = cur.components(value)
        items.append(
            ProviderAdjustmentItem(
                reason=reason[0],
                reference=reason[1] if len(reason) > 1 else "",
                amount=loops.money(seg, i + 1),
            )
        )
    if not items:
        raise loops.error("PLB needs at least one adjustment reason and amount", seg, 3)
    return ProviderAdjustment(seg.get(1), loops.date(seg, 2), tuple(items))
