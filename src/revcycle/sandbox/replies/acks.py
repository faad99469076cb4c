"""TA1 and 999 for an inbound file, from the x12 validator's findings.

A TA1 answers only a bad interchange (broken ISA/IEA, a reused control number); then nothing else
is answered. Otherwise each functional group gets a 999 with IK3/IK4 notes for the segments and
elements in error, and IK5/AK9 verdicts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from revcycle.x12.core.envelope import Envelope
from revcycle.x12.ta1 import InterchangeAcknowledgment
from revcycle.x12.validate import ValidationReport, build_999
from revcycle.x12.x999 import Acknowledgment999

ISA_FIELD = slice(90, 99)


def interchange_note(report: ValidationReport) -> str | None:
    """The TA1 note code for an interchange-level problem, or ``None`` when the interchange is fine."""
    if not report.is_x12:
        return "024"
    for f in report.findings:
        if not f.is_error:
            continue
        if f.element == "IEA02":
            return "001"
        if f.element == "IEA01":
            return "021"
        if f.segment_id in ("ISA", "IEA") or "ends inside" in f.message:
            return "023" if "ends inside" in f.message else "024"
    return None


def read_isa(text: str) -> tuple[str, str, str, dt.date | None, str] | None:
    """(sender qualifier, sender id, control number, date, time) read by fixed ISA offsets, for a TA1
    to an interchange that cannot be parsed; ``None`` when there is no ISA at all."""
    body = text.lstrip()
    if not body.startswith("ISA") or len(body) < 106:
        return None
    sep = body[3]
    fields = body[:106].split(sep)
    if len(fields) < 17:
        return None
    try:
        when: dt.date | None = dt.datetime.strptime(fields[9], "%y%m%d").date()  # noqa: DTZ007
    except ValueError:
        when = None
    return fields[5], fields[6].strip(), fields[13], when, fields[10]


def build_ta1(
    envelope: Envelope, *, control_number: str, date: dt.date, time: str, note: str
) -> InterchangeAcknowledgment:
    return InterchangeAcknowledgment(
        envelope=envelope,
        acknowledged_control_number=control_number,
        interchange_date=date,
        interchange_time=time if len(time) == 4 and time.isdigit() else "0000",
        code="R",
        note_code=note,
    )


def build_999s(report: ValidationReport, envelope: Envelope) -> list[Acknowledgment999]:
    """One 999 per functional group of the inbound file, all in one outbound interchange."""
    groups: list[str] = []
    for t in report.transactions:
        if t.group_control_number not in groups:
            groups.append(t.group_control_number)
    out: list[Acknowledgment999] = []
    for index, group in enumerate(groups):
        part = dataclasses.replace(
            report, transactions=[t for t in report.transactions if t.group_control_number == group]
        )
        group_number = str(int(envelope.group_control_number) + index)
        ack = build_999(
            part,
            interchange_control_number=envelope.interchange_control_number,
            group_control_number=group_number,
            transaction_control_number=f"{index + 1:04d}",
            envelope=envelope,
        )
        out.append(ack)
    return out


def accepted_sets(acks: list[Acknowledgment999]) -> set[tuple[str, str]]:
    """(group control number, transaction set control number) of the sets accepted (IK5 A or E)."""
    return {
        (a.group_control_number, t.control_number)
        for a in acks
        for t in a.transaction_sets
        if t.code in ("A", "E")
    }
