"""The models of the HL level tree (see :mod:`revcycle.x12.core.levels`, which reads and writes it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from revcycle.kit.money import Money
from revcycle.x12.core.common import Address, Name
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.core.loops import RawSegment

__all__ = ["Benefit", "DateInfo", "Level", "LevelHeader", "LevelTransaction", "Rejection", "Status", "Trace"]


@dataclass(frozen=True, slots=True)
class Trace:
    """TRN: ``trace_type`` 1 (current) or 2 (referenced, e.g. our patient control number)."""

    trace_type: str
    number: str
    originator: str = ""
    supplemental: str = ""


@dataclass(frozen=True, slots=True)
class DateInfo:
    """DTP: qualifier (472 service, 291 plan, 050 received ...), format D8 or RD8, and the dates."""

    qualifier: str
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Status:
    """STC: category (A1, A2, A3 ... F2), status code, entity, and what follows."""

    category: str
    code: str
    entity: str = ""
    code_list_qualifier: str = ""
    date: dt.date | None = None
    action_code: str = ""
    amount: Money | None = None
    rest: tuple[tuple[str, ...], ...] = ()
    """STC05..STC12 as components, kept as read."""


@dataclass(frozen=True, slots=True)
class Benefit:
    """EB (271): what the plan covers and what the patient owes."""

    code: str
    coverage_level: str = ""
    service_types: tuple[str, ...] = ()
    insurance_type: str = ""
    plan: str = ""
    time_period: str = ""
    amount: Money | None = None
    percent: Decimal | None = None
    quantity_qualifier: str = ""
    quantity: Decimal | None = None
    authorization_required: str = ""
    in_network: str = ""


@dataclass(frozen=True, slots=True)
class Rejection:
    """AAA: the request could not be answered; ``code`` says why (72 invalid member id ...)."""

    valid: str
    code: str
    follow_up: str


@dataclass(frozen=True, slots=True)
class Level:
    """One HL level. ``level_code``: 20 source, 21 receiver, 19 provider, 22 subscriber,
    23 dependent, PT patient (277CA)."""

    level_code: str
    name: Name | None = None
    traces: tuple[Trace, ...] = ()
    address: Address | None = None
    birth_date: dt.date | None = None
    sex: str = ""
    references: tuple[tuple[str, str], ...] = ()
    quantities: tuple[tuple[str, Decimal], ...] = ()
    """QTY: qualifier and quantity (277CA 2200B/C: 90 claims accepted, AA rejected)."""
    amounts: tuple[tuple[str, Money], ...] = ()
    dates: tuple[DateInfo, ...] = ()
    statuses: tuple[Status, ...] = ()
    inquiries: tuple[tuple[str, ...], ...] = ()
    """EQ01 service type codes, one tuple per EQ segment (270)."""
    benefits: tuple[Benefit, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    children: tuple[Level, ...] = ()
    child_code: str | None = None
    """HL04 as read when it differs from what the tree implies (None: 1 with children, 0 without)."""
    other_segments: tuple[RawSegment, ...] = ()

    def reference(self, qualifier: str) -> str:
        return next((v for q, v in self.references if q == qualifier), "")

    def walk(self) -> list[Level]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass(frozen=True, slots=True)
class LevelHeader:
    """BHT of an HL transaction."""

    structure: str
    purpose: str
    reference_id: str
    created: dt.date
    created_time: str = ""
    transaction_type: str = ""


@dataclass(frozen=True, slots=True)
class LevelTransaction:
    """A transaction set made of BHT and an HL tree (270, 271, 276, 277, 277CA)."""

    envelope: Envelope
    header: LevelHeader
    levels: tuple[Level, ...]
    implementation_guide: str = ""
    transaction_set: str = ""

    def all_levels(self) -> list[Level]:
        out: list[Level] = []
        for level in self.levels:
            out.extend(level.walk())
        return out
