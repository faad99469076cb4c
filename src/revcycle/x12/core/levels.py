"""The HL level tree that 270, 271, 276, 277 and 277CA share: each level names a party (NM1) and
carries traces (TRN), references, dates and, by transaction, inquiries (EQ), benefits (EB),
rejections (AAA) or claim statuses (STC)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import TypeVar

from revcycle.kit.money import Money
from revcycle.x12.core import loops
from revcycle.x12.core.common import Address, Name, read_address, read_name, write_address, write_name
from revcycle.x12.core.envelope import RawTransaction
from revcycle.x12.core.level_models import (
    Benefit,
    DateInfo,
    Level,
    LevelHeader,
    LevelTransaction,
    Rejection,
    Status,
    Trace,
)
from revcycle.x12.core.loops import Cursor, RawSegment, write_raw
from revcycle.x12.core.segment import Segment
from revcycle.x12.core.writer import SegmentWriter, TransactionText, amount, check_model, date8, number

__all__ = [
    "Benefit",
    "DateInfo",
    "Level",
    "LevelHeader",
    "LevelTransaction",
    "Rejection",
    "Status",
    "Trace",
    "level_transaction_text",
    "parse_level_transaction",
    "read_levels",
    "write_levels",
]


T = TypeVar("T", bound="LevelTransaction")

TRN_FIRST = frozenset({"270", "271"})


def read_header(cur: Cursor) -> LevelHeader:
    bht = cur.expect("BHT", "header")
    return LevelHeader(bht.get(1), bht.get(2), bht.get(3), loops.date(bht, 4), bht.get(5), bht.get(6))


def write_header(w: SegmentWriter, h: LevelHeader) -> None:
    w.add("BHT", h.structure, h.purpose, h.reference_id, date8(h.created), h.created_time, h.transaction_type)


def read_levels(cur: Cursor) -> tuple[Level, ...]:
    """Read every HL level and build the tree from the HL02 parent links."""
    flat: list[tuple[str, str, Level]] = []
    while (seg := cur.peek()) is not None:
        if seg.id != "HL":
            raise loops.error(f"expected HL, found {seg.id}", seg)
        flat.append(_read_level(cur))
    children: dict[str, list[str]] = {}
    by_id: dict[str, Level] = {}
    roots: list[str] = []
    for hl_id, parent, level in flat:
        by_id[hl_id] = level
        children.setdefault(hl_id, [])
        if parent and parent in by_id:
            children[parent].append(hl_id)
        else:
            roots.append(hl_id)

    def build(hl_id: str) -> Level:
        level = by_id[hl_id]
        kids = tuple(build(k) for k in children[hl_id])
        implied = _implied_child_code(level.level_code, bool(kids))
        code = None if level.child_code == implied else level.child_code
        return dataclasses.replace(level, children=kids, child_code=code)

    return tuple(build(r) for r in roots)


def _implied_child_code(level_code: str, has_children: bool) -> str:
    if level_code == "PT":  # the 277CA patient level leaves HL04 out
        return ""
    return "1" if has_children else "0"


def _read_level(cur: Cursor) -> tuple[str, str, Level]:
    start = cur.i
    hl = cur.next()
    name: Name | None = None
    address: Address | None = None
    dmg: Segment | None = None
    traces: list[Trace] = []
    refs: list[tuple[str, str]] = []
    quantities: list[tuple[str, Decimal]] = []
    amounts: list[tuple[str, Money]] = []
    dates: list[DateInfo] = []
    statuses: list[Status] = []
    inquiries: list[tuple[str, ...]] = []
    benefits: list[Benefit] = []
    rejections: list[Rejection] = []
    extras: list[RawSegment] = []
    in_benefits = False
    while (seg := cur.peek()) is not None and seg.id != "HL":
        cur.i += 1
        sid = seg.id
        if in_benefits and sid != "EB":
            extras.append(cur.raw(seg, start))
            continue
        if sid == "NM1" and name is None:
            name = read_name(seg)
            address = read_address(cur)
        elif (
            sid in ("N3", "N4")
            and name is not None
            and address is None
            and refs
            and not (amounts or rejections or dates or inquiries or benefits)
            and dmg is None
        ):
            # 270/271 2100B-D: NM1, REF, then N3/N4 (the address right after NM1 is read above)
            cur.i -= 1
            address = read_address(cur)
        elif sid == "TRN" and not statuses and not refs:
            traces.append(Trace(seg.get(1), seg.get(2), seg.get(3), seg.get(4)))
        elif sid == "STC" and not refs and not dates:
            statuses.append(_read_status(cur, seg))
        elif sid == "REF" and len(seg) == 3 and not amounts and not dates and not benefits:
            refs.append((seg.get(1), seg.get(2)))
        elif sid == "QTY" and len(seg) == 3 and not (amounts or rejections or dates or benefits):
            quantities.append((seg.get(1), loops.decimal(seg, 2) or Decimal(0)))
        elif sid == "AMT" and not dates and len(seg) == 3:
            amounts.append((seg.get(1), loops.money(seg, 2)))
        elif sid == "AAA" and not dates and not benefits and dmg is None:
            rejections.append(Rejection(seg.get(1), seg.get(3), seg.get(4)))
        elif sid == "DMG" and dmg is None and not dates and seg.get(1) == "D8":
            dmg = seg
        elif sid == "DTP" and seg.get(2) in ("D8", "RD8") and not benefits and not inquiries:
            start_date, end_date = loops.period(seg, 2)
            if seg.get(2) == "RD8" and end_date is None:
                extras.append(cur.raw(seg, start))
            else:
                dates.append(DateInfo(seg.get(1), start_date, end_date if seg.get(2) == "RD8" else None))
        elif sid == "EQ" and len(seg) == 2:
            inquiries.append(tuple(cur.repeats(seg.get(1))))
        elif sid == "EB":
            in_benefits = False
            benefits.append(_read_benefit(cur, seg))
        else:
            extras.append(cur.raw(seg, start))
            if benefits and sid in ("MSG", "LS", "III", "REF", "DTP", "HSD", "NM1", "LE"):
                in_benefits = True
    level = Level(
        level_code=hl.get(3),
        name=name,
        traces=tuple(traces),
        address=address,
        birth_date=loops.opt_date(dmg, 2) if dmg else None,
        sex=dmg.get(3) if dmg else "",
        references=tuple(refs),
        quantities=tuple(quantities),
        amounts=tuple(amounts),
        dates=tuple(dates),
        statuses=tuple(statuses),
        inquiries=tuple(inquiries),
        benefits=tuple(benefits),
        rejections=tuple(rejections),
        child_code=hl.get(4),
        other_segments=tuple(extras),
    )
    return hl.get(1), hl.get(2), level


def _read_status(cur: Cursor, seg: Segment) -> Status:
    head = cur.components(seg.get(1))
    if len(head) < 2:
        raise loops.error("STC01 needs a category and a status code (A2:20)", seg, 1)
    rest = [tuple(cur.components(e)) for e in seg.elements[5:]]
    return Status(
        category=head[0],
        code=head[1],
        entity=head[2] if len(head) > 2 else "",
        code_list_qualifier=head[3] if len(head) > 3 else "",
        date=loops.opt_date(seg, 2),
        action_code=seg.get(3),
        amount=loops.opt_money(seg, 4),
        rest=tuple(rest),
    )


def _read_benefit(cur: Cursor, seg: Segment) -> Benefit:
    return Benefit(
        code=seg.get(1),
        coverage_level=seg.get(2),
        service_types=tuple(cur.repeats(seg.get(3))),
        insurance_type=seg.get(4),
        plan=seg.get(5),
        time_period=seg.get(6),
        amount=loops.opt_money(seg, 7),
        percent=loops.decimal(seg, 8),
        quantity_qualifier=seg.get(9),
        quantity=loops.decimal(seg, 10),
        authorization_required=seg.get(11),
        in_network=seg.get(12),
    )


def write_levels(w: SegmentWriter, levels: tuple[Level, ...], transaction_set: str) -> None:
    counter = [0]
    for level in levels:
        _write_level(w, level, "", counter, transaction_set)


def _write_level(w: SegmentWriter, level: Level, parent: str, counter: list[int], ts: str) -> None:
    counter[0] += 1
    hl_id = str(counter[0])
    start = len(w.segments)
    child = level.child_code
    if child is None:
        child = _implied_child_code(level.level_code, bool(level.children))
    w.add("HL", hl_id, parent, level.level_code, child)
    dmg_first = ts == "276"
    if dmg_first:
        _write_demographics(w, level)
    trn_first = ts in TRN_FIRST
    if trn_first:
        _write_traces(w, level)
    if level.name is not None:
        write_name(w, level.name)
    if not trn_first:
        _write_traces(w, level)
        _write_statuses(w, level)
    for q, v in level.references:
        w.add("REF", q, v)
    write_address(w, level.address)
    for qualifier, quantity in level.quantities:
        w.add("QTY", qualifier, number(quantity))
    for a in level.amounts:
        w.add("AMT", a[0], amount(a[1]))
    for r in level.rejections:
        w.add("AAA", r.valid, "", r.code, r.follow_up)
    if not dmg_first:
        _write_demographics(w, level)
    for d in level.dates:
        if d.end is not None:
            w.add("DTP", d.qualifier, "RD8", f"{date8(d.start)}-{date8(d.end)}")
        else:
            w.add("DTP", d.qualifier, "D8", date8(d.start))
    for inquiry in level.inquiries:
        w.add("EQ", list(inquiry))
    for b in level.benefits:
        w.add(
            "EB",
            b.code,
            b.coverage_level,
            list(b.service_types),
            b.insurance_type,
            b.plan,
            b.time_period,
            amount(b.amount),
            number(b.percent),
            b.quantity_qualifier,
            number(b.quantity),
            b.authorization_required,
            b.in_network,
        )
    write_raw(w, start, level.other_segments)
    for kid in level.children:
        _write_level(w, kid, hl_id, counter, ts)


def _write_demographics(w: SegmentWriter, level: Level) -> None:
    if level.birth_date is not None or level.sex:
        w.add("DMG", "D8", date8(level.birth_date), level.sex)


def _write_traces(w: SegmentWriter, level: Level) -> None:
    for t in level.traces:
        w.add("TRN", t.trace_type, t.number, t.originator, t.supplemental)


def _write_statuses(w: SegmentWriter, level: Level) -> None:
    for s in level.statuses:
        w.add(
            "STC",
            (s.category, s.code, s.entity, s.code_list_qualifier),
            date8(s.date),
            s.action_code,
            amount(s.amount),
            *[tuple(r) for r in s.rest],
        )


FUNCTIONAL_IDS = {"270": "HS", "271": "HB", "276": "HR", "277": "HN"}


def parse_level_transaction(raw: RawTransaction, cls: type[T]) -> T:
    cur = Cursor(raw.segments, raw.delimiters)
    header = read_header(cur)
    levels = read_levels(cur)
    return cls(
        envelope=raw.envelope,
        header=header,
        levels=levels,
        implementation_guide=raw.implementation_guide,
        transaction_set=raw.transaction_set,
    )


def level_transaction_text(model: LevelTransaction) -> TransactionText:
    check_model(model, model.envelope.delimiters)
    w = SegmentWriter(model.envelope.delimiters)
    write_header(w, model.header)
    write_levels(w, model.levels, model.transaction_set)
    return TransactionText(
        model.envelope,
        FUNCTIONAL_IDS[model.transaction_set],
        model.transaction_set,
        model.implementation_guide,
        w.segments,
    )
