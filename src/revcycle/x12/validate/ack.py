"""Build a 999 from the findings of a validated inbound file."""

from __future__ import annotations

import dataclasses

from revcycle.x12.core.envelope import Envelope
from revcycle.x12.validate.findings import Finding, TransactionSummary, ValidationReport
from revcycle.x12.x999.models import Acknowledgment999, ElementNote, SegmentNote, TransactionSetResponse


def _notes(summary: TransactionSummary) -> tuple[SegmentNote, ...]:
    by_position: dict[int, tuple[Finding, list[ElementNote]]] = {}
    for f in summary.findings:
        if not f.is_error or f.position is None or f.segment_id in ("ST", "SE", "") or len(f.segment_id) > 3:
            continue
        relative = f.position - summary.st_position + 1
        entry = by_position.setdefault(relative, (f, []))
        if f.element and f.element[-2:].isdigit():
            entry[1].append(ElementNote(int(f.element[-2:]), f.element_code or "7"))
    notes = []
    for relative in sorted(by_position)[:20]:
        f, elements = by_position[relative]
        notes.append(SegmentNote(f.segment_id, relative, f.segment_code, f.loop, tuple(elements[:99])))
    return tuple(notes)


def _response(summary: TransactionSummary) -> TransactionSetResponse:
    errors = [f for f in summary.findings if f.is_error]
    codes: tuple[str, ...] = ()
    if errors:
        if any(f.segment_id == "SE" and f.element == "SE01" for f in errors):
            codes = ("4",)
        elif any(f.segment_id == "SE" and f.element == "SE02" for f in errors):
            codes = ("3",)
        else:
            codes = ("5",)
    return TransactionSetResponse(
        transaction_set_id=summary.transaction_set,
        control_number=summary.control_number,
        implementation_guide=summary.implementation_guide,
        code="R" if errors else "A",
        segments=_notes(summary),
        error_codes=codes,
    )


def build_999(
    report: ValidationReport,
    *,
    interchange_control_number: str,
    group_control_number: str,
    transaction_control_number: str = "0001",
    envelope: Envelope | None = None,
) -> Acknowledgment999:
    """A 999 for the first functional group of the validated file; sender and receiver are swapped."""
    if not report.transactions:
        raise ValueError("no transaction set was read, so there is nothing to acknowledge in a 999")
    first = report.transactions[0]
    group = [t for t in report.transactions if t.group_control_number == first.group_control_number]
    inbound = first.envelope
    base = envelope or dataclasses.replace(
        inbound,
        sender_id=inbound.receiver_id,
        sender_qualifier=inbound.receiver_qualifier,
        receiver_id=inbound.sender_id,
        receiver_qualifier=inbound.sender_qualifier,
        application_sender_code=inbound.application_receiver_code,
        application_receiver_code=inbound.application_sender_code,
    )
    out_envelope = dataclasses.replace(
        base,
        interchange_control_number=interchange_control_number,
        group_control_number=group_control_number,
        transaction_control_number=transaction_control_number,
    )
    responses = tuple(_response(t) for t in group)
    accepted = sum(1 for r in responses if r.code == "A")
    if accepted == len(responses):
        code = "A"
    elif accepted == 0:
        code = "R"
    else:
        code = "P"
    return Acknowledgment999(
        envelope=out_envelope,
        functional_id=first.functional_id,
        group_control_number=first.group_control_number,
        group_version=first.implementation_guide,
        transaction_sets=responses,
        code=code,
        included=len(responses),
        received=len(responses),
        accepted=accepted,
        error_codes=() if code == "A" else ("5",),
    )
