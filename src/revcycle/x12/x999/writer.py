"""Write :class:`Acknowledgment999` as X12 (005010X231A1)."""

from __future__ import annotations

from revcycle.x12.core.writer import SegmentWriter, TransactionText, check_model, write_interchanges
from revcycle.x12.x999.models import Acknowledgment999


def transaction_999(model: Acknowledgment999) -> TransactionText:
    check_model(model, model.envelope.delimiters)
    w = SegmentWriter(model.envelope.delimiters)
    w.add("AK1", model.functional_id, model.group_control_number, model.group_version)
    for ts in model.transaction_sets:
        w.add("AK2", ts.transaction_set_id, ts.control_number, ts.implementation_guide)
        for note in ts.segments:
            w.add("IK3", note.segment_id, str(note.position), note.loop_id, note.code)
            for e in note.elements:
                position = (
                    str(e.position),
                    "" if e.component_position is None else str(e.component_position),
                    "" if e.repeat_position is None else str(e.repeat_position),
                )
                w.add("IK4", position, e.reference_number, e.code, e.bad_value)
        w.add("IK5", ts.code, *ts.error_codes[:5])
    w.add(
        "AK9",
        model.code,
        str(model.included),
        str(model.received),
        str(model.accepted),
        *model.error_codes[:5],
    )
    return TransactionText(model.envelope, "FA", "999", model.implementation_guide, w.segments)


def write_999(model: Acknowledgment999) -> str:
    return write_interchanges([transaction_999(model)])
