"""Reading the loops 837P and 837I share. Each reader consumes one loop part from the cursor and
keeps the segments it does not name, with their place, in ``other_segments``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from revcycle.kit.money import Money
from revcycle.x12.core import loops
from revcycle.x12.core.common import (
    Address,
    Adjustment,
    Contact,
    Name,
    read_address,
    read_adjustment,
    read_contact,
    read_name,
)
from revcycle.x12.core.envelope import RawTransaction
from revcycle.x12.core.loops import Cursor, RawSegment
from revcycle.x12.core.segment import Segment
from revcycle.x12.x837.models import (
    BillingProvider,
    Drug,
    Header837,
    LineAdjudication,
    OtherSubscriber,
    Patient,
    PatientLoop,
    ProviderLoop,
    Subscriber,
    SubscriberLoop,
)

C = TypeVar("C")
ClaimReader = Callable[[Cursor], C]


def read_transaction(
    raw: RawTransaction, read_claim: ClaimReader[C]
) -> tuple[Header837, tuple[ProviderLoop[C], ...]]:
    """The header and the 2000A billing provider loops of one 837 transaction set."""
    cur = Cursor(raw.segments, raw.delimiters)
    header = read_header(cur)
    return header, read_providers(cur, read_claim)


def trimmed(components: list[str]) -> tuple[str, ...]:
    """A composite's components without the empty ones at its end."""
    while components and not components[-1]:
        components.pop()
    return tuple(components)


def read_header(cur: Cursor) -> Header837:
    start = cur.i
    bht = cur.expect("BHT", "header")
    submitter: Name | None = None
    receiver: Name | None = None
    contact: Contact | None = None
    extras: list[RawSegment] = []
    while (seg := cur.peek()) is not None and seg.id != "HL":
        cur.i += 1
        if seg.id == "NM1" and seg.get(1) == "41" and submitter is None:
            submitter = read_name(seg)
        elif seg.id == "PER" and submitter is not None and receiver is None and contact is None:
            contact = read_contact(seg)
        elif seg.id == "NM1" and seg.get(1) == "40" and receiver is None:
            receiver = read_name(seg)
        else:
            extras.append(cur.raw(seg, start))
    if submitter is None or receiver is None:
        raise loops.error("the 837 header needs a submitter (NM1*41) and a receiver (NM1*40)", bht)
    return Header837(
        submitter=submitter,
        receiver=receiver,
        reference_id=bht.get(3),
        created=loops.date(bht, 4),
        created_time=bht.get(5),
        purpose=bht.get(2),
        claim_or_encounter=bht.get(6),
        submitter_contact=contact,
        other_segments=tuple(extras),
    )


def read_providers(cur: Cursor, read_claim: ClaimReader[C]) -> tuple[ProviderLoop[C], ...]:
    providers: list[ProviderLoop[C]] = []
    while (seg := cur.peek()) is not None:
        if seg.id != "HL" or seg.get(3) != "20":
            raise loops.error(f"expected a billing provider HL (HL03 = 20), found {seg.id}", seg)
        provider = _read_provider(cur)
        subscribers: list[SubscriberLoop[C]] = []
        while (hl := cur.peek()) is not None and hl.id == "HL" and hl.get(3) == "22":
            subscriber = _read_subscriber(cur)
            claims = _read_claims(cur, read_claim)
            patients: list[PatientLoop[C]] = []
            while (hl := cur.peek()) is not None and hl.id == "HL" and hl.get(3) == "23":
                patient = _read_patient(cur)
                patients.append(PatientLoop(patient, _read_claims(cur, read_claim)))
            subscribers.append(SubscriberLoop(subscriber, claims, tuple(patients)))
        if not subscribers and (bad := cur.peek()) is not None and bad.get(3) != "20":
            raise loops.error("a billing provider HL must be followed by a subscriber HL (HL03 = 22)", bad)
        providers.append(ProviderLoop(provider, tuple(subscribers)))
    return tuple(providers)


def _read_claims(cur: Cursor, read_claim: ClaimReader[C]) -> tuple[C, ...]:
    claims: list[C] = []
    while cur.at("CLM"):
        claims.append(read_claim(cur))
    seg = cur.peek()
    if seg is not None and seg.id != "HL":
        raise loops.error(f"unexpected {seg.id} segment: expected CLM or HL", seg)
    return tuple(claims)


def _read_provider(cur: Cursor) -> BillingProvider:
    start = cur.i
    hl = cur.next()
    name: Name | None = None
    address: Address | None = None
    pay_to: Address | None = None
    tax_id = ""
    tax_qualifier = "EI"
    taxonomy = ""
    contact: Contact | None = None
    ctx = ""
    extras: list[RawSegment] = []
    while (seg := cur.peek()) is not None and seg.id != "HL":
        sid = seg.id
        if sid == "NM1" and seg.get(1) in ("85", "87"):
            cur.i += 1
            ctx = seg.get(1)
            if ctx == "85" and name is None:
                name = read_name(seg)
                address = read_address(cur)
            elif ctx == "87" and pay_to is None and seg.get(2) == "2" and len(seg) == 3:
                pay_to = read_address(cur) or Address()
            else:
                extras.append(cur.raw(seg, start))
            continue
        cur.i += 1
        if sid == "PRV" and seg.get(1) == "BI" and not taxonomy and name is None:
            taxonomy = seg.get(3)
        elif sid == "REF" and ctx == "85" and seg.get(1) in ("EI", "SY") and not tax_id:
            tax_id, tax_qualifier = seg.get(2), seg.get(1)
        elif sid == "PER" and ctx == "85" and contact is None:
            contact = read_contact(seg)
        else:
            extras.append(cur.raw(seg, start))
    if name is None:
        raise loops.error("the billing provider loop 2010AA needs NM1*85", hl)
    return BillingProvider(
        name=name,
        address=address or Address(),
        tax_id=tax_id,
        tax_id_qualifier=tax_qualifier,
        taxonomy=taxonomy,
        contact=contact,
        pay_to_address=pay_to,
        other_segments=tuple(extras),
    )


def _read_subscriber(cur: Cursor) -> Subscriber:
    start = cur.i
    hl = cur.next()
    sbr: Segment | None = None
    name: Name | None = None
    payer: Name | None = None
    address: Address | None = None
    payer_address: Address | None = None
    dmg: Segment | None = None
    extras: list[RawSegment] = []
    while (seg := cur.peek()) is not None and seg.id not in ("HL", "CLM"):
        cur.i += 1
        sid = seg.id
        if sid == "SBR" and sbr is None:
            sbr = seg
        elif sid == "NM1" and seg.get(1) == "IL" and name is None:
            name = read_name(seg)
            address = read_address(cur)
        elif sid == "DMG" and name is not None and payer is None and dmg is None:
            dmg = seg
        elif sid == "NM1" and seg.get(1) == "PR" and payer is None:
            payer = read_name(seg)
            payer_address = read_address(cur)
        else:
            extras.append(cur.raw(seg, start))
    if sbr is None or name is None or payer is None:
        raise loops.error("the subscriber loop 2000B needs SBR, NM1*IL and NM1*PR", hl)
    return Subscriber(
        payer_responsibility=sbr.get(1),
        relationship=sbr.get(2),
        group_number=sbr.get(3),
        group_name=sbr.get(4),
        insurance_type=sbr.get(5),
        claim_filing_indicator=sbr.get(9),
        name=name,
        address=address,
        birth_date=loops.opt_date(dmg, 2) if dmg else None,
        sex=dmg.get(3) if dmg else "",
        payer=payer,
        payer_address=payer_address,
        other_segments=tuple(extras),
    )


def _read_patient(cur: Cursor) -> Patient:
    start = cur.i
    hl = cur.next()
    pat: Segment | None = None
    name: Name | None = None
    address: Address | None = None
    dmg: Segment | None = None
    extras: list[RawSegment] = []
    while (seg := cur.peek()) is not None and seg.id not in ("HL", "CLM"):
        cur.i += 1
        if seg.id == "PAT" and pat is None:
            pat = seg
        elif seg.id == "NM1" and seg.get(1) == "QC" and name is None:
            name = read_name(seg)
            address = read_address(cur)
        elif seg.id == "DMG" and name is not None and dmg is None:
            dmg = seg
        else:
            extras.append(cur.raw(seg, start))
    if pat is None or name is None:
        raise loops.error("the patient loop 2000C needs PAT and NM1*QC", hl)
    return Patient(
        relationship=pat.get(1),
        name=name,
        address=address,
        birth_date=loops.opt_date(dmg, 2) if dmg else None,
        sex=dmg.get(3) if dmg else "",
        other_segments=tuple(extras),
    )


def read_other_subscriber(cur: Cursor) -> OtherSubscriber:
    start = cur.i
    sbr = cur.next()
    adjustments: list[Adjustment] = []
    paid: Money | None = None
    oi: Segment | None = None
    subscriber: Name | None = None
    sub_address: Address | None = None
    payer: Name | None = None
    extras: list[RawSegment] = []
    while (seg := cur.peek()) is not None and seg.id not in ("SBR", "LX", "CLM", "HL"):
        cur.i += 1
        sid = seg.id
        if sid == "CAS" and subscriber is None:
            adjustments.append(read_adjustment(seg))
        elif sid == "AMT" and seg.get(1) == "D" and paid is None and subscriber is None:
            paid = loops.money(seg, 2)
        elif sid == "OI" and oi is None and subscriber is None:
            oi = seg
        elif sid == "NM1" and seg.get(1) == "IL" and subscriber is None:
            subscriber = read_name(seg)
            sub_address = read_address(cur)
        elif sid == "NM1" and seg.get(1) == "PR" and payer is None and subscriber is not None:
            payer = read_name(seg)
        else:
            extras.append(cur.raw(seg, start))
    if subscriber is None or payer is None:
        raise loops.error("the other subscriber loop 2320 needs 2330A NM1*IL and 2330B NM1*PR", sbr)
    return OtherSubscriber(
        payer_responsibility=sbr.get(1),
        relationship=sbr.get(2),
        group_number=sbr.get(3),
        group_name=sbr.get(4),
        insurance_type=sbr.get(5),
        claim_filing_indicator=sbr.get(9),
        adjustments=tuple(adjustments),
        payer_paid_amount=paid,
        benefits_assignment=oi.get(3) if oi else "",
        patient_signature_source=oi.get(4) if oi else "",
        release_of_information=oi.get(6) if oi else "",
        subscriber=subscriber,
        subscriber_address=sub_address,
        payer=payer,
        other_segments=tuple(extras),
    )


@dataclass(slots=True)
class LineParts:
    """What a service line (2400) has besides its SV1/SV2, gathered while reading it."""

    line_number: int = 0
    service: Segment | None = None
    service_date: Segment | None = None
    line_item_control_number: str = ""
    drug: Drug | None = None
    adjudications: list[LineAdjudication] = field(default_factory=list)
    extras: list[RawSegment] = field(default_factory=list)


def read_line(cur: Cursor, service_id: str) -> LineParts:
    """Read one 2400 loop (with its 2410, 2420 and 2430 loops) up to the next LX, CLM or HL."""
    start = cur.i
    lx = cur.next()
    parts = LineParts(line_number=loops.integer(lx, 1) or 0)
    lin: Segment | None = None
    svd: Segment | None = None
    svd_cas: list[Adjustment] = []
    svd_date: Segment | None = None

    def close_svd() -> None:
        nonlocal svd, svd_date
        if svd is None:
            return
        if svd_date is None:
            raise loops.error("line adjudication 2430 needs DTP*573 (adjudication date)", svd)
        composite = cur.components(svd.get(3))
        parts.adjudications.append(
            LineAdjudication(
                payer_id=svd.get(1),
                paid_amount=loops.money(svd, 2),
                procedure_qualifier=composite[0] if composite else "",
                procedure_code=composite[1] if len(composite) > 1 else "",
                modifiers=tuple(composite[2:6]),
                revenue_code=svd.get(4),
                units=loops.decimal(svd, 5) or Decimal(0),
                bundled_line_number=svd.get(6),
                adjustments=tuple(svd_cas),
                adjudication_date=loops.date(svd_date, 3),
            )
        )
        svd, svd_date = None, None
        svd_cas.clear()

    while (seg := cur.peek()) is not None and seg.id not in ("LX", "CLM", "HL"):
        cur.i += 1
        sid = seg.id
        if sid == "SVD":
            close_svd()
            svd = seg
        elif svd is not None and sid == "CAS" and svd_date is None:
            svd_cas.append(read_adjustment(seg))
        elif svd is not None and sid == "DTP" and seg.get(1) == "573" and svd_date is None:
            svd_date = seg
        elif svd is not None:
            close_svd()
            parts.extras.append(cur.raw(seg, start))
        elif sid == service_id and parts.service is None:
            parts.service = seg
        elif sid == "DTP" and seg.get(1) == "472" and parts.service_date is None and lin is None:
            parts.service_date = seg
        elif sid == "REF" and seg.get(1) == "6R" and not parts.line_item_control_number and lin is None:
            parts.line_item_control_number = seg.get(2)
        elif sid == "LIN" and lin is None:
            lin = seg
        elif sid == "CTP" and lin is not None and parts.drug is None:
            unit = cur.components(seg.get(5))
            parts.drug = Drug(
                ndc=lin.get(3),
                qualifier=lin.get(2),
                quantity=loops.decimal(seg, 4) or Decimal(0),
                unit=unit[0] if unit else "",
            )
        else:
            extras_seg = cur.raw(seg, start)
            parts.extras.append(extras_seg)
    close_svd()
    if parts.service is None:
        raise loops.error(f"service line {parts.line_number} needs {service_id}", lx)
    if lin is not None and parts.drug is None:
        raise loops.error("drug identification LIN needs CTP", lin)
    return parts
