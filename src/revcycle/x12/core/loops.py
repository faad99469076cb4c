"""Walking the segments of a transaction set loop by loop, and keeping the segments a typed model
does not name (``RawSegment``) so that a parsed file writes back segment for segment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from revcycle.kit.money import Money
from revcycle.x12.core.segment import Delimiters, Segment
from revcycle.x12.core.writer import SegmentWriter
from revcycle.x12.errors import SegmentError, X12WriteError

CANONICAL = Delimiters()


@dataclass(frozen=True, slots=True)
class RawSegment:
    """A segment kept as read, at ``index`` within its loop part; components are written with ``:``
    and repeats with ``^`` here, whatever the file used."""

    index: int
    elements: tuple[str, ...]


def _error(message: str, seg: Segment, element: int | None = None) -> SegmentError:
    return SegmentError(
        message,
        position=seg.position,
        segment_id=seg.id,
        element=f"{seg.id}{element:02d}" if element is not None else None,
        line=seg.line,
    )


class Cursor:
    """A read position over the body segments of one transaction set."""

    __slots__ = ("d", "i", "n", "segments")

    def __init__(self, segments: list[Segment], delimiters: Delimiters) -> None:
        self.segments = segments
        self.d = delimiters
        self.i = 0
        self.n = len(segments)

    def peek(self) -> Segment | None:
        return self.segments[self.i] if self.i < self.n else None

    def peek_id(self) -> str:
        return self.segments[self.i].elements[0] if self.i < self.n else ""

    def at(self, segment_id: str, qualifier: Container[str] | None = None) -> bool:
        if self.i >= self.n:
            return False
        seg = self.segments[self.i]
        if seg.elements[0] != segment_id:
            return False
        return qualifier is None or seg.get(1) in qualifier

    def next(self) -> Segment:
        seg = self.segments[self.i]
        self.i += 1
        return seg

    def take(self, segment_id: str, qualifier: Container[str] | None = None) -> Segment | None:
        if self.at(segment_id, qualifier):
            return self.next()
        return None

    def expect(self, segment_id: str, loop: str, qualifier: Container[str] | None = None) -> Segment:
        if self.at(segment_id, qualifier):
            return self.next()
        seg = self.peek()
        if seg is None:
            last = self.segments[-1] if self.segments else Segment(["SE"], 0, 0)
            raise _error(f"loop {loop} needs a {segment_id} segment, the transaction set ended", last)
        raise _error(f"loop {loop} needs a {segment_id} segment here, found {seg.id}", seg)

    def raw(self, seg: Segment, start: int) -> RawSegment:
        return RawSegment(self.i - 1 - start, canonical(seg.elements, self.d))

    # element readers ------------------------------------------------------------------------
    def components(self, value: str) -> list[str]:
        return value.split(self.d.component) if value else []

    def repeats(self, value: str) -> list[str]:
        if not value:
            return []
        return value.split(self.d.repetition) if self.d.repetition else [value]


def canonical(elements: list[str], d: Delimiters) -> tuple[str, ...]:
    if d.component == ":" and d.repetition in ("^", ""):
        return tuple(elements)
    table = str.maketrans({d.component: ":", **({d.repetition: "^"} if d.repetition else {})})
    return tuple(e.translate(table) for e in elements)


def write_raw(w: SegmentWriter, start: int, extras: tuple[RawSegment, ...]) -> None:
    """Insert kept segments back at their places in the part that began at ``start``."""
    if not extras:
        return
    d = w.delimiters
    for raw in sorted(extras, key=lambda r: r.index):
        elements = list(raw.elements)
        for value in elements:
            for char in (d.element, d.segment):
                if char in value:
                    raise X12WriteError(
                        f"kept segment {elements[0]} contains the delimiter {char!r}", segment_id=elements[0]
                    )
        if d.component != ":" or d.repetition != "^":
            table = str.maketrans({":": d.component, "^": d.repetition or "^"})
            elements = [e.translate(table) for e in elements]
        w.segments.insert(min(start + raw.index, len(w.segments)), d.element.join(elements))


# value parsing --------------------------------------------------------------------------------


def money(seg: Segment, element: int) -> Money:
    text = seg.get(element)
    if not text:
        raise _error("an amount is required here", seg, element)
    return parse_money(text, seg, element)


def opt_money(seg: Segment, element: int) -> Money | None:
    text = seg.get(element)
    return parse_money(text, seg, element) if text else None


def parse_money(text: str, seg: Segment, element: int) -> Money:
    negative = text.startswith("-")
    body = text[1:] if negative else text
    whole, _, frac = body.partition(".")
    whole_ok = (whole.isdigit() and whole.isascii()) or (not whole and bool(frac))
    frac_ok = not frac or (frac.isdigit() and frac.isascii() and len(frac) <= 2)
    if whole_ok and frac_ok:
        cents = int(whole or "0") * 100 + (int(frac.ljust(2, "0")) if frac else 0)
        return Money.from_cents(-cents if negative else cents)
    raise _error(f"{text!r} is not an amount with at most two decimals", seg, element)


def decimal(seg: Segment, element: int) -> Decimal | None:
    text = seg.get(element)
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _error(f"{text!r} is not a number", seg, element) from None
    if not value.is_finite():
        raise _error(f"{text!r} is not a number", seg, element)
    return value


def integer(seg: Segment, element: int) -> int | None:
    text = seg.get(element)
    if not text:
        return None
    if not text.isdigit():
        raise _error(f"{text!r} is not a whole number", seg, element)
    return int(text)


def date(seg: Segment, element: int) -> dt.date:
    text = seg.get(element)
    try:
        if len(text) == 8 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        pass
    raise _error(f"{text!r} is not a date (CCYYMMDD)", seg, element)


def opt_date(seg: Segment, element: int) -> dt.date | None:
    return date(seg, element) if seg.get(element) else None


def period(seg: Segment, qualifier_element: int) -> tuple[dt.date, dt.date | None]:
    """A DTP/DTM date or ``RD8`` range: the qualifier element, then the value element."""
    fmt = seg.get(qualifier_element)
    text = seg.get(qualifier_element + 1)
    if fmt == "RD8" and "-" in text:
        a, _, b = text.partition("-")
        probe = Segment([seg.id, a, b], seg.position, seg.line)
        return date(probe, 1), date(probe, 2)
    if fmt in ("D8", ""):
        return date(seg, qualifier_element + 1), None
    raise _error(f"date format {fmt!r} is not D8 or RD8", seg, qualifier_element)


def error(message: str, seg: Segment, element: int | None = None) -> SegmentError:
    return _error(message, seg, element)
