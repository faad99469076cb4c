"""Submission: batch ready claims per payer into 837 interchanges and send them.

Two steps, two transactions: :func:`prepare_batches` issues the ISA13/GS06 control numbers, writes
and checks each file and saves it (the caller commits: numbers are saved before any file leaves);
:func:`send_batches` hands saved files to the clearinghouse, marks their claims submitted and posts
the charges of the primary claims to the ledger (``claims.receivables``). A
file that fails a check or does not arrive leaves its claims ready, with the reason shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from revcycle.claims import receivables
from revcycle.claims import repository as repo
from revcycle.claims.corrections import on_submitted
from revcycle.claims.domain.lifecycle import ClaimEvent, ClaimState
from revcycle.claims.domain.model import ClaimKind
from revcycle.claims.edi import Submitter, transaction_837
from revcycle.claims.secondary import PriorPayer
from revcycle.claims.segment_map import claim_spans
from revcycle.claims.service import SYSTEM, claim_of, record_event
from revcycle.claims.tables import ClaimRow, ControlNumberRow, SubmissionBatchRow
from revcycle.clearinghouse.port import Clearinghouse, TransportError
from revcycle.clearinghouse.x12_checks import outbound_problems
from revcycle.intake.repository import practice_repo
from revcycle.intake.tables import PracticeRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict
from revcycle.x12 import write
from revcycle.x12.core.envelope import Envelope

MAX_CONTROL_NUMBER = 999_999_999
MAX_CLAIMS_PER_FILE = 5000


def issue_control_number(uow: UnitOfWork, kind: str, purpose: str) -> int:
    """The next number of ``kind`` (``ISA13``, ``GS06``); recorded so it is never issued again."""
    number = repo.max_control_number(uow, kind) + 1
    if number > MAX_CONTROL_NUMBER:
        raise Conflict(f"{kind} control numbers are exhausted")
    uow.session.add(ControlNumberRow(kind=kind, number=number, purpose=purpose[:40], issued_at=clock.now()))
    uow.flush()
    return number


def default_submitter(
    practice: PracticeRow, *, receiver_id: str = "CLEARINGHOUSE", usage: str = "P"
) -> Submitter:
    """The practice submits in its own name; the clearinghouse gives the receiver ID."""
    return Submitter(
        sender_id=f"RC{practice.tin}",
        name=practice.name,
        receiver_id=receiver_id,
        receiver_name="CLEARINGHOUSE",
        contact_name="BILLING OFFICE",
        contact_phone=practice.phone or "",
        usage_indicator=usage,
    )


def _hold(uow: UnitOfWork, claims: Sequence[ClaimRow], reason: str) -> None:
    for claim in claims:
        claim.batch_id = None
        claim.state_reason = reason
    uow.flush()


PriorPayers = Callable[[UnitOfWork, int, ClaimRow], Sequence[PriorPayer]]
"""Where a secondary or tertiary claim's prior payers come from (the remittance context's 835s)."""


def prepare_batches(
    uow: UnitOfWork,
    *,
    practice_id: int,
    submitter: Submitter | None = None,
    prior_payers: PriorPayers | None = None,
) -> list[SubmissionBatchRow]:
    """One checked 837 file per payer and claim kind, from every ready claim not yet in a batch.

    Claims to a secondary or tertiary payer carry what ``prior_payers`` says the earlier payers did."""
    practice = practice_repo(uow).get(practice_id)
    submitter = submitter or default_submitter(practice)
    groups: dict[tuple[int, str], list[ClaimRow]] = defaultdict(list)
    for claim in repo.in_states(uow, practice_id, [ClaimState.READY]):
        if claim.batch_id is None:
            groups[(claim.payer_id, claim.kind)].append(claim)
    batches = []
    for (payer_id, kind), claims in sorted(groups.items()):
        for start in range(0, len(claims), MAX_CLAIMS_PER_FILE):
            chunk = claims[start : start + MAX_CLAIMS_PER_FILE]
            batches.append(_prepare(uow, practice_id, payer_id, kind, chunk, submitter, prior_payers))
    return batches


def _prepare(
    uow: UnitOfWork,
    practice_id: int,
    payer_id: int,
    kind: str,
    claims: list[ClaimRow],
    submitter: Submitter,
    prior_payers: PriorPayers | None,
) -> SubmissionBatchRow:
    isa = issue_control_number(uow, "ISA13", f"837 practice {practice_id}")
    gs = issue_control_number(uow, "GS06", f"837 practice {practice_id}")
    now = clock.now()
    icn = f"{isa:09d}"
    batch = repo.batches(uow, practice_id).add(
        SubmissionBatchRow(
            practice_id=practice_id,
            payer_id=payer_id,
            interchange_control_number=icn,
            group_control_number=str(gs),
            file_name=f"837{'P' if kind == ClaimKind.PROFESSIONAL.value else 'I'}_{icn}.x12",
            status="created",
            claim_count=len(claims),
            content="",
            created_at=now,
        )
    )
    problems: list[str] = []
    if not submitter.contact_phone:
        problems.append("the practice has no phone number for the submitter contact (PER)")
    else:
        envelope = Envelope(
            submitter.sender_id,
            submitter.receiver_id,
            icn,
            str(gs),
            "0001",
            now.date(),
            now.strftime("%H%M"),
            usage_indicator=submitter.usage_indicator,
        )
        model = transaction_837(
            [claim_of(c) for c in claims],
            envelope=envelope,
            submitter=submitter,
            reference_id=f"B{batch.id}",
            created=now,
            priors=_priors(uow, practice_id, claims, prior_payers),
        )
        batch.content = write(model)
        problems = outbound_problems(batch.content)
    if problems:
        batch.status, batch.error = "failed", "; ".join(problems)
        _hold(uow, claims, f"submission batch {icn} failed its checks: {batch.error}")
        return batch
    spans = claim_spans(batch.content)
    for claim in claims:
        claim.batch_id = batch.id
        span = spans.get(claim.patient_control_number)
        claim.transaction_set_control_number = span.transaction_set if span else None
        claim.segment_first = span.first if span else None
        claim.segment_last = span.last if span else None
    uow.flush()
    return batch


def _priors(
    uow: UnitOfWork, practice_id: int, claims: list[ClaimRow], source: PriorPayers | None
) -> dict[str, Sequence[PriorPayer]]:
    if source is None:
        return {}
    out: dict[str, Sequence[PriorPayer]] = {}
    for row in claims:
        if claim_of(row).payer_responsibility != "P":
            out[row.patient_control_number] = source(uow, practice_id, row)
    return out


def send_batches(
    uow: UnitOfWork, *, practice_id: int, clearinghouse: Clearinghouse, actor: str = SYSTEM
) -> list[SubmissionBatchRow]:
    """Send every prepared file; its claims become submitted, or stay ready when sending fails.

    A sent primary claim's lines go on the payer's receivable (``claims.receivables.on_sent``)."""
    sent = []
    for batch in repo.batches(uow, practice_id).find(status="created"):
        claims = repo.in_batch(uow, batch.id)
        try:
            clearinghouse.send(batch.file_name, batch.content)
        except TransportError as exc:
            batch.status, batch.error = "failed", exc.message
            _hold(
                uow,
                claims,
                f"submission batch {batch.interchange_control_number} was not sent: {exc.message}",
            )
            continue
        batch.status, batch.sent_at = "sent", clock.now()
        source = f"837 {batch.file_name} ISA13 {batch.interchange_control_number}"
        for claim in claims:
            claim.submitted_at = batch.sent_at
            if claim.first_submitted_at is None:
                claim.first_submitted_at = batch.sent_at
            record_event(uow, claim, ClaimEvent.SUBMIT, actor=actor, source_document=source)
            on_submitted(uow, claim, actor, source)
            receivables.on_sent(uow, claim)
        sent.append(batch)
    uow.flush()
    return sent
