"""Acknowledgments: read TA1, 999, 277CA and 277 files from the clearinghouse inbox, match them to
batches (ISA13, GS06) and claims (patient control number), and move the claims along.

Each file is processed once (by content digest). Rejected claims land in the rejections queue with
the reason in words. A file that cannot be read is recorded with the reason and set aside. Given a
practice, an 835 in the inbox is handed to the remittance context (``ingest_era``) to be posted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from revcycle.claims import repository as repo
from revcycle.claims.domain import ack_codes
from revcycle.claims.domain.lifecycle import OPEN_STATES, ClaimEvent, ClaimState, IllegalTransition
from revcycle.claims.segment_map import ClaimSpan, verdicts_999
from revcycle.claims.service import record_event
from revcycle.claims.tables import ClaimRow, InboundFileRow
from revcycle.clearinghouse.port import Clearinghouse, InboundFile
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.x12 import X12Error, parse
from revcycle.x12.core.levels import Level, LevelTransaction
from revcycle.x12.ta1 import InterchangeAcknowledgment
from revcycle.x12.x835.models import Remittance835
from revcycle.x12.x999.models import Acknowledgment999

ACTOR = "clearinghouse"


@dataclass
class InboxReport:
    """What one inbox run did."""

    files: int = 0
    duplicates: int = 0
    unreadable: list[str] = field(default_factory=list)
    claims_updated: int = 0
    unmatched: list[str] = field(default_factory=list)
    """Control numbers or patient control numbers that named nothing of ours."""
    remittances: list[str] = field(default_factory=list)
    """835 files handed to the remittance context, with what became of each."""


def process_inbox(
    uow: UnitOfWork, *, clearinghouse: Clearinghouse, actor: str = ACTOR, practice_id: int | None = None
) -> InboxReport:
    """Process every waiting file; each is set aside after it is recorded. With ``practice_id``,
    835s are posted to that practice (without it they are reported as unmatched)."""
    report = InboxReport()
    for file in clearinghouse.receive():
        process_file(uow, file, report, actor=actor, practice_id=practice_id)
        clearinghouse.done(file)
    return report


def process_file(
    uow: UnitOfWork,
    file: InboundFile,
    report: InboxReport,
    *,
    actor: str = ACTOR,
    practice_id: int | None = None,
) -> None:
    digest = hashlib.sha256(file.content.encode("latin-1", "replace")).hexdigest()
    if repo.inbound_file(uow, digest) is not None:
        report.duplicates += 1
        return
    report.files += 1
    try:
        models = parse(file.content)
    except X12Error as exc:
        report.unreadable.append(f"{file.name}: {exc.message}")
        _record(uow, file.name, digest, "?", f"unreadable: {exc.message}")
        return
    if practice_id is not None and any(isinstance(m, Remittance835) for m in models):
        from revcycle.remittance.service.ingest import ingest_era  # remittance builds on claims

        result = ingest_era(uow, practice_id=practice_id, text=file.content, source_name=file.name)
        report.remittances.append(f"{file.name}: {result.status}")
        _record(uow, file.name, digest, "835", result.status)
        return
    kinds = []
    for model in models:
        kinds.append(_apply(uow, model, file.name, report, actor))
    _record(uow, file.name, digest, ",".join(sorted(set(kinds)))[:10], "processed")


def _record(uow: UnitOfWork, name: str, digest: str, kind: str, outcome: str) -> None:
    uow.session.add(
        InboundFileRow(name=name[:200], digest=digest, kind=kind, outcome=outcome, received_at=clock.now())
    )
    uow.flush()


def _apply(uow: UnitOfWork, model: Any, file_name: str, report: InboxReport, actor: str) -> str:
    if isinstance(model, InterchangeAcknowledgment):
        _ta1(uow, model, file_name, report, actor)
        return "TA1"
    if isinstance(model, Acknowledgment999):
        _999(uow, model, file_name, report, actor)
        return "999"
    if isinstance(model, LevelTransaction) and model.transaction_set == "277":
        _277(
            uow,
            model,
            file_name,
            report,
            actor,
            claim_ack=model.implementation_guide.startswith("005010X214"),
        )
        return "277CA" if model.implementation_guide.startswith("005010X214") else "277"
    report.unmatched.append(f"{file_name}: {type(model).__name__} is not an acknowledgment")
    return "other"


def _move(
    uow: UnitOfWork,
    claim: ClaimRow,
    event: ClaimEvent,
    report: InboxReport,
    actor: str,
    source: str,
    note: str = "",
) -> None:
    try:
        record_event(uow, claim, event, actor=actor, source_document=source, note=note)
    except IllegalTransition as exc:  # e.g. a 999 after the 277CA: keep it in the history only
        if ClaimState(claim.state) in OPEN_STATES:
            record_event(uow, claim, ClaimEvent.STATUS, actor=actor, source_document=source, note=exc.message)
        return
    report.claims_updated += 1


def _ta1(
    uow: UnitOfWork, ta1: InterchangeAcknowledgment, file_name: str, report: InboxReport, actor: str
) -> None:
    batch = repo.batch_by_interchange(uow, ta1.acknowledged_control_number)
    if batch is None:
        report.unmatched.append(f"TA1 for ISA13 {ta1.acknowledged_control_number}")
        return
    source = f"TA1 {file_name} for ISA13 {batch.interchange_control_number}"
    if ta1.code == "R":
        batch.status, batch.error = "rejected", ack_codes.describe_ta1(ta1.note_code)
        for claim in repo.in_batch(uow, batch.id):
            if claim.state == ClaimState.SUBMITTED.value:
                _move(
                    uow,
                    claim,
                    ClaimEvent.ACK_REJECTED,
                    report,
                    actor,
                    source,
                    f"interchange rejected: {batch.error}",
                )


def _span(claim: ClaimRow) -> ClaimSpan | None:
    if (
        claim.transaction_set_control_number is None
        or claim.segment_first is None
        or claim.segment_last is None
    ):
        return None
    return ClaimSpan(claim.transaction_set_control_number, claim.segment_first, claim.segment_last)


def _999(uow: UnitOfWork, ack: Acknowledgment999, file_name: str, report: InboxReport, actor: str) -> None:
    """Each claim follows its own transaction set's IK5, and a rejection located by IK3 positions
    inside some claims rejects only those (``segment_map.verdicts_999``)."""
    batch = repo.batch_by_group(uow, ack.group_control_number)
    if batch is None:
        report.unmatched.append(f"999 for GS06 {ack.group_control_number}")
        return
    source = f"999 {file_name} for GS06 {ack.group_control_number}"
    claims = [c for c in repo.in_batch(uow, batch.id) if c.state == ClaimState.SUBMITTED.value]
    verdicts = verdicts_999(ack, {c.id: _span(c) for c in claims})
    rejected = [(c, verdicts[c.id]) for c in claims if not verdicts[c.id].accepted]
    batch.status = "rejected" if claims and len(rejected) == len(claims) else "acknowledged"
    if rejected:
        batch.error = "; ".join(f"{c.patient_control_number}: {v.note}" for c, v in rejected)[:4000]
    for claim in claims:
        verdict = verdicts[claim.id]
        event = ClaimEvent.ACK_ACCEPTED if verdict.accepted else ClaimEvent.ACK_REJECTED
        _move(uow, claim, event, report, actor, source, verdict.note)


def _claim_levels(model: LevelTransaction) -> list[Level]:
    return [
        lv
        for lv in model.all_levels()
        if any(t.trace_type == "2" for t in lv.traces) and lv.statuses and lv.level_code in ("PT", "22", "23")
    ]


def _277(
    uow: UnitOfWork,
    model: LevelTransaction,
    file_name: str,
    report: InboxReport,
    actor: str,
    *,
    claim_ack: bool,
) -> None:
    kind = "277CA" if claim_ack else "277"
    for level in _claim_levels(model):
        pcn = next(t.number for t in level.traces if t.trace_type == "2")
        claim = repo.by_pcn(uow, pcn)
        if claim is None:
            report.unmatched.append(f"{kind} for patient control number {pcn}")
            continue
        status = level.statuses[0]
        words = ack_codes.describe_status(status.category, status.code, status.entity)
        source = f"{kind} {file_name}"
        payer_number = level.reference("1K")
        if payer_number:
            claim.payer_claim_control_number = payer_number
        if status.category in ack_codes.PAYER_REJECTED:
            _move(uow, claim, ClaimEvent.PAYER_REJECTED, report, actor, source, f"payer rejected: {words}")
        elif claim_ack and status.category in ack_codes.PAYER_ACCEPTED:
            _move(uow, claim, ClaimEvent.PAYER_ACCEPTED, report, actor, source, words)
        elif status.category == "F2":
            _move(uow, claim, ClaimEvent.DENIED, report, actor, source, words)
        elif ClaimState(claim.state) in OPEN_STATES:
            record_event(uow, claim, ClaimEvent.STATUS, actor=actor, source_document=source, note=words)
            report.claims_updated += 1
