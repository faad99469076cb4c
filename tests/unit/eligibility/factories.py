"""271 answers written with our own X12 writer, for the snapshot tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from revcycle.kit.money import Money
from revcycle.x12.core.common import Name
from revcycle.x12.core.levels import Benefit, DateInfo, Level, LevelHeader, Rejection, Trace
from revcycle.x12.core.loops import RawSegment
from revcycle.x12.x271 import EligibilityResponse271
from tests.unit.x12.factories import make_envelope

ON = dt.date(2026, 3, 2)

ACTIVE_BENEFITS = (
    Benefit("1", "IND", ("30",), "PR", "GOLD PPO"),
    Benefit("C", "IND", ("30",), time_period="23", amount=Money("1500.00"), in_network="Y"),
    Benefit("C", "IND", ("30",), time_period="29", amount=Money("400.00"), in_network="Y"),
    Benefit("A", "IND", ("30",), percent=Decimal("0.2"), in_network="Y"),
    Benefit("A", "IND", ("30",), percent=Decimal("0.4"), in_network="N"),
    Benefit("B", "IND", ("98",), time_period="27", amount=Money("25.00"), in_network="Y"),
    Benefit("G", "IND", ("30",), time_period="23", amount=Money("5000.00"), in_network="Y"),
    Benefit("G", "IND", ("30",), time_period="29", amount=Money("3200.00"), in_network="Y"),
    Benefit("1", "IND", ("MH",), authorization_required="Y"),
)


def response_271(
    benefits: tuple[Benefit, ...] = ACTIVE_BENEFITS,
    rejections: tuple[Rejection, ...] = (),
    messages: tuple[str, ...] = (),
) -> EligibilityResponse271:
    subscriber = Level(
        "22",
        name=Name("IL", "1", "DOE", "JANE", id_qualifier="MI", identifier="XYZ123456789"),
        traces=(Trace("2", "T100", "9877281234"),),
        references=(("6P", "GRP77"),),
        rejections=rejections,
        dates=(DateInfo("291", ON),) if not rejections else (),
        benefits=benefits,
        other_segments=tuple(RawSegment(99, ("MSG", m)) for m in messages),
    )
    provider = Level(
        "21",
        name=Name("1P", "2", "CLINIC", id_qualifier="XX", identifier="1234567893"),
        children=(subscriber,),
    )
    payer = Level(
        "20", name=Name("PR", "2", "SUMMIT BLUE", id_qualifier="PI", identifier="SBC01"), children=(provider,)
    )
    return EligibilityResponse271(make_envelope(), LevelHeader("0022", "11", "T100", ON, "1200"), (payer,))
