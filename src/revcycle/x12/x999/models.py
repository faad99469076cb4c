"""999 models: AK1 group, AK2/IK5 per transaction set, IK3 segment notes, IK4 element notes, AK9."""

from __future__ import annotations

from dataclasses import dataclass

from revcycle.x12.core.envelope import Envelope

GUIDE = "005010X231A1"


@dataclass(frozen=True, slots=True)
class ElementNote:
    """IK4: an element in error. ``position`` is the element number (IK401-1), component and repeat."""

    position: int
    code: str
    component_position: int | None = None
    repeat_position: int | None = None
    reference_number: str = ""
    bad_value: str = ""


@dataclass(frozen=True, slots=True)
class SegmentNote:
    """IK3: a segment in error, at ``position`` counted from ST (= 1), in ``loop_id``."""

    segment_id: str
    position: int
    code: str
    loop_id: str = ""
    elements: tuple[ElementNote, ...] = ()


@dataclass(frozen=True, slots=True)
class TransactionSetResponse:
    """AK2 .. IK5: ``code`` A accepted, E accepted with errors, R rejected (IK501)."""

    transaction_set_id: str
    control_number: str
    code: str
    implementation_guide: str = ""
    segments: tuple[SegmentNote, ...] = ()
    error_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Acknowledgment999:
    """One 999: the acknowledged group (AK1) and the verdict (AK9: A, E, P or R)."""

    envelope: Envelope
    functional_id: str
    group_control_number: str
    code: str
    included: int
    received: int
    accepted: int
    group_version: str = ""
    transaction_sets: tuple[TransactionSetResponse, ...] = ()
    error_codes: tuple[str, ...] = ()
    implementation_guide: str = GUIDE
    transaction_set: str = "999"
