"""Hypothesis strategies for X12 models (kept small so the suite stays fast)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from revcycle.kit.money import Money
from revcycle.x12.core.common import Adjustment, AdjustmentReason, Name
from tests.unit.x12 import factories as f

TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=12)
CODE = st.text(alphabet="ABCDEFGHJKLMNPQRSTVWXYZ0123456789", min_size=3, max_size=7)
MONEY = st.integers(min_value=0, max_value=10_000_000).map(Money.from_cents)
UNITS = st.integers(min_value=1, max_value=999).map(Decimal)
DATES = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31))


def names(entity: str, person: bool = True) -> st.SearchStrategy[Name]:
    return st.builds(
        Name,
        entity_code=st.just(entity),
        entity_type=st.just("1" if person else "2"),
        last_name=TEXT,
        first_name=TEXT if person else st.just(""),
        id_qualifier=st.just("MI" if entity in ("IL", "QC") else "XX"),
        identifier=TEXT,
    )


ADJUSTMENTS = st.builds(
    Adjustment,
    group=st.sampled_from(["CO", "PR", "OA", "PI"]),
    reasons=st.lists(
        st.builds(AdjustmentReason, reason=st.sampled_from(["45", "1", "2", "3", "97"]), amount=MONEY),
        min_size=1,
        max_size=3,
    ).map(tuple),
)


@st.composite
def professional_claims(draw: st.DrawFn) -> object:
    n = draw(st.integers(min_value=1, max_value=3))
    services = tuple(
        f.make_837p_service(
            line_number=i + 1,
            procedure_code=draw(st.sampled_from(["99213", "85025", "J3301", "93000"])),
            modifiers=tuple(draw(st.lists(st.sampled_from(["25", "59", "LT", "RT"]), max_size=2))),
            charge_amount=draw(MONEY),
            units=draw(UNITS),
            service_date=draw(DATES),
            diagnosis_pointers=tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))),
            line_item_control_number=draw(st.one_of(st.just(""), TEXT)),
        )
        for i in range(n)
    )
    rendering = draw(st.one_of(st.none(), names("82")))
    return f.make_837p_claim(
        patient_control_number=draw(TEXT),
        rendering_taxonomy="207Q00000X" if rendering else "",
        services=services,
        frequency_code=draw(st.sampled_from(["1", "7", "8"])),
        payer_claim_control_number=draw(st.one_of(st.just(""), TEXT)),
        prior_authorization=draw(st.one_of(st.just(""), TEXT)),
        diagnoses=tuple(draw(st.lists(CODE, min_size=1, max_size=12))),
        rendering_provider=rendering,
    )


@st.composite
def remittances(draw: st.DrawFn) -> object:
    claims = []
    for i in range(draw(st.integers(min_value=1, max_value=3))):
        services = tuple(
            f.make_835_service(
                charge_amount=draw(MONEY),
                paid_amount=draw(MONEY),
                adjustments=tuple(draw(st.lists(ADJUSTMENTS, max_size=2))),
                remarks=tuple(draw(st.lists(st.sampled_from(["N130", "M15", "MA01"]), max_size=2))),
                units=draw(st.one_of(st.none(), UNITS)),
            )
            for _ in range(draw(st.integers(min_value=0, max_value=3)))
        )
        claims.append(
            f.make_835_claim(
                patient_control_number=f"PCN{i}",
                status_code=draw(st.sampled_from(["1", "2", "4", "22"])),
                charge_amount=draw(MONEY),
                paid_amount=draw(MONEY),
                services=services or None,
                adjustments=tuple(draw(st.lists(ADJUSTMENTS, max_size=2))),
                patient=draw(names("QC")),
            )
        )
    return f.make_835(claims=tuple(claims))
