"""Real-time answers from the same configuration and accumulators as the file loop:
270 eligibility inquiry -> 271 benefits, 276 claim status request -> 277 claim status.

``answer(text, ...)`` reads one X12 request and returns the X12 response text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from revcycle.kit.errors import InvalidInput
from revcycle.kit.money import Money
from revcycle.sandbox.adjudication import ClaimResult
from revcycle.sandbox.config import Plan, SandboxConfig
from revcycle.sandbox.replies.envelopes import Correspondent, reply_envelope
from revcycle.sandbox.state import SandboxState
from revcycle.x12 import parse, write
from revcycle.x12.core.common import Name
from revcycle.x12.core.levels import (
    Benefit,
    DateInfo,
    Level,
    LevelHeader,
    LevelTransaction,
    Rejection,
    Status,
    Trace,
)
from revcycle.x12.x270 import EligibilityRequest270
from revcycle.x12.x271 import EligibilityResponse271
from revcycle.x12.x276 import StatusRequest276
from revcycle.x12.x277 import StatusResponse277


def _find(levels: list[Level], code: str) -> Level | None:
    return next((level for level in levels if level.level_code == code), None)


def _echo_traces(level: Level) -> tuple[Trace, ...]:
    return tuple(Trace("2", t.number, t.originator, t.supplemental) for t in level.traces)


def _benefits(plan: Plan, state: SandboxState, payer: str, member_id: str, year: int) -> tuple[Benefit, ...]:
    ytd = state.year_to_date(payer, member_id, year)
    zero = Money.zero()
    out = [
        Benefit("1", "IND", ("30",), plan.insurance_type, plan.name.upper().replace("_", " ")),
        Benefit("C", "IND", ("30",), time_period="23", amount=plan.deductible),
        Benefit(
            "C", "IND", ("30",), time_period="29", amount=(plan.deductible - ytd.deductible_met).max(zero)
        ),
        Benefit("A", "IND", ("30",), percent=plan.coinsurance),
    ]
    visit = plan.copays.get("office_visit")
    if visit is not None:
        out.append(Benefit("B", "IND", ("98",), time_period="27", amount=visit))
    if plan.out_of_pocket_max is not None:
        left = (plan.out_of_pocket_max - ytd.out_of_pocket_met).max(zero)
        out.append(Benefit("G", "IND", ("30",), time_period="23", amount=plan.out_of_pocket_max))
        out.append(Benefit("G", "IND", ("30",), time_period="29", amount=left))
    return tuple(out)


def answer_270(
    request: EligibilityRequest270, config: SandboxConfig, state: SandboxState, today: dt.date
) -> tuple[Level, ...]:
    levels = request.all_levels()
    source, receiver, subscriber = _find(levels, "20"), _find(levels, "21"), _find(levels, "22")
    if source is None or receiver is None or subscriber is None or subscriber.name is None:
        raise InvalidInput("a 270 needs information source, receiver and subscriber levels")
    payer_code = source.name.identifier if source.name else ""
    payer = config.payer(payer_code)
    member_id = subscriber.name.identifier
    on = next((d.start for d in subscriber.dates if d.qualifier == "291"), today)
    sub = Level(
        "22",
        name=subscriber.name,
        traces=_echo_traces(subscriber),
        birth_date=subscriber.birth_date,
        sex=subscriber.sex,
        dates=(DateInfo("291", on),),
    )
    member = payer.enrolled(member_id) if payer else None
    if payer is None or member is None:
        sub = dataclasses.replace(sub, rejections=(Rejection("N", "75", "C"),), dates=())
    else:
        start = member.effective or payer.coverage_effective
        active = on >= start and (member.terminated is None or on <= member.terminated)
        plan = config.plan(payer.plan_of(member))
        benefits = _benefits(plan, state, payer.code, member_id, on.year) if active else ()
        if not active:
            benefits = (Benefit("6", "IND", ("30",), plan.insurance_type),)
        sub = dataclasses.replace(sub, benefits=benefits)
    payer_name = Name(
        "PR", "2", payer.name if payer else "UNKNOWN PAYER", id_qualifier="PI", identifier=payer_code
    )
    return (
        Level(
            "20",
            name=payer_name,
            children=(dataclasses.replace(receiver, children=(sub,), other_segments=(), child_code=None),),
        ),
    )


def _claim_status(result: ClaimResult | None, trace: str | None, today: dt.date) -> Status:
    if result is None:
        return Status("D0", "35", date=today)
    if result.status_code == "22":
        return Status("F0", "1", date=today, amount=result.charge)
    if trace is None:
        return Status("F0", "3", date=today, amount=result.charge)
    category = "F2" if result.status_code == "4" else "F1"
    code = "1" if result.status_code == "4" else "65"
    return Status(category, code, date=today, amount=result.charge, rest=((result.paid.x12(),),))


def answer_276(
    request: StatusRequest276, config: SandboxConfig, state: SandboxState, today: dt.date
) -> tuple[Level, ...]:
    levels = request.all_levels()
    source, receiver, provider = _find(levels, "20"), _find(levels, "21"), _find(levels, "19")
    subscriber = _find(levels, "22")
    if None in (source, receiver, provider, subscriber) or subscriber is None or subscriber.name is None:
        raise InvalidInput("a 276 needs source, receiver, provider and subscriber levels")
    assert source is not None and receiver is not None and provider is not None
    # A dependent's claim is asked about on the dependent level (HL 23), under the subscriber.
    asked = _find(levels, "23") or subscriber
    pcn = asked.reference("EJ")
    payer_code = source.name.identifier if source.name else ""
    found = [
        r
        for r in state.claims_for(pcn)
        if r.claim.payer_code == payer_code and r.claim.member_id == subscriber.name.identifier
    ]
    result = found[-1] if found else None
    trace = state.remit_trace(result.payer_claim_control_number) if result else None
    refs: tuple[tuple[str, str], ...] = (("EJ", pcn),) if pcn else ()
    if result is not None:
        refs = (("1K", result.payer_claim_control_number), *refs)
    answered = Level(
        asked.level_code,
        name=asked.name,
        traces=_echo_traces(asked),
        statuses=(_claim_status(result, trace, today),),
        references=refs,
        dates=tuple(d for d in asked.dates if d.qualifier == "472"),
    )
    sub = answered if asked is subscriber else _bare(subscriber, answered)
    return (_bare(source, _bare(receiver, _bare(provider, sub))),)


def _bare(level: Level, child: Level) -> Level:
    """A request level echoed in the answer: its name and the one child, nothing the request added."""
    return Level(level.level_code, name=level.name, children=(child,))


def answer(text: str, config: SandboxConfig, state: SandboxState, now: dt.datetime) -> str:
    """Answer a 270 with a 271 or a 276 with a 277; anything else is refused."""
    models = parse(text)
    request = next((m for m in models if isinstance(m, LevelTransaction)), None)
    if not isinstance(request, (EligibilityRequest270, StatusRequest276)):
        raise InvalidInput("the real-time endpoint answers a 270 or a 276")
    e = request.envelope
    to = Correspondent(e.sender_qualifier, e.sender_id, e.usage_indicator or "T")
    with state.transaction():
        envelope = reply_envelope(config.interchange_id, to, state.next_number("interchange"), now)
    today = now.date()
    time = now.strftime("%H%M")
    response: LevelTransaction
    if isinstance(request, EligibilityRequest270):
        header = LevelHeader("0022", "11", request.header.reference_id, today, time)
        response = EligibilityResponse271(envelope, header, answer_270(request, config, state, today))
    else:
        header = LevelHeader("0010", "08", request.header.reference_id, today, time, "DG")
        response = StatusResponse277(envelope, header, answer_276(request, config, state, today))
    return write(response)
