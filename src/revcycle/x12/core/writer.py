"""Write segments and envelopes. Counts (SE01, GE01, IEA01) are computed; control numbers come
from the caller. A value that contains a delimiter is refused, never altered."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from revcycle.kit.money import Money
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.core.segment import Delimiters
from revcycle.x12.errors import X12WriteError

Element = str | tuple[str, ...] | list[str] | None
"""A simple element (str), a composite (tuple of components) or repeats (list of values)."""

SegmentData = list[Element]


def amount(value: Money | None) -> str:
    return "" if value is None else value.x12()


def number(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    return text


def date8(value: dt.date | None) -> str:
    return "" if value is None else value.strftime("%Y%m%d")


def check_model(model: object, delimiters: Delimiters, path: str = "") -> None:
    """Refuse a model whose text fields contain a delimiter; the error names the field path."""
    if isinstance(model, str):
        for name, char in zip(
            ("element", "repetition", "component", "segment"), delimiters.all(), strict=True
        ):
            if char and char in model:
                raise X12WriteError(
                    f"{path or 'value'} = {model!r} contains the {name} separator {char!r}; "
                    "X12 data cannot contain delimiters, change the value",
                    element=path or None,
                )
        return
    if isinstance(model, (tuple, list)):
        for index, item in enumerate(model):
            check_model(item, delimiters, f"{path}[{index}]")
        return
    if dataclasses.is_dataclass(model) and not isinstance(model, type):
        for f in dataclasses.fields(model):
            if f.name in ("delimiters", "other_segments"):
                continue
            check_model(getattr(model, f.name), delimiters, f"{path}.{f.name}" if path else f.name)


class SegmentWriter:
    """Collects segments as text with the given delimiters."""

    __slots__ = ("delimiters", "segments")

    def __init__(self, delimiters: Delimiters) -> None:
        self.delimiters = delimiters
        self.segments: list[str] = []

    def add(self, segment_id: str, *elements: Element) -> None:
        self.segments.append(self.render(segment_id, elements))

    def extend(self, segments: Iterable[SegmentData]) -> None:
        for data in segments:
            head = data[0]
            assert isinstance(head, str)
            self.segments.append(self.render(head, data[1:]))

    def render(self, segment_id: str, elements: Sequence[Element]) -> str:
        d = self.delimiters
        out: list[str] = [segment_id]
        for number_, value in enumerate(elements, start=1):
            if value is None:
                text = ""
            elif isinstance(value, str):
                text = value
                self._check(segment_id, number_, value)
            elif isinstance(value, tuple):
                parts = list(value)
                while parts and not parts[-1]:
                    parts.pop()
                for part in parts:
                    self._check(segment_id, number_, part)
                text = d.component.join(parts)
            else:
                for part in value:
                    self._check(segment_id, number_, part)
                if len(value) > 1 and not d.repetition:
                    raise X12WriteError(
                        f"{segment_id}{number_:02d} repeats but the interchange has no repetition separator",
                        segment_id=segment_id,
                        element=f"{segment_id}{number_:02d}",
                    )
                text = d.repetition.join(value)
            out.append(text)
        while len(out) > 1 and not out[-1]:
            out.pop()
        return d.element.join(out)

    def _check(self, segment_id: str, number_: int, value: str) -> None:
        for char in self.delimiters.all():
            if char and char in value:
                raise X12WriteError(
                    f"{segment_id}{number_:02d} value {value!r} contains the delimiter {char!r}",
                    segment_id=segment_id,
                    element=f"{segment_id}{number_:02d}",
                )


@dataclass(frozen=True, slots=True)
class TransactionText:
    """One transaction set ready for enveloping."""

    envelope: Envelope
    functional_id: str
    transaction_set: str
    implementation_guide: str
    body: list[str]
    guide_in_st: bool = True


def isa_segment(envelope: Envelope, *, date: dt.date | None = None) -> str:
    e = envelope
    d = e.delimiters
    when = date or e.date
    fields = [
        "ISA",
        e.authorization_qualifier,
        e.authorization_information.ljust(10),
        e.security_qualifier,
        e.security_information.ljust(10),
        e.sender_qualifier,
        e.sender_id.ljust(15),
        e.receiver_qualifier,
        e.receiver_id.ljust(15),
        when.strftime("%y%m%d"),
        e.time,
        d.repetition or "U",
        "00501",
        e.interchange_control_number.zfill(9),
        e.acknowledgment_requested,
        e.usage_indicator,
        d.component,
    ]
    text = d.element.join(fields)
    if len(text) != 105:
        raise X12WriteError(
            "an ISA field has the wrong width (sender/receiver ids up to 15 characters, "
            "control number 9 digits, time HHMM)",
            segment_id="ISA",
        )
    return text


def write_interchanges(transactions: Sequence[TransactionText], *, line_breaks: bool = True) -> str:
    """Envelope transaction sets: consecutive ones sharing ISA13 share an interchange, and those
    sharing GS06 as well share a group."""
    out: list[str] = []
    i = 0
    while i < len(transactions):
        e = transactions[i].envelope
        d = e.delimiters
        w = SegmentWriter(d)
        segs: list[str] = [isa_segment(e)]
        groups = 0
        while i < len(transactions) and transactions[i].envelope.interchange_control_number == (
            e.interchange_control_number
        ):
            g = transactions[i]
            ge = g.envelope
            segs.append(
                w.render(
                    "GS",
                    [
                        g.functional_id,
                        ge.gs_sender,
                        ge.gs_receiver,
                        ge.date.strftime("%Y%m%d"),
                        ge.group_time or ge.time,
                        ge.group_control_number,
                        "X",
                        g.implementation_guide,
                    ],
                )
            )
            groups += 1
            count = 0
            while (
                i < len(transactions)
                and transactions[i].envelope.interchange_control_number == e.interchange_control_number
                and transactions[i].envelope.group_control_number == ge.group_control_number
            ):
                t = transactions[i]
                control = t.envelope.transaction_control_number
                st: list[Element] = [t.transaction_set, control]
                if t.guide_in_st:
                    st.append(t.implementation_guide)
                segs.append(w.render("ST", st))
                segs.extend(t.body)
                segs.append(w.render("SE", [str(len(t.body) + 2), control]))
                count += 1
                i += 1
            segs.append(w.render("GE", [str(count), ge.group_control_number]))
        segs.append(w.render("IEA", [str(groups), e.interchange_control_number.zfill(9)]))
        joiner = d.segment + ("\n" if line_breaks and d.segment != "\n" else "")
        out.append(joiner.join(segs) + joiner)
    return "".join(out)
