"""A primary claim's charges on the ledger: one ``charge`` per claim line, owed by the claim's payer.

When: a primary claim's lines become receivable when the claim is first sent (``send_batches``),
effective on the date of service. Before that a claim is a draft the biller may still edit,
split or void; from then on the payer owes it, and the 835 pays, adjusts and transfers exactly
those claim lines. What happens afterwards keeps the receivable equal to the claim as billed:

- sending the same claim again posts nothing (the lines already carry their charge);
- a sent claim edited in place (a rejection corrected, lines split off) is restated at once: the
  charge of a line that changed or went away is reversed, the new lines are charged;
- a replacement (frequency 7), when sent, reverses the original's charges and charges its own
  lines, so the practice's receivable moves by the difference; a void (frequency 8), when sent,
  reverses the original's charges; a claim voided before adjudication has its charges reversed;
- a secondary or tertiary claim bills the same charges again: it posts nothing (the 835 of the
  payer before it transfers the balance);
- a visit first billed to the patient as self-pay (``charges.self_pay``): when its claim is sent,
  its self-pay charges are reversed, effective on the day the claim's charges are.

Restatements are effective on the day they happen, so a closed period is not rewritten by a
correction. Every entry has ``source`` ``claim:<id>``; keys are ``claim:<id>:line:<line id>:charge``
(a suffix ``:<n>`` when a line is charged again) and ``reversal:<entry id>``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from revcycle.charges import self_pay
from revcycle.claims import repository as repo
from revcycle.claims.domain.model import FrequencyCode
from revcycle.claims.service import claim_of
from revcycle.claims.tables import ClaimLineRow, ClaimRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service

__all__ = ["on_edited", "on_sent", "on_voided", "source_of"]


@dataclass(frozen=True)
class _Charge:
    """A charge entry of a claim, not reversed."""

    entry_id: int
    line_id: int | None
    payer_id: int | None
    amount: Money


def source_of(claim_id: int) -> str:
    """The ledger ``source`` of a claim's charges (and of their reversals)."""
    return f"claim:{claim_id}"


def _bills_charges(row: ClaimRow) -> bool:
    return claim_of(row).payer_responsibility == "P"


def _entries(uow: UnitOfWork, row: ClaimRow) -> list[ledger.PostedEntry]:
    posted = ledger_service.entries_from_source(uow, practice_id=row.practice_id, source=source_of(row.id))
    return [p for p in posted if p.entry.kind is ledger.EntryKind.CHARGE]


def _live(entries: Sequence[ledger.PostedEntry]) -> list[_Charge]:
    out = []
    for posted in entries:
        if posted.entry.reverses_entry_id is not None or posted.reversed_by_entry_id is not None:
            continue
        receivable = next(line for line in posted.entry.lines if line.account.is_ar)
        account = receivable.account
        out.append(_Charge(posted.id, account.claim_line_id, account.payer_id, receivable.amount))
    return out


def _reverse(uow: UnitOfWork, row: ClaimRow, charge: _Charge, on: date, why: str) -> None:
    ledger_service.reverse(
        uow,
        practice_id=row.practice_id,
        entry_id=charge.entry_id,
        effective_date=on,
        memo=f"charge reversed {row.patient_control_number}: {why}"[:500],
    )


def _charge_entry(
    row: ClaimRow, line: ClaimLineRow, on: date, entries: Sequence[ledger.PostedEntry]
) -> ledger.Entry:
    key = f"{source_of(row.id)}:line:{line.id}:charge"
    taken = {p.entry.idempotency_key for p in entries}
    if key in taken:  # the line was charged before and that charge reversed: a new key
        key = f"{key}:{sum(1 for k in taken if k == key or k.startswith(key + ':')) + 1}"
    meta = ledger.EntryMeta(
        practice_id=row.practice_id,
        effective_date=on,
        source=source_of(row.id),
        idempotency_key=key,
        memo=f"charge {line.code} {row.patient_control_number}",
    )
    ref = ledger.ChargeRef(patient_id=row.patient_id, claim_id=row.id, claim_line_id=line.id)
    owed_by = ledger.Responsibility.insurance(row.payer_id)
    return ledger.charge(meta, ref=ref, owed_by=owed_by, amount=line.charge)


def _restate(uow: UnitOfWork, row: ClaimRow, *, on: date | None, why: str) -> None:
    """Make the claim's charges equal its lines: keep what matches, reverse the rest, charge the
    lines without a charge. ``on`` None: the date of service for a claim never charged, else today."""
    entries = _entries(uow, row)
    today = clock.today()
    first_time = not entries
    effective = on or (row.date_of_service if first_time else today)
    lines = {line.id: line for line in repo.lines_of(uow, row.id)}
    charged: set[int] = set()
    for charge in _live(entries):
        line = lines.get(charge.line_id) if charge.line_id is not None else None
        if (
            line is not None
            and line.id not in charged
            and charge.payer_id == row.payer_id
            and charge.amount == line.charge
        ):
            charged.add(line.id)
        else:
            _reverse(uow, row, charge, today, why)
    fresh = [
        _charge_entry(row, line, effective, entries)
        for line in lines.values()
        if line.id not in charged and line.charge.is_positive()
    ]
    ledger_service.post_many(uow, fresh)


def _reverse_all(uow: UnitOfWork, row: ClaimRow, why: str) -> None:
    today = clock.today()
    for charge in _live(_entries(uow, row)):
        _reverse(uow, row, charge, today, why)


def on_sent(uow: UnitOfWork, row: ClaimRow) -> None:
    """A claim went to the payer: charge its lines (primary claims), and for a replacement or void
    reverse the charges of the claim it replaces or voids."""
    if not _bills_charges(row):
        return
    frequency = FrequencyCode(row.frequency_code)
    if frequency is not FrequencyCode.ORIGINAL and row.original_claim_id is not None:
        original = repo.claims(uow, row.practice_id).get(row.original_claim_id)
        word = "replaced" if frequency is FrequencyCode.REPLACEMENT else "voided"
        _reverse_all(uow, original, f"{word} by claim {row.id}")
    if frequency is FrequencyCode.VOID:
        return
    on = None if frequency is FrequencyCode.ORIGINAL else clock.today()
    _restate(uow, row, on=on, why="line changed before sending again")
    # a visit first billed to the patient (self-pay) moves to the payer: charged once, on the claim
    self_pay.on_billed_to_insurance(
        uow, practice_id=row.practice_id, encounter_id=row.encounter_id, on=on or row.date_of_service
    )


def on_edited(uow: UnitOfWork, row: ClaimRow) -> None:
    """A claim's lines were rewritten in place: a claim already charged is restated today."""
    if _bills_charges(row) and _live(_entries(uow, row)):
        _restate(uow, row, on=clock.today(), why="claim corrected")


def on_voided(uow: UnitOfWork, row: ClaimRow) -> None:
    """A claim was voided before adjudication: its charges, if it was sent, are reversed today."""
    if _bills_charges(row):
        _reverse_all(uow, row, "claim voided")
