"""Answer one inbound file: TA1 or 999, then a 277CA per 837 transaction set, and adjudicate the
accepted claims into 835 claim loops queued for their release day."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
from dataclasses import dataclass, field
from typing import Any

from revcycle.sandbox.adjudication import (
    ClaimView,
    IntakeContext,
    PayerContext,
    acknowledge,
    adjudicate,
    claims_of,
    reversal_of,
)
from revcycle.sandbox.config import SandboxConfig
from revcycle.sandbox.replies.ack277 import ClaimVerdict, build_277ca
from revcycle.sandbox.replies.acks import accepted_sets, build_999s, build_ta1, interchange_note, read_isa
from revcycle.sandbox.replies.envelopes import Correspondent, reply_envelope
from revcycle.sandbox.state import SandboxState
from revcycle.x12 import write
from revcycle.x12.api import parse_raw
from revcycle.x12.core.envelope import Envelope, iter_transactions
from revcycle.x12.errors import X12Error
from revcycle.x12.validate import validate
from revcycle.x12.x837i.models import Institutional837
from revcycle.x12.x837p.models import Professional837

log = logging.getLogger("revcycle.sandbox")


@dataclass(slots=True)
class Answer:
    """What answering one file produced: reply files (name suffix -> X12 text) and counts."""

    files: dict[str, str] = field(default_factory=dict)
    accepted: int = 0
    rejected: int = 0


def claim_rng(config: SandboxConfig, claim: ClaimView, purpose: str) -> random.Random:
    """A generator seeded from the configuration seed and the claim's own stable identity."""
    key = f"{config.seed}:{purpose}:{claim.payer_code}:{claim.patient_control_number}:{claim.frequency_code}"
    return random.Random(key)  # noqa: S311 - simulation, not security


def _correspondent(isa: tuple[str, str, str, dt.date | None, str]) -> Correspondent:
    return Correspondent(isa[0] or "ZZ", isa[1] or "UNKNOWN", "T")


def answer_file(
    text: str, *, config: SandboxConfig, state: SandboxState, now: dt.datetime, lag_days: int
) -> Answer:
    """Read one inbound interchange and build the replies; claims go into ``state``."""
    answer = Answer()
    isa = read_isa(text)
    if isa is None:
        log.warning("sandbox ignored a file with no ISA segment")
        return answer
    report = validate(text)
    to = _correspondent(isa)
    if report.transactions:
        first = report.transactions[0].envelope
        to = Correspondent(first.sender_qualifier, first.sender_id, first.usage_indicator or "T")
    note = interchange_note(report)
    if note is None and state.seen_interchange(to.identifier, isa[2]):
        note = "025"
    if note is not None:
        envelope = reply_envelope(config.interchange_id, to, state.next_number("interchange"), now)
        ta1 = build_ta1(envelope, control_number=isa[2], date=isa[3] or now.date(), time=isa[4], note=note)
        answer.files["ta1"] = write(ta1)
        log.info("sandbox rejected interchange %s with TA1 note %s", isa[2], note)
        return answer
    envelope = reply_envelope(config.interchange_id, to, state.next_number("interchange"), now)
    acks = build_999s(report, envelope)
    answer.files["999"] = write(acks)
    wanted = accepted_sets(acks)
    replies: list[Any] = []
    control = state.next_number("interchange")
    for raw in iter_transactions(text, on_issue=lambda _e: None):
        key = (raw.envelope.group_control_number, raw.envelope.transaction_control_number)
        if key not in wanted or raw.transaction_set != "837":
            continue
        try:
            model = parse_raw(raw)
        except X12Error:
            continue
        envelope = reply_envelope(config.interchange_id, to, control, now)
        envelope = _with_set_number(envelope, len(replies) + 1)
        replies.append(_acknowledge_837(model, envelope, config, state, now, lag_days, to, answer))
    if replies:
        answer.files["277ca"] = write(replies)
    log.info(
        "sandbox answered interchange %s: %d claims accepted, %d rejected",
        isa[2],
        answer.accepted,
        answer.rejected,
    )
    return answer


def _with_set_number(envelope: Envelope, number: int) -> Envelope:
    return dataclasses.replace(envelope, transaction_control_number=f"{number:04d}")


def _acknowledge_837(
    model: Professional837 | Institutional837,
    envelope: Envelope,
    config: SandboxConfig,
    state: SandboxState,
    now: dt.datetime,
    lag_days: int,
    to: Correspondent,
    answer: Answer,
) -> Any:
    today = now.date()
    verdicts: list[ClaimVerdict] = []
    for claim in claims_of(model):
        ctx = IntakeContext(
            config=config,
            received=today,
            rng=claim_rng(config, claim, "intake"),
            known_claim_numbers=state.known_claim_numbers(claim.payer_code),
        )
        verdict = acknowledge(claim, ctx)
        if not verdict.accepted:
            answer.rejected += 1
            verdicts.append(ClaimVerdict(claim, verdict))
            continue
        answer.accepted += 1
        number = _adjudicate(claim, config, state, today, today + dt.timedelta(days=lag_days), to)
        verdicts.append(ClaimVerdict(claim, verdict, number))
    return build_277ca(
        envelope=envelope,
        source_name=config.name,
        source_id=config.interchange_id,
        receiver=model.header.submitter,
        batch_reference=model.header.reference_id,
        received=today,
        today=today,
        verdicts=verdicts,
    )


def _adjudicate(
    claim: ClaimView,
    config: SandboxConfig,
    state: SandboxState,
    today: dt.date,
    release: dt.date,
    to: Correspondent,
) -> str:
    """Adjudicate an accepted claim; returns the payer claim control number it was given."""
    receiver = f"{to.qualifier}|{to.identifier}|{to.usage}"
    if claim.frequency_code in ("7", "8"):
        prior = state.claim(claim.payer_claim_control_number)
        if prior is not None:
            reversal = reversal_of(prior)
            state.mark_reversed(prior.payer_claim_control_number)
            state.accumulate(prior.claim.payer_code, prior.claim.member_id, reversal.accumulation)
            state.queue_remit(reversal, receiver=receiver, release_day=release)
        if claim.frequency_code == "8":
            return claim.payer_claim_control_number
    number = f"{today:%y%j}{state.next_number('claim'):07d}"
    ctx = PayerContext(
        config=config,
        received=today,
        rng=claim_rng(config, claim, "adjudication"),
        payer_claim_control_number=number,
        year_to_date=state.year_to_date(claim.payer_code, claim.member_id, claim.first_service_date.year),
        paid_lines=state.paid_lines(claim.payer_code, claim.member_id),
    )
    result = adjudicate(claim, ctx)
    state.save_claim(result)
    state.accumulate(claim.payer_code, claim.member_id, result.accumulation)
    state.queue_remit(result, receiver=receiver, release_day=release)
    return number
