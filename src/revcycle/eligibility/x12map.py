"""Between benefit snapshots and X12: build the 270 for an inquiry, read a 271 into a snapshot.

Pure: the models come from ``revcycle.x12``; nothing here reads files or the network.
"""

from __future__ import annotations

from datetime import date

from revcycle.eligibility.domain import (
    Accumulator,
    BenefitSnapshot,
    CostShare,
    CoverageStatus,
    InquiryParty,
    Network,
    Rejection,
)
from revcycle.kit.errors import FormatError
from revcycle.x12.core.common import Name
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.core.levels import Benefit, DateInfo, Level, LevelHeader, Trace
from revcycle.x12.x270 import EligibilityRequest270
from revcycle.x12.x271 import EligibilityResponse271

_LEVEL_NAMES = {"20": "payer", "21": "provider", "22": "subscriber", "23": "dependent"}


def build_270(
    party: InquiryParty, *, service_date: date, envelope: Envelope, trace_number: str, originator: str
) -> EligibilityRequest270:
    """One 270 (005010X279A1): payer, provider, subscriber (and dependent) levels, DTP*291, EQ."""
    inquiry = tuple((t,) for t in party.service_types)
    subscriber_name = Name(
        "IL",
        "1",
        party.subscriber_last_name.upper(),
        party.subscriber_first_name.upper(),
        id_qualifier="MI",
        identifier=party.member_id,
    )
    references = (("6P", party.group_number),) if party.group_number else ()
    dated = (DateInfo("291", service_date),)
    dependent: Level | None = None
    if party.dependent is not None:
        last, first, born, sex = party.dependent
        dependent = Level(
            "23",
            name=Name("03", "1", last.upper(), first.upper()),
            traces=(Trace("1", trace_number, originator),),
            birth_date=born,
            sex=sex,
            dates=dated,
            inquiries=inquiry,
        )
    subscriber = Level(
        "22",
        name=subscriber_name,
        traces=() if dependent else (Trace("1", trace_number, originator),),
        references=references,
        birth_date=party.subscriber_birth_date,
        sex=party.subscriber_sex,
        dates=() if dependent else dated,
        inquiries=() if dependent else inquiry,
        children=(dependent,) if dependent else (),
    )
    provider = Level(
        "21",
        name=Name(
            "1P", "2", party.provider_name.upper()[:60], id_qualifier="XX", identifier=party.provider_npi
        ),
        children=(subscriber,),
    )
    payer = Level(
        "20",
        name=Name("PR", "2", party.payer_name.upper()[:60], id_qualifier="PI", identifier=party.payer_code),
        children=(provider,),
    )
    header = LevelHeader("0022", "13", trace_number, envelope.date, envelope.time)
    return EligibilityRequest270(envelope, header, (payer,))


def read_271(response: EligibilityResponse271, *, service_date: date) -> BenefitSnapshot:
    """The benefits of the deepest person level (dependent, else subscriber) as a snapshot.

    AAA rejections on any level are kept with the level they refuse. Raises ``FormatError`` when the
    271 names no subscriber and rejects nothing.
    """
    levels = response.all_levels()
    rejections = tuple(
        Rejection(r.code, r.follow_up, _LEVEL_NAMES.get(level.level_code, level.level_code))
        for level in levels
        for r in level.rejections
    )
    person = next((lv for lv in reversed(levels) if lv.level_code in ("23", "22")), None)
    payer = next((lv for lv in levels if lv.level_code == "20"), None)
    payer_name = payer.name.last_name if payer and payer.name else ""
    if person is None:
        if rejections:
            return BenefitSnapshot(
                CoverageStatus.REJECTED, service_date, payer_name=payer_name, rejections=rejections
            )
        raise FormatError("the 271 has no subscriber level", location="HL")
    subscriber = next((lv for lv in levels if lv.level_code == "22"), person)
    trace = next((t.number for lv in (person, subscriber) for t in lv.traces), "")
    benefits = person.benefits or subscriber.benefits
    messages = tuple(
        s.elements[1] for s in person.other_segments if len(s.elements) > 1 and s.elements[0] == "MSG"
    )
    return _snapshot(
        benefits,
        service_date=service_date,
        payer_name=payer_name,
        group_number=subscriber.reference("6P") or subscriber.reference("IG"),
        messages=messages,
        rejections=rejections,
        trace=trace,
    )


def _snapshot(
    benefits: tuple[Benefit, ...],
    *,
    service_date: date,
    payer_name: str,
    group_number: str,
    messages: tuple[str, ...],
    rejections: tuple[Rejection, ...],
    trace: str,
) -> BenefitSnapshot:
    codes = {b.code for b in benefits}
    if "1" in codes:
        status = CoverageStatus.ACTIVE
    elif "6" in codes:
        status = CoverageStatus.INACTIVE
    elif rejections:
        status = CoverageStatus.REJECTED
    else:
        status = CoverageStatus.UNKNOWN
    plan = next((b.plan for b in benefits if b.code in ("1", "6") and b.plan), "")
    insurance_type = next((b.insurance_type for b in benefits if b.insurance_type), "")
    service_types: list[str] = []
    for b in benefits:
        if b.code == "1":
            service_types.extend(t for t in b.service_types if t not in service_types)
    copays = tuple(
        CostShare(b.service_types or ("30",), Network.of(b.in_network), amount=b.amount)
        for b in benefits
        if b.code == "B" and b.amount is not None
    )
    coinsurance = tuple(
        CostShare(b.service_types or ("30",), Network.of(b.in_network), percent=b.percent)
        for b in benefits
        if b.code == "A" and b.percent is not None
    )
    auth = tuple(t for b in benefits if b.authorization_required == "Y" for t in (b.service_types or ("30",)))
    return BenefitSnapshot(
        status=status,
        service_date=service_date,
        payer_name=payer_name,
        plan=plan,
        insurance_type=insurance_type,
        group_number=group_number,
        service_types=tuple(service_types),
        copays=copays,
        coinsurance=coinsurance,
        accumulators=_accumulators(benefits),
        authorization_required=tuple(dict.fromkeys(auth)),
        messages=messages,
        rejections=rejections,
        trace_number=trace,
    )


def _accumulators(benefits: tuple[Benefit, ...]) -> tuple[Accumulator, ...]:
    """Deductible (C) and out-of-pocket (G): EB06 23 (calendar year) or 24/25 total, 29 remaining."""
    found: dict[tuple[str, str, Network], Accumulator] = {}
    for b in benefits:
        kind = {"C": "deductible", "G": "out_of_pocket"}.get(b.code)
        if kind is None or b.amount is None:
            continue
        key = (kind, b.coverage_level or "IND", Network.of(b.in_network))
        acc = found.get(key, Accumulator(kind, key[1], key[2]))
        if b.time_period == "29":
            acc = Accumulator(acc.kind, acc.level, acc.network, acc.total, b.amount)
        elif acc.total is None:
            acc = Accumulator(acc.kind, acc.level, acc.network, b.amount, acc.remaining)
        found[key] = acc
    return tuple(found.values())
