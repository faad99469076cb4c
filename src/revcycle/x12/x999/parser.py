"""Read a 999 into :class:`Acknowledgment999`."""

from __future__ import annotations

from revcycle.x12.core import loops
from revcycle.x12.core.envelope import RawTransaction
from revcycle.x12.core.loops import Cursor
from revcycle.x12.x999.models import Acknowledgment999, ElementNote, SegmentNote, TransactionSetResponse


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def parse_999(raw: RawTransaction) -> Acknowledgment999:
    cur = Cursor(raw.segments, raw.delimiters)
    ak1 = cur.expect("AK1", "header")
    sets: list[TransactionSetResponse] = []
    while cur.at("AK2"):
        ak2 = cur.next()
        notes: list[SegmentNote] = []
        while cur.at("IK3"):
            ik3 = cur.next()
            cur.take("CTX")
            elements: list[ElementNote] = []
            while cur.at("IK4"):
                ik4 = cur.next()
                position = cur.components(ik4.get(1))
                if not position or not position[0].isdigit():
                    raise loops.error("IK401 needs the element position", ik4, 1)
                elements.append(
                    ElementNote(
                        position=int(position[0]),
                        component_position=_int(position[1]) if len(position) > 1 else None,
                        repeat_position=_int(position[2]) if len(position) > 2 else None,
                        reference_number=ik4.get(2),
                        code=ik4.get(3),
                        bad_value=ik4.get(4),
                    )
                )
                cur.take("CTX")
            notes.append(
                SegmentNote(
                    segment_id=ik3.get(1),
                    position=loops.integer(ik3, 2) or 0,
                    loop_id=ik3.get(3),
                    code=ik3.get(4),
                    elements=tuple(elements),
                )
            )
        ik5 = cur.expect("IK5", "2000 (AK2)")
        sets.append(
            TransactionSetResponse(
                transaction_set_id=ak2.get(1),
                control_number=ak2.get(2),
                implementation_guide=ak2.get(3),
                code=ik5.get(1),
                segments=tuple(notes),
                error_codes=tuple(c for c in ik5.elements[2:] if c),
            )
        )
    ak9 = cur.expect("AK9", "trailer")
    if (seg := cur.peek()) is not None:
        raise loops.error(f"unexpected {seg.id} after AK9", seg)
    return Acknowledgment999(
        envelope=raw.envelope,
        functional_id=ak1.get(1),
        group_control_number=ak1.get(2),
        group_version=ak1.get(3),
        transaction_sets=tuple(sets),
        code=ak9.get(1),
        included=loops.integer(ak9, 2) or 0,
        received=loops.integer(ak9, 3) or 0,
        accepted=loops.integer(ak9, 4) or 0,
        error_codes=tuple(c for c in ak9.elements[5:] if c),
        implementation_guide=raw.implementation_guide,
    )
