"""Build the 277CA (005010X214) that acknowledges each claim of one inbound 837 transaction set.

Levels: 20 information source (the sandbox) with the received and processed dates, 21 information
receiver (the submitter) with the batch status, 19 billing provider, PT one per claim with its
STC (A2:20 accepted, or the rejection), the payer claim control number (REF*1K) when accepted and
the dates of service. The receiver and each provider level count and total what was accepted and
rejected below them: QTY*90/AA (receiver) or QTY*QA/QC (provider), and AMT*YU/YY.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from revcycle.kit.money import Money
from revcycle.sandbox.adjudication import Acknowledgment, ClaimView
from revcycle.x12.core.common import Name
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.core.levels import DateInfo, Level, LevelHeader, Status, Trace
from revcycle.x12.x277ca import ClaimAcknowledgment277CA


@dataclass(frozen=True, slots=True)
class ClaimVerdict:
    """One claim of the batch, its 277CA verdict and (when accepted) the payer's claim number."""

    claim: ClaimView
    verdict: Acknowledgment
    payer_claim_control_number: str = ""


def _patient_level(v: ClaimVerdict, today: dt.date) -> Level:
    c = v.claim
    who = c.patient or c.subscriber
    name = Name("QC", "1", who.last_name, who.first_name, who.middle_name, who.suffix, "MI", c.member_id)
    first, last = c.first_service_date, c.last_service_date
    status = Status(
        v.verdict.category,
        v.verdict.status_code,
        v.verdict.entity,
        date=today,
        action_code="WQ" if v.verdict.accepted else "U",
        amount=c.total_charge,
    )
    references: tuple[tuple[str, str], ...] = ()
    if v.payer_claim_control_number:
        references = (("1K", v.payer_claim_control_number),)
    if c.institutional and c.facility_type_code:
        references = (*references, ("BLT", f"{c.facility_type_code}{c.frequency_code}"))
    return Level(
        "PT",
        name=name,
        traces=(Trace("2", c.patient_control_number),),
        statuses=(status,),
        references=references,
        dates=(DateInfo("472", first, last if last != first else None),),
    )


def _batch_status(verdicts: Sequence[ClaimVerdict], today: dt.date | None) -> tuple[Status, ...]:
    """STC of the receiver (2200B, dated) and provider (2200C, where STC02 is not used) levels."""
    accepted = Money.total(v.claim.total_charge for v in verdicts if v.verdict.accepted)
    return (Status("A1", "19", "PR", date=today, action_code="WQ", amount=accepted),)


def _with_totals(
    level: Level, verdicts: Sequence[ClaimVerdict], accepted_qualifier: str, rejected_qualifier: str
) -> Level:
    """The level with the QTY and AMT of the claims accepted and rejected below it (each only when
    there are any)."""
    accepted = [v.claim.total_charge for v in verdicts if v.verdict.accepted]
    rejected = [v.claim.total_charge for v in verdicts if not v.verdict.accepted]
    quantities: list[tuple[str, Decimal]] = []
    amounts: list[tuple[str, Money]] = []
    if accepted:
        quantities.append((accepted_qualifier, Decimal(len(accepted))))
    if rejected:
        quantities.append((rejected_qualifier, Decimal(len(rejected))))
    if accepted:
        amounts.append(("YU", Money.total(accepted)))
    if rejected:
        amounts.append(("YY", Money.total(rejected)))
    return replace(level, quantities=tuple(quantities), amounts=tuple(amounts))


def build_277ca(
    *,
    envelope: Envelope,
    source_name: str,
    source_id: str,
    receiver: Name,
    batch_reference: str,
    received: dt.date,
    today: dt.date,
    verdicts: Sequence[ClaimVerdict],
) -> ClaimAcknowledgment277CA:
    """The 277CA for one inbound 837 transaction set (``batch_reference`` is its BHT03)."""
    providers: dict[str, list[ClaimVerdict]] = {}
    names: dict[str, str] = {}
    for v in verdicts:
        providers.setdefault(v.claim.billing_npi, []).append(v)
        names.setdefault(v.claim.billing_npi, v.claim.billing_name)
    provider_levels = tuple(
        _with_totals(
            Level(
                "19",
                name=Name("85", "2", names[npi] or "BILLING PROVIDER", id_qualifier="XX", identifier=npi),
                traces=(Trace("1", str(index)),),
                statuses=_batch_status(group, None),
                children=tuple(_patient_level(v, today) for v in group),
            ),
            group,
            "QA",
            "QC",
        )
        for index, (npi, group) in enumerate(providers.items(), start=1)
    )
    receiver_level = _with_totals(
        Level(
            "21",
            name=Name(
                "41",
                "2",
                receiver.last_name or "SUBMITTER",
                id_qualifier="46",
                identifier=receiver.identifier,
            ),
            traces=(Trace("2", batch_reference),),
            statuses=_batch_status(verdicts, today),
            children=provider_levels,
        ),
        verdicts,
        "90",
        "AA",
    )
    source = Level(
        "20",
        name=Name("AY", "2", source_name, id_qualifier="46", identifier=source_id),
        traces=(Trace("1", envelope.interchange_control_number),),
        dates=(DateInfo("050", received), DateInfo("009", today)),
        children=(receiver_level,),
    )
    header = LevelHeader("0085", "08", envelope.interchange_control_number, today, envelope.time, "TH")
    return ClaimAcknowledgment277CA(envelope=envelope, header=header, levels=(source,))
