"""Claim-level pieces 837P and 837I share: reading a 2300 claim with its 2320 and 2400 loops,
diagnoses (HI), the provider loops of 2310, REF*F8/G1."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from revcycle.x12.core import loops
from revcycle.x12.core.common import Address, Name, read_address, read_name, write_address, write_name
from revcycle.x12.core.loops import Cursor, RawSegment
from revcycle.x12.core.segment import Segment
from revcycle.x12.core.writer import SegmentWriter
from revcycle.x12.x837.models import OtherSubscriber
from revcycle.x12.x837.reader import read_other_subscriber

S = TypeVar("S")
OTHER_QUALIFIER = {"ABK": "ABF", "BK": "BF"}
ADMITTING_QUALIFIER = {"ABK": "ABJ", "BK": "BJ"}


@dataclass(slots=True)
class ClaimParts:
    """The 2300 segments both guides name, gathered while reading a claim part."""

    clm: Segment
    payer_claim_control_number: str = ""
    prior_authorization: str = ""
    diagnosis_qualifier: str = "ABK"
    principal: str = ""
    admitting: str = ""
    others: list[str] = field(default_factory=list)
    referring: Name | None = None
    rendering: Name | None = None
    rendering_taxonomy: str = ""
    attending: Name | None = None
    attending_taxonomy: str = ""
    facility: Name | None = None
    facility_address: Address | None = None
    dates: dict[str, Segment] = field(default_factory=dict)
    cl1: Segment | None = None
    extras: list[RawSegment] = field(default_factory=list)


def read_claim_loops(
    cur: Cursor, read_service: Callable[[Cursor], S], *, institutional: bool
) -> tuple[ClaimParts, tuple[OtherSubscriber, ...], tuple[S, ...]]:
    """Read one 2300 claim: CLM with its 2300/2310 segments, then its 2320 other subscribers and
    its 2400 service lines."""
    parts = read_claim_part(cur, institutional=institutional)
    others = []
    while cur.at("SBR"):
        others.append(read_other_subscriber(cur))
    services = []
    while cur.at("LX"):
        services.append(read_service(cur))
    if not parts.principal:
        guide = "837I" if institutional else "837P"
        raise loops.error(f"an {guide} claim needs a principal diagnosis (HI*ABK)", parts.clm)
    return parts, tuple(others), tuple(services)


def _simple_codes(cur: Cursor, seg: Segment) -> list[tuple[str, str]] | None:
    """HI composites as (qualifier, code) when each has exactly those two parts."""
    out = []
    for value in seg.elements[1:]:
        parts = cur.components(value)
        if len(parts) != 2:
            return None
        out.append((parts[0], parts[1]))
    return out


def read_claim_part(cur: Cursor, *, institutional: bool) -> ClaimParts:
    """Read CLM and the 2300/2310 segments up to the first 2320 SBR or 2400 LX."""
    start = cur.i
    parts = ClaimParts(cur.next())
    ctx = ""
    while (seg := cur.peek()) is not None and seg.id not in ("SBR", "LX", "CLM", "HL"):
        cur.i += 1
        sid = seg.id
        q = seg.get(1)
        if sid == "NM1":
            ctx = q
            if q in ("DN", "P3") and parts.referring is None:
                parts.referring = read_name(seg)
            elif q == "82" and parts.rendering is None:
                parts.rendering = read_name(seg)
            elif q == "71" and institutional and parts.attending is None:
                parts.attending = read_name(seg)
            elif q == "77" and parts.facility is None:
                parts.facility = read_name(seg)
                parts.facility_address = read_address(cur)
            else:
                ctx = "other"
                parts.extras.append(cur.raw(seg, start))
            continue
        if ctx == "":
            if sid == "REF" and q == "F8" and not parts.payer_claim_control_number:
                parts.payer_claim_control_number = seg.get(2)
                continue
            if sid == "REF" and q == "G1" and not parts.prior_authorization:
                parts.prior_authorization = seg.get(2)
                continue
            if sid == "DTP" and institutional and q in ("434", "435") and q not in parts.dates:
                parts.dates[q] = seg
                continue
            if sid == "CL1" and institutional and parts.cl1 is None:
                parts.cl1 = seg
                continue
            if sid == "HI" and _read_diagnoses(cur, seg, parts, institutional):
                continue
        elif sid == "PRV" and ctx == "82" and not parts.rendering_taxonomy and parts.rendering:
            parts.rendering_taxonomy = seg.get(3)
            continue
        elif sid == "PRV" and ctx == "71" and not parts.attending_taxonomy and parts.attending:
            parts.attending_taxonomy = seg.get(3)
            continue
        parts.extras.append(cur.raw(seg, start))
    return parts


def _read_diagnoses(cur: Cursor, seg: Segment, parts: ClaimParts, institutional: bool) -> bool:
    codes = _simple_codes(cur, seg)
    if not codes:
        return False
    first_q = codes[0][0]
    if not parts.principal and first_q in OTHER_QUALIFIER:
        other_q = OTHER_QUALIFIER[first_q]
        if institutional and len(codes) != 1:
            return False
        if any(q != other_q for q, _ in codes[1:]):
            return False
        parts.diagnosis_qualifier = first_q
        parts.principal = codes[0][1]
        parts.others.extend(code for _, code in codes[1:])
        return True
    if not institutional or not parts.principal:
        return False
    if first_q == ADMITTING_QUALIFIER[parts.diagnosis_qualifier] and len(codes) == 1 and not parts.admitting:
        if parts.others:
            return False
        parts.admitting = codes[0][1]
        return True
    other_q = OTHER_QUALIFIER[parts.diagnosis_qualifier]
    if all(q == other_q for q, _ in codes) and len(parts.others) % 12 == 0:
        parts.others.extend(code for _, code in codes)
        return True
    return False


def write_references(w: SegmentWriter, prior_authorization: str, payer_claim_control_number: str) -> None:
    if prior_authorization:
        w.add("REF", "G1", prior_authorization)
    if payer_claim_control_number:
        w.add("REF", "F8", payer_claim_control_number)


def write_diagnoses(
    w: SegmentWriter,
    qualifier: str,
    codes: tuple[str, ...],
    *,
    institutional: bool,
    admitting: str = "",
) -> None:
    if not codes:
        return
    other_q = OTHER_QUALIFIER.get(qualifier, "ABF")
    if not institutional:
        w.add("HI", (qualifier, codes[0]), *[(other_q, c) for c in codes[1:12]])
        return
    w.add("HI", (qualifier, codes[0]))
    if admitting:
        w.add("HI", (ADMITTING_QUALIFIER.get(qualifier, "ABJ"), admitting))
    rest = codes[1:]
    for i in range(0, len(rest), 12):
        w.add("HI", *[(other_q, c) for c in rest[i : i + 12]])


def write_providers_2310(
    w: SegmentWriter,
    *,
    institutional: bool,
    referring: Name | None,
    rendering: Name | None,
    rendering_taxonomy: str,
    facility: Name | None,
    facility_address: Address | None,
    attending: Name | None = None,
    attending_taxonomy: str = "",
) -> None:
    """837P order: referring, rendering, facility; 837I: attending, rendering, facility, referring."""
    if attending is not None:
        write_name(w, attending)
        if attending_taxonomy:
            w.add("PRV", "AT", "PXC", attending_taxonomy)
    if referring is not None and not institutional:
        write_name(w, referring)
    if rendering is not None:
        write_name(w, rendering)
        if rendering_taxonomy:
            w.add("PRV", "PE", "PXC", rendering_taxonomy)
    if facility is not None:
        write_name(w, facility)
        write_address(w, facility_address)
    if referring is not None and institutional:
        write_name(w, referring)
