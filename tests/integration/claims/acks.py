"""Acknowledgments written with our X12 writers, the way a clearinghouse and a payer answer an 837."""

from __future__ import annotations

import datetime as dt

from revcycle import x12
from revcycle.kit.money import Money
from revcycle.x12.core.common import Name
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.core.levels import DateInfo, Level, LevelHeader, Status, Trace
from revcycle.x12.ta1 import InterchangeAcknowledgment
from revcycle.x12.x277ca import ClaimAcknowledgment277CA
from revcycle.x12.x999 import Acknowledgment999, TransactionSetResponse
from revcycle.x12.x999.models import ElementNote, SegmentNote

DAY = dt.date.today()


def _reply_envelope(sent: x12.Envelope, control: int) -> Envelope:
    return Envelope(
        sent.receiver_id,
        sent.sender_id,
        f"{control:09d}",
        str(control),
        "0001",
        DAY,
        "1300",
        usage_indicator=sent.usage_indicator,
    )


def parsed_837(text: str):
    return x12.parse(text)[0]


def ack_999(
    text_837: str,
    *,
    code: str = "A",
    control: int = 9001,
    segments: tuple[SegmentNote, ...] | None = None,
) -> str:
    """A 999 for the 837 ``text_837``; a rejection names ``segments`` (default: NM1 at 8, 2010BA)."""
    sent = parsed_837(text_837).envelope
    if segments is None:
        segments = ()
        if code == "R":
            segments = (SegmentNote("NM1", 8, "8", loop_id="2010BA", elements=(ElementNote(9, "7"),)),)
    ts = TransactionSetResponse(
        "837", sent.transaction_control_number, code, "005010X222A1", segments, ("5",) if code == "R" else ()
    )
    model = Acknowledgment999(
        _reply_envelope(sent, control),
        "HC",
        sent.group_control_number,
        code,
        1,
        1,
        0 if code == "R" else 1,
        group_version="005010X222A1",
        transaction_sets=(ts,),
    )
    return x12.write(model)


def ta1(text_837: str, *, code: str = "R", note: str = "006", control: int = 9100) -> str:
    sent = parsed_837(text_837).envelope
    return x12.write(
        InterchangeAcknowledgment(
            _reply_envelope(sent, control), sent.interchange_control_number, sent.date, sent.time, code, note
        )
    )


def ack_277ca(
    text_837: str, *, verdicts: dict[str, tuple[str, str]] | None = None, control: int = 9200
) -> str:
    """A 277CA answering every claim of the 837: ``verdicts`` maps a PCN to (category, status code)."""
    model_837 = parsed_837(text_837)
    sent = model_837.envelope
    verdicts = verdicts or {}
    patients = []
    total = Money.zero()
    for item in model_837.claims():
        claim = item.claim
        total += claim.total_claim_charge_amount
        category, code = verdicts.get(claim.patient_control_number, ("A2", "20"))
        patients.append(
            Level(
                "PT",
                name=Name(
                    "QC", "1", "PATIENT", "A", id_qualifier="MI", identifier=item.subscriber.name.identifier
                ),
                traces=(Trace("2", claim.patient_control_number),),
                statuses=(
                    Status(
                        category,
                        code,
                        "PR" if category != "A7" else "IL",
                        date=DAY,
                        action_code="WQ" if category.startswith("A2") else "U",
                        amount=claim.total_claim_charge_amount,
                    ),
                ),
                references=(("1K", f"PAYER{claim.patient_control_number.replace('-', '')}"),)
                if category == "A2"
                else (),
                dates=(DateInfo("472", claim.services[0].service_date, claim.services[0].service_date),),
            )
        )
    provider = Level(
        "19",
        name=Name("85", "2", "BILLING", id_qualifier="XX", identifier=model_837.providers[0].provider.npi),
        traces=(Trace("1", "0"),),
        statuses=(Status("A1", "19", "PR", action_code="WQ", amount=total),),
        amounts=(("YU", total),),
        children=tuple(patients),
    )
    receiver = Level(
        "21",
        name=Name("41", "2", "SUBMITTER", id_qualifier="46", identifier=sent.sender_id),
        traces=(Trace("2", "BATCH"),),
        statuses=(Status("A1", "19", "", date=DAY, action_code="WQ", amount=total),),
        amounts=(("YU", total),),
        children=(provider,),
    )
    source = Level(
        "20",
        name=Name("PR", "2", "PAYER", id_qualifier="PI", identifier="PAYER01"),
        traces=(Trace("1", "ACK1"),),
        dates=(DateInfo("050", DAY), DateInfo("009", DAY)),
        children=(receiver,),
    )
    model = ClaimAcknowledgment277CA(
        _reply_envelope(sent, control), LevelHeader("0085", "08", "ACK1", DAY, "1200", "TH"), (source,)
    )
    return x12.write(model)
