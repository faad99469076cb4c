"""Follow-up: claims with no payer answer after the payer's number of days get a 276 status
request through the clearinghouse; the 277 answer is read by the inbox (``acknowledgments``).
Claims still open wait in the follow-up queue, largest and oldest first.

One claim can also be checked in real time (:func:`check_claim_status`): the same 276 goes to the
real-time clearinghouse and its 277 answer is handled as the inbox handles one, at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from revcycle.claims import acknowledgments
from revcycle.claims import repository as repo
from revcycle.claims.domain import ack_codes
from revcycle.claims.domain.lifecycle import BILLED_STATES, OPEN_STATES, ClaimEvent, ClaimState
from revcycle.claims.domain.model import Claim
from revcycle.claims.edi import Submitter, person
from revcycle.claims.service import SYSTEM, claim_of, payer_rules, record_event
from revcycle.claims.submission import default_submitter, issue_control_number
from revcycle.claims.tables import ClaimEventRow, ClaimRow
from revcycle.clearinghouse.port import Clearinghouse, InboundFile, RealtimeClearinghouse
from revcycle.clearinghouse.x12_checks import outbound_problems
from revcycle.intake.repository import practice_repo
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict
from revcycle.x12 import X12Error, parse, write
from revcycle.x12.core.common import Name
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.core.levels import DateInfo, Level, LevelHeader, LevelTransaction, Status, Trace
from revcycle.x12.x276 import StatusRequest276


@dataclass(frozen=True)
class FollowUpItem:
    claim: ClaimRow
    age_days: int
    follow_up_days: int
    due: bool
    """No answer for ``follow_up_days`` and no status request in that time."""


def follow_up_queue(uow: UnitOfWork, *, practice_id: int, due_only: bool = False) -> list[FollowUpItem]:
    """Open claims (submitted, acknowledged, accepted), largest amount first, then oldest."""
    now = clock.now()
    days_by_payer: dict[int, int] = {}
    items = []
    for row in repo.in_states(uow, practice_id, sorted(OPEN_STATES)):
        if row.submitted_at is None:
            continue
        if row.payer_id not in days_by_payer:
            days_by_payer[row.payer_id] = payer_rules(
                uow, practice_id=practice_id, payer_id=row.payer_id
            ).follow_up_days
        days = days_by_payer[row.payer_id]
        age = (now - row.submitted_at).days
        asked = row.last_status_request_at
        due = age >= days and (asked is None or now - asked >= timedelta(days=days))
        if due or not due_only:
            items.append(FollowUpItem(row, age, days, due))
    return sorted(items, key=lambda i: (-i.claim.total_charge.cents, -i.age_days, i.claim.id))


def _claim_level(claim: Claim, code: str) -> Level:
    who = claim.subscriber if code == "22" else claim.patient
    name = person("IL", who, claim.member_id) if code == "22" else person("QC", who)
    refs: list[tuple[str, str]] = []
    if claim.payer_claim_control_number:
        refs.append(("1K", claim.payer_claim_control_number))
    refs.append(("EJ", claim.patient_control_number))
    return Level(
        code,
        name=name,
        birth_date=who.date_of_birth,
        sex=who.sex,
        traces=(Trace("1", claim.patient_control_number),),
        references=tuple(refs),
        amounts=(("T3", claim.total_charge),),
        dates=(DateInfo("472", claim.date_of_service, claim.date_of_service_end),),
    )


def status_request(claims: list[Claim], *, envelope: Envelope, submitter: Submitter) -> StatusRequest276:
    """A 276 asking about ``claims`` (one payer, one billing provider)."""
    first = claims[0]
    subscribers = []
    for c in claims:
        if c.patient_is_subscriber:
            subscribers.append(_claim_level(c, "22"))
        else:
            sub = Level("22", name=person("IL", c.subscriber, c.member_id), children=(_claim_level(c, "23"),))
            subscribers.append(sub)
    provider = Level(
        "19",
        name=Name(
            "1P", "2", first.billing.last_name.upper(), id_qualifier="XX", identifier=first.billing.npi
        ),
        children=tuple(subscribers),
    )
    receiver = Level(
        "21",
        name=Name("41", "2", submitter.name.upper(), id_qualifier="46", identifier=submitter.sender_id),
        children=(provider,),
    )
    payer = Level(
        "20",
        name=Name("PR", "2", first.payer.name.upper(), id_qualifier="PI", identifier=first.payer.payer_code),
        children=(receiver,),
    )
    now = clock.now()
    header = LevelHeader(
        "0010", "13", f"S{envelope.interchange_control_number}", now.date(), now.strftime("%H%M")
    )
    return StatusRequest276(envelope, header, (payer,))


@dataclass(frozen=True)
class StatusRequestFile:
    """A checked 276 ready to send, and the claims it asks about."""

    file_name: str
    content: str
    claim_ids: tuple[int, ...]


def _status_request_file(
    uow: UnitOfWork, practice_id: int, rows: list[ClaimRow], submitter: Submitter
) -> StatusRequestFile:
    """One checked 276 about ``rows`` (one payer); issues its ISA13/GS06."""
    isa = issue_control_number(uow, "ISA13", f"276 practice {practice_id}")
    gs = issue_control_number(uow, "GS06", f"276 practice {practice_id}")
    now = clock.now()
    envelope = Envelope(
        submitter.sender_id,
        submitter.receiver_id,
        f"{isa:09d}",
        str(gs),
        "0001",
        now.date(),
        now.strftime("%H%M"),
        usage_indicator=submitter.usage_indicator,
    )
    text = write(status_request([claim_of(r) for r in rows], envelope=envelope, submitter=submitter))
    problems = outbound_problems(text)
    if problems:
        raise Conflict(f"the 276 for ISA13 {isa:09d} failed its checks: {'; '.join(problems)}")
    return StatusRequestFile(f"276_{isa:09d}.x12", text, tuple(r.id for r in rows))


def prepare_status_requests(
    uow: UnitOfWork, *, practice_id: int, submitter: Submitter | None = None
) -> list[StatusRequestFile]:
    """One checked 276 per payer for the claims due; issues its ISA13/GS06 (commit before sending)."""
    submitter = submitter or default_submitter(practice_repo(uow).get(practice_id))
    by_payer: dict[int, list[ClaimRow]] = defaultdict(list)
    for item in follow_up_queue(uow, practice_id=practice_id, due_only=True):
        by_payer[item.claim.payer_id].append(item.claim)
    return [_status_request_file(uow, practice_id, rows, submitter) for rows in by_payer.values()]


def send_status_requests(
    uow: UnitOfWork,
    *,
    practice_id: int,
    files: list[StatusRequestFile],
    clearinghouse: Clearinghouse,
    actor: str = SYSTEM,
) -> list[ClaimRow]:
    """Send prepared 276 files; each claim asked about gets a history entry."""
    asked: list[ClaimRow] = []
    claims = repo.claims(uow, practice_id)
    for f in files:
        clearinghouse.send(f.file_name, f.content)
        now = clock.now()
        for claim_id in f.claim_ids:
            row = claims.get(claim_id)
            row.last_status_request_at = now
            record_event(
                uow,
                row,
                ClaimEvent.STATUS,
                actor=actor,
                source_document=f"276 {f.file_name}",
                note="status request sent (no payer answer yet)",
            )
            asked.append(row)
    return asked


def request_status(
    uow: UnitOfWork,
    *,
    practice_id: int,
    clearinghouse: Clearinghouse,
    actor: str = SYSTEM,
    submitter: Submitter | None = None,
) -> list[ClaimRow]:
    """Prepare and send in one transaction (tests, jobs that commit per call); commands and routes
    commit between :func:`prepare_status_requests` and :func:`send_status_requests`."""
    files = prepare_status_requests(uow, practice_id=practice_id, submitter=submitter)
    return send_status_requests(
        uow, practice_id=practice_id, files=files, clearinghouse=clearinghouse, actor=actor
    )


@dataclass(frozen=True)
class StatusAnswer:
    """What the payer answered, in real time, about one claim."""

    claim: ClaimRow
    status: Status
    words: str
    """The 277 status in words: category, then the status code's meaning."""
    state_before: str
    request_file: str

    @property
    def state_changed(self) -> bool:
        return self.claim.state != self.state_before


def check_claim_status(
    uow: UnitOfWork,
    *,
    practice_id: int,
    claim_id: int,
    clearinghouse: RealtimeClearinghouse,
    actor: str = SYSTEM,
    submitter: Submitter | None = None,
) -> StatusAnswer:
    """Ask the payer about one sent claim now: the 276 of :func:`prepare_status_requests` goes
    through ``clearinghouse`` and its 277 is handled as the inbox handles one
    (``acknowledgments.process_file``: a rejection rejects, F2 denies an open claim). The 276 and
    the answer in words go on the claim's history, also for a claim already adjudicated.
    Raises ``Conflict`` for a claim never sent or an answer that does not name the claim, and
    ``TransportError`` when the clearinghouse did not answer."""
    row = repo.claims(uow, practice_id).get(claim_id)
    if ClaimState(row.state) not in BILLED_STATES:
        raise Conflict(f"the claim is {row.state.replace('_', ' ')}: the payer has not received it to answer")
    submitter = submitter or default_submitter(practice_repo(uow).get(practice_id))
    request = _status_request_file(uow, practice_id, [row], submitter)
    text = clearinghouse.exchange(request.content)
    status = _status_in(text, row.patient_control_number)
    words = ack_codes.describe_status(status.category, status.code, status.entity)
    state_before = row.state
    row.last_status_request_at = clock.now()
    _note(uow, row, actor, f"276 {request.file_name}", "status request sent in real time")
    answer_name = f"277_answer_to_{request.file_name}"
    acknowledgments.process_file(
        uow, InboundFile(answer_name, text), acknowledgments.InboxReport(), actor=actor
    )
    source = f"277 {answer_name}"
    if not any(h.source_document == source for h in repo.history_of(uow, row.id)):
        _note(uow, row, actor, source, words)  # the inbox leaves adjudicated claims as they are
    return StatusAnswer(row, status, words, state_before, request.file_name)


def _status_in(text: str, patient_control_number: str) -> Status:
    """The status a 277 gives the claim with this patient control number (its trace). The 276 asked
    about this one claim, so a lone status with no trace (a payer that found neither the claim nor
    the patient may answer at the subscriber) is its answer too."""
    try:
        models = parse(text)
    except X12Error as exc:
        raise Conflict(f"the payer's answer could not be read: {exc.message}") from exc
    untraced: list[Status] = []
    for model in models:
        if not (isinstance(model, LevelTransaction) and model.transaction_set == "277"):
            continue
        for level in model.all_levels():
            if not level.statuses or level.level_code not in ("PT", "22", "23"):
                continue
            traces = [t.number for t in level.traces if t.trace_type == "2"]
            if patient_control_number in traces:
                return level.statuses[0]
            if not traces:
                untraced.append(level.statuses[0])
    if len(untraced) == 1:
        return untraced[0]
    raise Conflict("the payer's answer is not a 277 status for this claim")


def _note(uow: UnitOfWork, row: ClaimRow, actor: str, source: str, note: str) -> None:
    """A status entry in the claim's history. The state machine takes status events on open claims
    only; on a claim past adjudication the entry records the answer and leaves the state alone."""
    if ClaimState(row.state) in OPEN_STATES:
        record_event(uow, row, ClaimEvent.STATUS, actor=actor, source_document=source, note=note)
        return
    uow.session.add(
        ClaimEventRow(
            claim_id=row.id,
            at=clock.now(),
            actor=actor[:80],
            event=ClaimEvent.STATUS.value,
            from_state=row.state,
            to_state=row.state,
            source_document=source[:200],
            note=note,
        )
    )
    uow.flush()


def last_status_answer(history: Sequence[ClaimEventRow]) -> ClaimEventRow | None:
    """The latest 277 status answer in a claim's history (real-time or from the inbox)."""
    return next((h for h in reversed(history) if h.source_document.startswith("277 ")), None)
