"""Walk interchanges, functional groups and transaction sets, checking their envelopes.

``iter_transactions`` yields one :class:`RawTransaction` per ST..SE with the ISA and GS it sits in.
Envelope problems raise :class:`EnvelopeError`; pass ``on_issue`` to collect them instead (the
validator does), and the walk goes on wherever it can.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from revcycle.x12.core.segment import Delimiters, IsaSegment, Segment
from revcycle.x12.core.tokenizer import Source, iter_segments
from revcycle.x12.errors import EnvelopeError, X12Error

IssueHandler = Callable[[X12Error], None]


def parse_date(text: str, *, segment: Segment | None = None, element: str = "") -> dt.date:
    """Read ``CCYYMMDD`` (or ``YYMMDD``) as a date; errors name the segment and element."""
    try:
        if len(text) == 8 and text.isdigit():
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if len(text) == 6 and text.isdigit():
            return dt.date(2000 + int(text[:2]), int(text[2:4]), int(text[4:]))
    except ValueError:
        pass
    raise EnvelopeError(
        f"{text!r} is not a date (CCYYMMDD)",
        position=segment.position if segment else None,
        segment_id=segment.id if segment else None,
        element=element or None,
        line=segment.line if segment else None,
    )


@dataclass(frozen=True, slots=True)
class Envelope:
    """ISA and GS values of one transaction set, plus its ST02. The caller chooses control numbers.

    ``application_sender_code``/``application_receiver_code`` (GS02/GS03) and ``group_time`` (GS05)
    are empty when they equal the ISA sender, receiver and time."""

    sender_id: str
    receiver_id: str
    interchange_control_number: str
    group_control_number: str
    transaction_control_number: str
    date: dt.date
    time: str = "1200"
    sender_qualifier: str = "ZZ"
    receiver_qualifier: str = "ZZ"
    application_sender_code: str = ""
    application_receiver_code: str = ""
    usage_indicator: str = "P"
    acknowledgment_requested: str = "0"
    authorization_qualifier: str = "00"
    authorization_information: str = ""
    security_qualifier: str = "00"
    security_information: str = ""
    group_time: str = ""
    delimiters: Delimiters = field(default_factory=Delimiters)

    @property
    def gs_sender(self) -> str:
        return self.application_sender_code or self.sender_id

    @property
    def gs_receiver(self) -> str:
        return self.application_receiver_code or self.receiver_id


@dataclass(slots=True)
class RawTransaction:
    """One transaction set as segments, with the envelope values around it."""

    transaction_set: str
    implementation_guide: str
    functional_id: str
    envelope: Envelope
    st: Segment
    segments: list[Segment]
    se: Segment | None
    delimiters: Delimiters

    def relative_position(self, segment: Segment) -> int:
        """Position counted as SE01 counts (ST is 1)."""
        return segment.position - self.st.position + 1


@dataclass(slots=True)
class _Group:
    gs: Segment
    transaction_count: int = 0


def _issue(handler: IssueHandler | None, error: X12Error) -> None:
    if handler is None:
        raise error
    handler(error)


def _err(message: str, segment: Segment, element: str | None = None) -> EnvelopeError:
    return EnvelopeError(
        message, position=segment.position, segment_id=segment.id, element=element, line=segment.line
    )


def _envelope(isa: Segment, gs: Segment, st: Segment, delimiters: Delimiters) -> Envelope:
    sender = isa.get(6).rstrip()
    receiver = isa.get(8).rstrip()
    return Envelope(
        sender_qualifier=isa.get(5),
        sender_id=sender,
        receiver_qualifier=isa.get(7),
        receiver_id=receiver,
        date=parse_date(isa.get(9), segment=isa, element="ISA09") if isa.get(9) else dt.date(2000, 1, 1),
        time=isa.get(10),
        interchange_control_number=isa.get(13),
        acknowledgment_requested=isa.get(14),
        usage_indicator=isa.get(15),
        authorization_qualifier=isa.get(1),
        authorization_information=isa.get(2).rstrip(),
        security_qualifier=isa.get(3),
        security_information=isa.get(4).rstrip(),
        application_sender_code="" if gs.get(2) == sender else gs.get(2),
        application_receiver_code="" if gs.get(3) == receiver else gs.get(3),
        group_control_number=gs.get(6),
        group_time="" if gs.get(5) == isa.get(10) else gs.get(5),
        transaction_control_number=st.get(2),
        delimiters=delimiters,
    )


def _delimiters_of(isa: Segment) -> Delimiters:
    if isinstance(isa, IsaSegment):
        return isa.delimiters
    return Delimiters(element="*", repetition=isa.get(11), component=isa.get(16), segment="~")


def iter_transactions(
    source: Source,
    *,
    on_issue: IssueHandler | None = None,
    on_ta1: Callable[[Segment, Envelope], None] | None = None,
) -> Iterator[RawTransaction]:
    """Yield each transaction set of ``source``, checking ISA/IEA, GS/GE and ST/SE as it goes."""
    segments = iter_segments(source)
    isa: Segment | None = None
    delimiters = Delimiters()
    group: _Group | None = None
    group_count = 0
    current: RawTransaction | None = None
    body: list[Segment] = []
    last: Segment | None = None
    for seg in segments:
        last = seg
        sid = seg.elements[0]
        if current is not None:
            if sid == "SE":
                current.se = seg
                _check_se(current, seg, on_issue)
                yield current
                current = None
                continue
            if sid in ("ST", "GE", "IEA", "GS", "ISA"):
                _issue(on_issue, _err(f"transaction set {current.st.get(2)} has no SE before {sid}", seg))
                yield current
                current = None
            else:
                body.append(seg)
                continue
        if sid == "ISA":
            if isa is not None:
                _issue(on_issue, _err("a new ISA before the IEA of the previous interchange", seg))
            isa = seg
            delimiters = _delimiters_of(seg)
            group_count = 0
        elif sid == "IEA":
            if isa is None:
                _issue(on_issue, _err("IEA without an ISA", seg))
                continue
            if group is not None:
                _issue(on_issue, _err(f"group {group.gs.get(6)} has no GE before the IEA", seg))
                group = None
            if seg.get(2) != isa.get(13):
                _issue(
                    on_issue, _err(f"IEA02 {seg.get(2)!r} does not match ISA13 {isa.get(13)!r}", seg, "IEA02")
                )
            if seg.get(1) != str(group_count):
                _issue(
                    on_issue,
                    _err(
                        f"IEA01 says {seg.get(1)!r} groups, the interchange has {group_count}", seg, "IEA01"
                    ),
                )
            isa = None
        elif sid == "GS":
            if isa is None:
                _issue(on_issue, _err("GS outside an interchange (no ISA before it)", seg))
            if group is not None:
                _issue(on_issue, _err(f"group {group.gs.get(6)} has no GE before this GS", seg))
            group = _Group(seg)
            group_count += 1
        elif sid == "GE":
            if group is None:
                _issue(on_issue, _err("GE without a GS", seg))
                continue
            if seg.get(2) != group.gs.get(6):
                _issue(
                    on_issue,
                    _err(f"GE02 {seg.get(2)!r} does not match GS06 {group.gs.get(6)!r}", seg, "GE02"),
                )
            if seg.get(1) != str(group.transaction_count):
                _issue(
                    on_issue,
                    _err(
                        f"GE01 says {seg.get(1)!r} transaction sets, the group has {group.transaction_count}",
                        seg,
                        "GE01",
                    ),
                )
            group = None
        elif sid == "ST":
            if group is None or isa is None:
                _issue(on_issue, _err("ST outside a functional group (no GS before it)", seg))
                if isa is None:
                    continue
            gs = group.gs if group is not None else Segment(["GS"], seg.position, seg.line)
            if group is not None:
                group.transaction_count += 1
            body = []
            current = RawTransaction(
                transaction_set=seg.get(1),
                implementation_guide=seg.get(3) or gs.get(8),
                functional_id=gs.get(1),
                envelope=_envelope(isa, gs, seg, delimiters),
                st=seg,
                segments=body,
                se=None,
                delimiters=delimiters,
            )
        elif sid == "TA1" and isa is not None and group is None:
            if on_ta1 is not None:
                blank = Segment(["GS"], seg.position, seg.line)
                on_ta1(seg, _envelope(isa, blank, Segment(["ST"], seg.position, seg.line), delimiters))
        else:
            _issue(on_issue, _err(f"segment {sid} outside a transaction set", seg))
    if current is not None:
        where = last if last is not None else current.st
        _issue(on_issue, _err(f"the file ends inside transaction set {current.st.get(2)} (no SE)", where))
        yield current
    elif group is not None and last is not None:
        _issue(on_issue, _err("the file ends inside a functional group (no GE)", last))
    elif isa is not None and last is not None:
        _issue(on_issue, _err("the file ends inside an interchange (no IEA)", last))


def _check_se(tx: RawTransaction, se: Segment, on_issue: IssueHandler | None) -> None:
    if se.get(2) != tx.st.get(2):
        _issue(on_issue, _err(f"SE02 {se.get(2)!r} does not match ST02 {tx.st.get(2)!r}", se, "SE02"))
    count = len(tx.segments) + 2
    if se.get(1) != str(count):
        _issue(
            on_issue, _err(f"SE01 says {se.get(1)!r} segments, the transaction set has {count}", se, "SE01")
        )
