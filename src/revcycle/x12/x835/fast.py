"""The fast reader of an 835 body (see :mod:`revcycle.x12.core.fast`).

It gives exactly what :func:`revcycle.x12.x835.parser.parse_835` gives: the header, payer and payee
(a few segments) go through the same functions; the claim and service loops, which are nearly the
whole file, are read here from the segment strings with one branch per segment id. Whatever they
do not expect raises :class:`Fallback`.
"""

from __future__ import annotations

from typing import Any

from revcycle.kit.money import Money
from revcycle.x12.core.common import Adjustment, AdjustmentReason, Name
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.core.fast import CACHE_LIMIT, ENVELOPE_IDS, Context, Fallback
from revcycle.x12.core.fastbuild import positional
from revcycle.x12.core.loops import Cursor, RawSegment
from revcycle.x12.core.segment import Segment
from revcycle.x12.x835.models import (
    AmountInfo,
    ClaimGroup,
    ClaimPayment,
    OutpatientAdjudication,
    ProviderAdjustment,
    Reference,
    Remittance835,
    ServicePayment,
)
from revcycle.x12.x835.parser import build_835, read_header, read_moa, read_plb

_new_service = positional(ServicePayment)
_new_claim = positional(ClaimPayment)
_new_name = positional(Name)
_new_group = positional(ClaimGroup)
_new_amount = positional(AmountInfo)
_new_reason = positional(AdjustmentReason)
_new_adjustment = positional(Adjustment)

_SERVICE_END = frozenset({"SVC", "CLP", "LX", "PLB", "SE"})
_GROUP_END = frozenset({"CLP", "LX", "PLB", "SE"})
_HEADER_END = frozenset({"LX", "CLP", "PLB", "SE"})
_REPEATING = frozenset({"DTM", "CAS", "SVC", "AMT", "LQ"})
_SERVICE_DATES = frozenset({"472", "150", "151"})
_PAD = [""] * 20


def read_835(
    ctx: Context, pieces: list[str], first: int, envelope: Envelope, guide: str
) -> tuple[Remittance835, int]:
    sep = ctx.sep
    # header, payer and payee: the segments before the first LX, CLP or PLB
    i = first
    while (sid := pieces[i].split(sep, 1)[0]) not in _HEADER_END:
        if sid in ENVELOPE_IDS:
            raise Fallback
        i += 1
    cur = Cursor([Segment(pieces[k].split(sep), 0, 0) for k in range(first, i)], ctx.d)
    header = read_header(cur)
    if cur.i != cur.n:
        raise Fallback  # pragma: no cover - the payee loop reads to the end of the header part
    groups: list[ClaimGroup] = []
    e = pieces[i].split(sep)
    while e[0] == "LX" or e[0] == "CLP":
        start = i - first
        number = ""
        extras: list[RawSegment] = []
        if e[0] == "LX":
            number = e[1] if len(e) > 1 else ""
            i += 1
            e = pieces[i].split(sep)
            while e[0] not in _GROUP_END:
                extras.append(ctx.raw(i - first - start, e))
                i += 1
                e = pieces[i].split(sep)
        claims: list[ClaimPayment] = []
        while e[0] == "CLP":
            claim, i, e = _read_claim(ctx, pieces, i, first, e)
            claims.append(claim)
        groups.append(_new_group(number, tuple(claims), tuple(extras)))
    plbs: list[ProviderAdjustment] = []
    while e[0] == "PLB":
        plbs.append(read_plb(cur, Segment(e, 0, 0)))
        i += 1
        e = pieces[i].split(sep)
    if e[0] != "SE":
        raise Fallback
    return build_835(header, envelope, guide, groups, plbs), i


def _adjustment(ctx: Context, piece: str, e: list[str]) -> Adjustment:
    adjustment: Adjustment | None = ctx.values.get(piece)
    if adjustment is None:
        adjustment = _read_cas(ctx, e)
        if len(ctx.values) < CACHE_LIMIT:
            ctx.values[piece] = adjustment
    return adjustment


def _read_cas(ctx: Context, e: list[str]) -> Adjustment:
    """``read_adjustment`` with cached amounts and numbers."""
    n = len(e)
    reasons: list[AdjustmentReason] = []
    for i in range(2, 20, 3):
        code = e[i] if i < n else ""
        if not code:
            break
        amount = ctx.money(e[i + 1] if i + 1 < n else "")
        reasons.append(_new_reason(code, amount, ctx.decimal(e[i + 2] if i + 2 < n else "")))
    if not reasons:
        raise Fallback
    return _new_adjustment(e[1] if n > 1 else "", tuple(reasons))


# SVC elements as ServicePayment fields: code, charge, paid, qualifier, modifiers, description,
# revenue code, units, original procedure, original units
SvcFields = tuple[str, Money, Money, str, tuple[str, ...], str, str, Any, tuple[str, ...], Any]


def _svc_fields(ctx: Context, piece: str, svc: list[str]) -> SvcFields:
    fields: SvcFields | None = ctx.values.get(piece)
    if fields is not None:
        return fields
    if len(svc) < 8:
        svc = svc + _PAD[: 8 - len(svc)]
    code = svc[1]
    procedure = code.split(ctx.comp) if code else []
    if len(procedure) < 2:
        raise Fallback
    mods = procedure[2:6]
    while mods and not mods[-1]:
        mods.pop()
    original = svc[6]
    fields = (
        procedure[1],
        ctx.money(svc[2]),
        ctx.money(svc[3]),
        procedure[0],
        tuple(mods),
        procedure[6] if len(procedure) > 6 else "",
        svc[4],
        ctx.decimal(svc[5]),
        tuple(original.split(ctx.comp)) if original else (),
        ctx.decimal(svc[7]),
    )
    if len(ctx.values) < CACHE_LIMIT:
        ctx.values[piece] = fields
    return fields


def _read_claim(
    ctx: Context, pieces: list[str], i: int, first: int, clp: list[str]
) -> tuple[ClaimPayment, int, list[str]]:
    parts = ctx.parts
    values = ctx.values
    monies = ctx.monies
    dates = ctx.dates
    start = i - first
    if len(clp) < 14:
        clp = clp + _PAD[: 14 - len(clp)]
    adjustments: list[Adjustment] = []
    patient: Name | None = None
    insured: Name | None = None
    moa: OutpatientAdjudication | None = None
    refs: list[Reference] = []
    amounts: list[AmountInfo] = []
    stmt_from = stmt_to = None
    extras: list[RawSegment] = []
    i += 1
    piece = pieces[i]
    e = parts.get(piece) or ctx.split(piece, _REPEATING)
    sid = e[0]
    while sid not in _SERVICE_END:
        n = len(e)
        q = e[1] if n > 1 else ""
        if sid == "NM1" and q == "QC" and patient is None:
            patient = _name(e, n)
        elif sid == "DTM" and q == "232" and stmt_from is None and not amounts:
            text = e[2] if n > 2 else ""
            stmt_from = dates.get(text) or ctx.date(text)
        elif sid == "DTM" and q == "233" and stmt_to is None and not amounts:
            text = e[2] if n > 2 else ""
            stmt_to = dates.get(text) or ctx.date(text)
        elif sid == "CAS" and patient is None:
            adjustments.append(values.get(piece) or _adjustment(ctx, piece, e))
        elif sid == "NM1" and q == "IL" and insured is None and patient is not None:
            insured = _name(e, n)
        elif sid == "MOA" and moa is None:
            moa = read_moa(Segment(e, 0, 0))
            if moa is None:
                extras.append(ctx.raw(i - first - start, e))
        elif sid == "REF" and n == 3 and not amounts and stmt_from is None and stmt_to is None:
            refs.append(Reference(q, e[2]))
        elif sid == "AMT":
            amounts.append(_new_amount(q, ctx.money(e[2] if n > 2 else "")))
        else:
            extras.append(ctx.raw(i - first - start, e))
        i += 1
        piece = pieces[i]
        e = parts.get(piece) or ctx.split(piece, _REPEATING)
        sid = e[0]
    if patient is None:
        raise Fallback
    services: list[ServicePayment] = []
    while sid == "SVC":
        service, i, e = _read_service(ctx, pieces, i, first, e)
        services.append(service)
        sid = e[0]
    charge = monies.get(clp[3]) or ctx.money(clp[3])
    paid = monies.get(clp[4]) or ctx.money(clp[4])
    responsibility = (monies.get(clp[5]) or ctx.money(clp[5])) if clp[5] else None
    claim = _new_claim(
        clp[1],
        clp[2],
        charge,
        paid,
        patient,
        responsibility,
        clp[6],
        clp[7],
        clp[8],
        clp[9],
        clp[11],
        ctx.decimal(clp[12]),
        ctx.decimal(clp[13]),
        tuple(adjustments),
        insured,
        moa,
        tuple(refs),
        stmt_from,
        stmt_to,
        tuple(amounts),
        tuple(services),
        tuple(extras),
    )
    return claim, i, e


def _name(e: list[str], n: int) -> Name:
    if n < 10:
        e = e + _PAD[: 10 - n]
    return _new_name(e[1], e[2], e[3], e[4], e[5], e[7], e[8], e[9])


def _read_service(
    ctx: Context, pieces: list[str], i: int, first: int, svc: list[str]
) -> tuple[ServicePayment, int, list[str]]:
    parts = ctx.parts
    values = ctx.values
    dates = ctx.dates
    start = i - first
    svc_piece = pieces[i]
    service_date = period_start = period_end = None
    adjustments: list[Adjustment] = []
    control = ""
    amounts: list[AmountInfo] = []
    remarks: list[str] = []
    extras: list[RawSegment] = []
    i += 1
    piece = pieces[i]
    e = parts.get(piece) or ctx.split(piece, _REPEATING)
    sid = e[0]
    while sid not in _SERVICE_END:
        n = len(e)
        q = e[1] if n > 1 else ""
        if sid == "DTM" and not adjustments and q in _SERVICE_DATES:
            # the first DTM of each qualifier counts, later ones are kept as read
            text = e[2] if n > 2 else ""
            if q == "472" and service_date is None:
                service_date = dates.get(text) or ctx.date(text)
            elif q == "150" and period_start is None:
                period_start = dates.get(text) or ctx.date(text)
            elif q == "151" and period_end is None:
                period_end = dates.get(text) or ctx.date(text)
            else:
                extras.append(ctx.raw(i - first - start, e))
        elif sid == "CAS" and not control and not amounts and not remarks:
            adjustments.append(values.get(piece) or _adjustment(ctx, piece, e))
        elif sid == "REF" and q == "6R" and not control and not amounts and not remarks:
            control = e[2] if n > 2 else ""
        elif sid == "AMT" and not remarks:
            amounts.append(_new_amount(q, ctx.money(e[2] if n > 2 else "")))
        elif sid == "LQ" and q == "HE":
            remarks.append(e[2] if n > 2 else "")
        else:
            extras.append(ctx.raw(i - first - start, e))
        i += 1
        piece = pieces[i]
        e = parts.get(piece) or ctx.split(piece, _REPEATING)
        sid = e[0]
    code, charge, paid, qualifier, modifiers, description, revenue, units, original, original_units = (
        values.get(svc_piece) or _svc_fields(ctx, svc_piece, svc)
    )
    service = _new_service(
        code,
        charge,
        paid,
        qualifier,
        modifiers,
        description,
        revenue,
        units,
        original,
        original_units,
        service_date,
        period_start,
        period_end,
        tuple(adjustments),
        control,
        tuple(amounts),
        tuple(remarks),
        tuple(extras),
    )
    return service, i, e
