"""TA1 interchange acknowledgment: sent in its own interchange (ISA, TA1, IEA) in answer to an ISA."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from revcycle.x12.core import loops
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.core.segment import Segment
from revcycle.x12.core.writer import SegmentWriter, check_model, isa_segment


@dataclass(frozen=True, slots=True)
class InterchangeAcknowledgment:
    """TA1: the acknowledged interchange's control number, date and time, A/E/R and a note code."""

    envelope: Envelope
    acknowledged_control_number: str
    interchange_date: dt.date
    interchange_time: str
    code: str
    note_code: str = "000"
    transaction_set: str = "TA1"
    implementation_guide: str = ""


def read_ta1(seg: Segment, envelope: Envelope) -> InterchangeAcknowledgment:
    text = seg.get(2)
    if len(text) != 6 or not text.isdigit():
        raise loops.error(f"TA102 {text!r} is not a date (YYMMDD)", seg, 2)
    probe = Segment([seg.id, "20" + text], seg.position, seg.line)
    return InterchangeAcknowledgment(
        envelope=envelope,
        acknowledged_control_number=seg.get(1),
        interchange_date=loops.date(probe, 1),
        interchange_time=seg.get(3),
        code=seg.get(4),
        note_code=seg.get(5),
    )


def write_ta1(model: InterchangeAcknowledgment, *, line_breaks: bool = True) -> str:
    e = model.envelope
    check_model(model, e.delimiters)
    w = SegmentWriter(e.delimiters)
    segments = [
        isa_segment(e),
        w.render(
            "TA1",
            [
                model.acknowledged_control_number,
                model.interchange_date.strftime("%y%m%d"),
                model.interchange_time,
                model.code,
                model.note_code,
            ],
        ),
        w.render("IEA", ["0", e.interchange_control_number.zfill(9)]),
    ]
    d = e.delimiters
    joiner = d.segment + ("\n" if line_breaks and d.segment != "\n" else "")
    return joiner.join(segments) + joiner
