"""Claims use cases: build a claim from an encounter, scrub it, move it through its lifecycle,
show it, and record the payer's outcome (for the remittance context).

Every function takes the unit of work and the caller's ``practice_id``; services never commit.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from revcycle.charges import service as charges
from revcycle.claims import builder
from revcycle.claims import repository as repo
from revcycle.claims.coding import coding_findings
from revcycle.claims.domain.lifecycle import (
    BILLED_STATES,
    ClaimEvent,
    ClaimState,
    HistoryEntry,
    apply,
)
from revcycle.claims.domain.model import Claim, ClaimKind
from revcycle.claims.domain.snapshot import claim_from_data, claim_to_data
from revcycle.claims.scrubber import PayerRules, ScrubContext, scrub
from revcycle.claims.tables import ClaimEventRow, ClaimLineRow, ClaimRow, PayerRulesRow
from revcycle.intake.domain import CoverageOrder
from revcycle.intake.repository import repo as intake_repo
from revcycle.intake.tables import CoverageRow, PayerRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, FieldErrors, NotFound
from revcycle.kit.findings import Finding, Severity, has_errors

SYSTEM = "system"


# -- lifecycle -------------------------------------------------------------------------------
def record_event(
    uow: UnitOfWork,
    claim: ClaimRow,
    event: ClaimEvent,
    *,
    actor: str,
    source_document: str = "",
    note: str = "",
) -> HistoryEntry:
    """Apply ``event`` to the claim (or raise ``IllegalTransition``) and append it to the history."""
    entry = apply(
        ClaimState(claim.state),
        event,
        at=clock.now(),
        actor=actor,
        source_document=source_document,
        note=note,
    )
    claim.state = entry.to_state.value
    if event is not ClaimEvent.STATUS:
        claim.state_reason = note or None
    _append(uow, claim, entry)
    return entry


def _append(uow: UnitOfWork, claim: ClaimRow, entry: HistoryEntry) -> None:
    uow.session.add(
        ClaimEventRow(
            claim_id=claim.id,
            at=entry.at,
            actor=entry.actor[:80],
            event=entry.event.value,
            from_state=entry.from_state.value if entry.from_state else None,
            to_state=entry.to_state.value,
            source_document=entry.source_document[:200],
            note=entry.note,
        )
    )
    uow.flush()


def transition(
    uow: UnitOfWork,
    *,
    practice_id: int,
    claim_id: int,
    event: ClaimEvent,
    actor: str,
    source_document: str = "",
    note: str = "",
) -> ClaimRow:
    """Apply one lifecycle event to a claim of this practice."""
    claim = repo.claims(uow, practice_id).get(claim_id)
    record_event(uow, claim, event, actor=actor, source_document=source_document, note=note)
    return claim


# -- building --------------------------------------------------------------------------------
def _to_base36(n: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def new_patient_control_number(uow: UnitOfWork, practice_id: int, encounter_id: int) -> str:
    """``RC<practice>-<encounter>-<n>`` in base 36: unique, at most 20 characters, no PHI."""
    n = repo.count_for_encounter(uow, encounter_id) + 1
    while True:
        pcn = f"RC{_to_base36(practice_id)}-{_to_base36(encounter_id)}-{_to_base36(n)}"
        if repo.by_pcn(uow, pcn) is None:
            return pcn
        n += 1


def store_claim(
    uow: UnitOfWork,
    *,
    practice_id: int,
    claim: Claim,
    encounter_id: int,
    patient_id: int,
    coverage_id: int,
    actor: str,
    note: str,
    original_claim_id: int | None = None,
    charge_line_ids: Sequence[int | None] = (),
) -> ClaimRow:
    """Store a claim, its lines and its snapshot, as a draft with its first history entry."""
    row = repo.claims(uow, practice_id).add(
        ClaimRow(
            practice_id=practice_id,
            encounter_id=encounter_id,
            patient_id=patient_id,
            payer_id=claim.payer.payer_id,
            coverage_id=coverage_id,
            kind=claim.kind.value,
            patient_control_number=claim.patient_control_number,
            frequency_code=claim.frequency_code.value,
            original_claim_id=original_claim_id,
            payer_claim_control_number=claim.payer_claim_control_number or None,
            state=ClaimState.DRAFT.value,
            total_charge=claim.total_charge,
            date_of_service=claim.date_of_service,
            snapshot=json.dumps(claim_to_data(claim)),
            findings="[]",
        )
    )
    ids = list(charge_line_ids) + [None] * len(claim.lines)
    for line, charge_line_id in zip(claim.lines, ids, strict=False):
        uow.session.add(
            ClaimLineRow(
                claim_id=row.id,
                charge_line_id=charge_line_id,
                line_number=line.line_number,
                code=line.code,
                modifiers=",".join(line.modifiers),
                units=line.units,
                charge=line.charge,
                service_date=line.service_date,
            )
        )
    _append(uow, row, HistoryEntry(clock.now(), actor, ClaimEvent.CREATE, None, ClaimState.DRAFT, "", note))
    return row


def build_claim(
    uow: UnitOfWork,
    *,
    practice_id: int,
    encounter_id: int,
    actor: str = SYSTEM,
    order: CoverageOrder | None = None,
) -> ClaimRow:
    """Turn an encounter into a draft claim to the payer responsible on the date of service.

    ``order`` picks another coverage (the secondary, after the primary has paid).
    """
    view = charges.get_encounter(uow, practice_id=practice_id, encounter_id=encounter_id)
    if order is None and view.encounter.status == "billed":
        raise Conflict(f"encounter {encounter_id} is already billed; correct or void its claim instead")
    if view.encounter.status == "voided":
        raise Conflict(f"encounter {encounter_id} is voided")
    coverages = intake_repo(uow, CoverageRow, practice_id).find(patient_id=view.encounter.patient_id)
    coverage = builder.responsible_coverage(coverages, view.encounter.date_of_service, order)
    pcn = new_patient_control_number(uow, practice_id, encounter_id)
    claim = builder.assemble(
        uow, practice_id=practice_id, view=view, coverage=coverage, patient_control_number=pcn
    )
    row = store_claim(
        uow,
        practice_id=practice_id,
        claim=claim,
        encounter_id=encounter_id,
        patient_id=view.encounter.patient_id,
        coverage_id=coverage.id,
        actor=actor,
        note=f"built from encounter {encounter_id} for the {coverage.order} payer",
        charge_line_ids=[ln.id for ln in view.lines],
    )
    if order is None:
        charges.mark_billed(uow, practice_id=practice_id, encounter_id=encounter_id)
    return row


def build_open_encounters(uow: UnitOfWork, *, practice_id: int, actor: str = SYSTEM) -> list[ClaimRow]:
    """A claim for every encounter not billed yet (oldest first)."""
    views, _ = charges.list_encounters(uow, practice_id=practice_id, status="open", limit=10_000, offset=0)
    return [
        build_claim(uow, practice_id=practice_id, encounter_id=v.encounter.id, actor=actor) for v in views
    ]


# -- reading ---------------------------------------------------------------------------------
def claim_of(row: ClaimRow) -> Claim:
    """The claim as billed, from its snapshot."""
    data: dict[str, Any] = json.loads(row.snapshot)
    return claim_from_data(data)


def findings_of(row: ClaimRow) -> list[Finding]:
    return [
        Finding(f["rule_id"], Severity(f["severity"]), f["message"], f.get("field"), f.get("suggestion"))
        for f in json.loads(row.findings or "[]")
    ]


@dataclass(frozen=True)
class ClaimView:
    claim: ClaimRow
    lines: Sequence[ClaimLineRow]
    history: Sequence[ClaimEventRow]
    findings: list[Finding]


def get_claim(uow: UnitOfWork, *, practice_id: int, claim_id: int) -> ClaimView:
    row = repo.claims(uow, practice_id).get(claim_id)
    return ClaimView(row, repo.lines_of(uow, row.id), repo.history_of(uow, row.id), findings_of(row))


def list_claims(
    uow: UnitOfWork, *, practice_id: int, state: str | None, payer_id: int | None, limit: int, offset: int
) -> tuple[Sequence[ClaimRow], int]:
    return repo.claims(uow, practice_id).page(
        filters={"state": state, "payer_id": payer_id}, limit=limit, offset=offset
    )


# -- payer rules -----------------------------------------------------------------------------
def payer_rules(uow: UnitOfWork, *, practice_id: int, payer_id: int) -> PayerRules:
    """The payer's rules (defaults when none are stored); a payer of another practice is not found."""
    intake_repo(uow, PayerRow, practice_id).get(payer_id)
    row = repo.payer_rules(uow, practice_id, payer_id)
    return PayerRules.from_mapping(json.loads(row.rules)) if row else PayerRules()


def set_payer_rules(uow: UnitOfWork, *, practice_id: int, payer_id: int, rules: dict[str, Any]) -> PayerRules:
    """Replace one payer's rules (validated; unknown keys are refused)."""
    intake_repo(uow, PayerRow, practice_id).get(payer_id)
    parsed = PayerRules.from_mapping(rules)
    row = repo.payer_rules(uow, practice_id, payer_id)
    if row is None:
        row = PayerRulesRow(practice_id=practice_id, payer_id=payer_id, rules="{}")
        uow.session.add(row)
    row.rules = json.dumps(parsed.to_mapping())
    uow.flush()
    return parsed


# -- scrubbing -------------------------------------------------------------------------------
def _context(uow: UnitOfWork, row: ClaimRow, claim: Claim, today: date) -> ScrubContext:
    from revcycle.eligibility import prior_auth  # here: eligibility imports claims (submission)

    billed = frozenset(
        claim_of(other).duplicate_key()
        for other in repo.of_patient(uow, row.practice_id, row.patient_id)
        if other.id != row.id and ClaimState(other.state) in BILLED_STATES
    )
    original_adjudicated = False
    if row.original_claim_id is not None:
        original = repo.claims(uow, row.practice_id).get(row.original_claim_id)
        original_adjudicated = original.state in (
            ClaimState.ACCEPTED.value,
            ClaimState.PAID.value,
            ClaimState.PARTIALLY_PAID.value,
            ClaimState.DENIED.value,
            ClaimState.REPLACED.value,
            ClaimState.VOIDED.value,
        )
    return ScrubContext(
        today=today,
        rules=payer_rules(uow, practice_id=row.practice_id, payer_id=row.payer_id),
        billed_duplicate_keys=billed,
        original_adjudicated=original_adjudicated,
        coding_findings=tuple(coding_findings(uow, claim)),
        open_provider_queries=len(
            charges.open_queries(uow, practice_id=row.practice_id, encounter_id=row.encounter_id)
        ),
        authorization_gaps=prior_auth.claim_gaps(uow, practice_id=row.practice_id, claim_id=row.id),
    )


def scrub_claim(uow: UnitOfWork, *, practice_id: int, claim_id: int, actor: str = SYSTEM) -> list[Finding]:
    """Run every rule; a clean claim (no errors) becomes ready, one with errors stays a draft."""
    row = repo.claims(uow, practice_id).get(claim_id)
    if row.state not in (ClaimState.DRAFT.value, ClaimState.READY.value):
        raise Conflict(f"claim {claim_id} is {row.state}; only draft and ready claims are scrubbed")
    claim = claim_of(row)
    findings = scrub(claim, _context(uow, row, claim, clock.today()))
    row.findings = json.dumps(
        [
            {
                "rule_id": f.rule_id,
                "severity": f.severity.value,
                "message": f.message,
                "field": f.field,
                "suggestion": f.suggestion,
            }
            for f in findings
        ]
    )
    errors = [f for f in findings if f.is_error]
    if has_errors(findings):
        note = f"{len(errors)} scrubber error(s): " + "; ".join(f.message for f in errors[:3])
        record_event(uow, row, ClaimEvent.SCRUB_FAILED, actor=actor, note=note)
    else:
        record_event(uow, row, ClaimEvent.SCRUB_PASSED, actor=actor)
    return findings


# -- outcomes (remittance) -------------------------------------------------------------------
OUTCOME_EVENTS = {
    "paid": ClaimEvent.PAID,
    "partially_paid": ClaimEvent.PARTIALLY_PAID,
    "denied": ClaimEvent.DENIED,
}


def record_payment_outcome(
    uow: UnitOfWork,
    *,
    practice_id: int,
    patient_control_number: str,
    outcome: str,
    actor: str,
    source_document: str,
    payer_claim_control_number: str | None = None,
    note: str = "",
) -> ClaimRow:
    """For the remittance context: an 835 paid, partly paid or denied the claim ``CLP01`` names.

    Keeps the payer's claim control number (``CLP07``) for corrections and voids.
    """
    row = repo.by_pcn(uow, patient_control_number)
    if row is None or row.practice_id != practice_id:
        raise NotFound("claim", patient_control_number)
    if outcome not in OUTCOME_EVENTS:
        raise FieldErrors.single("outcome", f"one of {', '.join(OUTCOME_EVENTS)}")
    if payer_claim_control_number:
        row.payer_claim_control_number = payer_claim_control_number
    record_event(uow, row, OUTCOME_EVENTS[outcome], actor=actor, source_document=source_document, note=note)
    return row


def rejections_queue(uow: UnitOfWork, *, practice_id: int) -> Sequence[ClaimRow]:
    """Rejected claims waiting to be corrected, oldest first, each with its reason in words."""
    return repo.in_states(uow, practice_id, [ClaimState.REJECTED])


def is_professional(row: ClaimRow) -> bool:
    return row.kind == ClaimKind.PROFESSIONAL.value
