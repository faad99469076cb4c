"""Envelopes of the sandbox's replies: from the sandbox to whoever sent the inbound interchange."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from revcycle.x12.core.envelope import Envelope


@dataclass(frozen=True, slots=True)
class Correspondent:
    """Who the reply goes to (the inbound ISA06 sender) and whether it is test or production."""

    qualifier: str
    identifier: str
    usage: str = "T"


def reply_envelope(sender: str, to: Correspondent, control: int, when: dt.datetime) -> Envelope:
    """One interchange with one group and one transaction set, all numbered from ``control``."""
    return Envelope(
        sender_id=sender,
        receiver_id=to.identifier,
        sender_qualifier="ZZ",
        receiver_qualifier=to.qualifier,
        interchange_control_number=f"{control:09d}",
        group_control_number=str(control),
        transaction_control_number=f"{control:04d}",
        date=when.date(),
        time=when.strftime("%H%M"),
        usage_indicator=to.usage,
    )
