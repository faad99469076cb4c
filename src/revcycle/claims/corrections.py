"""Corrections: fix a rejected claim, replace (frequency 7) or void (frequency 8) one the payer
accepted, and split a claim by line.

A replacement or void is a new claim carrying the payer's claim control number (REF*F8); the
original becomes ``replaced`` or ``voided`` when the new claim is submitted, not before.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import Any

from revcycle.charges import service as charges
from revcycle.claims import builder, receivables
from revcycle.claims import repository as repo
from revcycle.claims.domain.lifecycle import ClaimEvent, ClaimState
from revcycle.claims.domain.model import Claim, ClaimLine, FrequencyCode
from revcycle.claims.domain.snapshot import claim_from_data, claim_to_data
from revcycle.claims.service import (
    SYSTEM,
    claim_of,
    new_patient_control_number,
    payer_rules,
    record_event,
    store_claim,
)
from revcycle.claims.tables import ClaimLineRow, ClaimRow
from revcycle.intake.repository import repo as intake_repo
from revcycle.intake.tables import CoverageRow
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, FieldErrors, FormatError

ADJUDICATED = (ClaimState.ACCEPTED, ClaimState.PAID, ClaimState.PARTIALLY_PAID, ClaimState.DENIED)
EDITABLE = (ClaimState.DRAFT, ClaimState.READY, ClaimState.REJECTED)
CHANGEABLE = frozenset(
    {
        "diagnoses",
        "lines",
        "place_of_service",
        "prior_authorization",
        "referral_number",
        "related_causes",
        "accident_state",
        "accident_date",
        "onset_date",
        "member_id",
        "group_number",
    }
)


def _apply_changes(claim: Claim, changes: Mapping[str, Any] | None) -> Claim:
    if not changes:
        return claim
    unknown = sorted(set(changes) - CHANGEABLE)
    if unknown:
        raise FieldErrors.single(
            unknown[0], f"cannot be changed on a claim (change one of {sorted(CHANGEABLE)})"
        )
    data = claim_to_data(claim) | dict(changes)
    try:
        return claim_from_data(data)
    except (TypeError, ValueError, KeyError, FormatError) as exc:
        raise FieldErrors.single(next(iter(changes)), f"not a valid value: {exc}") from None


def _refreshed(uow: UnitOfWork, row: ClaimRow) -> Claim:
    """The claim assembled again from today's encounter, patient, coverage and providers."""
    view = charges.get_encounter(uow, practice_id=row.practice_id, encounter_id=row.encounter_id)
    coverage = intake_repo(uow, CoverageRow, row.practice_id).get(row.coverage_id)
    return builder.assemble(
        uow,
        practice_id=row.practice_id,
        view=view,
        coverage=coverage,
        patient_control_number=row.patient_control_number,
    )


def _rewrite(uow: UnitOfWork, row: ClaimRow, claim: Claim) -> None:
    row.snapshot = json.dumps(claim_to_data(claim))
    row.total_charge = claim.total_charge
    row.findings = "[]"
    for old in repo.lines_of(uow, row.id):
        uow.session.delete(old)
    uow.flush()
    for line in claim.lines:
        uow.session.add(
            ClaimLineRow(
                claim_id=row.id,
                line_number=line.line_number,
                code=line.code,
                modifiers=",".join(line.modifiers),
                units=line.units,
                charge=line.charge,
                service_date=line.service_date,
            )
        )
    uow.flush()
    receivables.on_edited(uow, row)


def correct_claim(
    uow: UnitOfWork,
    *,
    practice_id: int,
    claim_id: int,
    actor: str = SYSTEM,
    changes: Mapping[str, Any] | None = None,
    refresh: bool = True,
) -> ClaimRow:
    """Fix a claim. Rejected, draft or ready: edited in place and back to draft (scrub again).
    Adjudicated: a new replacement claim (frequency 7) is built; it is returned."""
    row = repo.claims(uow, practice_id).get(claim_id)
    state = ClaimState(row.state)
    claim = _refreshed(uow, row) if refresh else claim_of(row)
    claim = _apply_changes(claim, changes)
    if state in EDITABLE:
        note = "corrected"
        if state is ClaimState.REJECTED:
            row.batch_id = None  # the file that carried it was answered: the next run batches it again
            if payer_rules(
                uow, practice_id=practice_id, payer_id=row.payer_id
            ).new_control_number_on_resubmission:
                old, pcn = (
                    row.patient_control_number,
                    new_patient_control_number(uow, practice_id, row.encounter_id),
                )
                claim = dataclasses.replace(claim, patient_control_number=pcn)
                row.patient_control_number = pcn
                note = (
                    f"corrected; resent under patient control number {pcn} (was {old}), as the payer requires"
                )
        _rewrite(uow, row, claim)
        event = ClaimEvent.CORRECT if state is ClaimState.REJECTED else ClaimEvent.EDIT
        record_event(uow, row, event, actor=actor, note=note)
        return row
    if state in ADJUDICATED:
        return _follow_on(uow, row, claim, FrequencyCode.REPLACEMENT, actor)
    raise Conflict(
        f"claim {claim_id} is {state.value}; it cannot be corrected now (wait for the payer's answer)"
    )


def void_claim(
    uow: UnitOfWork, *, practice_id: int, claim_id: int, actor: str = SYSTEM, reason: str = ""
) -> ClaimRow:
    """Cancel a claim: voided now if never adjudicated, else by a new void claim (frequency 8)."""
    row = repo.claims(uow, practice_id).get(claim_id)
    state = ClaimState(row.state)
    if state in EDITABLE:
        record_event(uow, row, ClaimEvent.VOID, actor=actor, note=reason or "cancelled before adjudication")
        receivables.on_voided(uow, row)
        return row
    if state in ADJUDICATED:
        return _follow_on(uow, row, claim_of(row), FrequencyCode.VOID, actor)
    raise Conflict(
        f"claim {claim_id} is {state.value}; it cannot be voided now (wait for the payer's answer)"
    )


def _follow_on(
    uow: UnitOfWork, row: ClaimRow, claim: Claim, frequency: FrequencyCode, actor: str
) -> ClaimRow:
    if not row.payer_claim_control_number:
        raise Conflict(
            f"claim {row.id} has no payer claim control number yet; it comes with the 277CA or the 835"
        )
    pcn = new_patient_control_number(uow, row.practice_id, row.encounter_id)
    new = dataclasses.replace(
        claim,
        patient_control_number=pcn,
        frequency_code=frequency,
        payer_claim_control_number=row.payer_claim_control_number,
    )
    word = "replacement" if frequency is FrequencyCode.REPLACEMENT else "void"
    return store_claim(
        uow,
        practice_id=row.practice_id,
        claim=new,
        encounter_id=row.encounter_id,
        patient_id=row.patient_id,
        coverage_id=row.coverage_id,
        actor=actor,
        note=f"{word} (frequency {frequency.value}) of claim {row.id}",
        original_claim_id=row.id,
    )


def on_submitted(uow: UnitOfWork, row: ClaimRow, actor: str, source: str) -> None:
    """When a replacement or void is sent, its original becomes replaced or voided."""
    if row.original_claim_id is None or row.frequency_code == FrequencyCode.ORIGINAL.value:
        return
    original = repo.claims(uow, row.practice_id).get(row.original_claim_id)
    event = ClaimEvent.REPLACE if row.frequency_code == FrequencyCode.REPLACEMENT.value else ClaimEvent.VOID
    record_event(uow, original, event, actor=actor, source_document=source, note=f"by claim {row.id}")


def split_claim(
    uow: UnitOfWork, *, practice_id: int, claim_id: int, line_numbers: Sequence[int], actor: str = SYSTEM
) -> ClaimRow:
    """Move ``line_numbers`` to a new claim (same patient, payer and coverage); both go back to draft."""
    row = repo.claims(uow, practice_id).get(claim_id)
    if ClaimState(row.state) not in EDITABLE:
        raise Conflict(f"claim {claim_id} is {row.state}; only draft, ready or rejected claims are split")
    claim = claim_of(row)
    moving = set(line_numbers)
    known = {ln.line_number for ln in claim.lines}
    if not moving or not moving < known:
        raise FieldErrors.single("line_numbers", f"name some, not all, of the claim's lines {sorted(known)}")

    def renumber(lines: Sequence[ClaimLine]) -> tuple[ClaimLine, ...]:
        return tuple(dataclasses.replace(ln, line_number=i) for i, ln in enumerate(lines, start=1))

    keep = renumber([ln for ln in claim.lines if ln.line_number not in moving])
    move = renumber([ln for ln in claim.lines if ln.line_number in moving])
    _rewrite(uow, row, dataclasses.replace(claim, lines=keep))
    if row.state != ClaimState.DRAFT.value:
        record_event(
            uow,
            row,
            ClaimEvent.CORRECT if row.state == ClaimState.REJECTED.value else ClaimEvent.EDIT,
            actor=actor,
            note=f"lines {sorted(moving)} split off",
        )
    pcn = new_patient_control_number(uow, practice_id, row.encounter_id)
    return store_claim(
        uow,
        practice_id=practice_id,
        claim=dataclasses.replace(claim, lines=move, patient_control_number=pcn),
        encounter_id=row.encounter_id,
        patient_id=row.patient_id,
        coverage_id=row.coverage_id,
        actor=actor,
        note=f"split from claim {row.id} (its lines {sorted(moving)})",
    )
