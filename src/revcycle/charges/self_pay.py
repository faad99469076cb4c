"""Self-pay visits on the patient's receivable.

A visit is self-pay when the patient has no coverage in force on its date of service, or when it
is captured with ``self_pay`` (the patient chose to pay). Its charges go on the ledger when it is
captured (or later, when the office bills an open encounter to the patient with
:func:`bill_to_patient`): one ``charge`` per charge line on the patient's receivable of that line
(``patient_ar`` with the patient, the guarantor and the charge line), effective on the line's date
of service, ``source`` ``encounter:<id>``, key ``encounter:<id>:line:<charge line id>:charge``.
The encounter's status becomes ``self_pay``, so the claim run leaves it alone.

- Billing it again posts nothing (the keys are taken).
- Voiding it (:func:`void_encounter`) reverses its charges, effective that day.
- Editing it (``charges.editing``) restates its charges (:func:`restate`), effective that day.
- Coverage found later: the office builds a claim from the encounter; when that claim is first
  sent and its charges go on the payer's receivable (``claims.receivables``), the self-pay charges
  are reversed in the same transaction and effective on the same day (the date of service): the
  visit is charged once, on the claim. What the patient paid on the visit stays on its lines as a
  credit on the account.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from revcycle.charges import repository as repo
from revcycle.charges.domain import EncounterStatus
from revcycle.charges.tables import ChargeLineRow, EncounterRow
from revcycle.intake.repository import repo as intake_repo
from revcycle.intake.tables import CoverageRow, PatientRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service

__all__ = [
    "bill_to_patient",
    "has_coverage_on",
    "on_billed_to_insurance",
    "post_charges",
    "restate",
    "source_of",
    "void_encounter",
]


def source_of(encounter_id: int) -> str:
    """The ledger ``source`` of a self-pay visit's charges (and of their reversals)."""
    return f"encounter:{encounter_id}"


def has_coverage_on(uow: UnitOfWork, practice_id: int, patient_id: int, day: date) -> bool:
    """Whether any coverage of the patient is in force on ``day`` (a claim could be built)."""
    return any(
        c.effective_date <= day and (c.termination_date is None or day <= c.termination_date)
        for c in intake_repo(uow, CoverageRow, practice_id).find(patient_id=patient_id)
    )


def _charge_entry(
    row: EncounterRow, guarantor_id: int | None, line: ChargeLineRow, on: date, key: str
) -> ledger.Entry:
    meta = ledger.EntryMeta(
        practice_id=row.practice_id,
        effective_date=on,
        source=source_of(row.id),
        idempotency_key=key,
        memo=f"self-pay charge {line.code} encounter {row.id}",
    )
    ref = ledger.ChargeRef(patient_id=row.patient_id, guarantor_id=guarantor_id, charge_line_id=line.id)
    return ledger.charge(meta, ref=ref, owed_by=ledger.Responsibility.patient(), amount=line.charge)


def post_charges(uow: UnitOfWork, row: EncounterRow) -> list[int]:
    """Charge every line of the encounter to the patient (once per line; a replay posts nothing)
    and mark it ``self_pay``. Returns the ids of the charge entries."""
    patient = intake_repo(uow, PatientRow, row.practice_id).get(row.patient_id)
    entries = [
        _charge_entry(
            row, patient.guarantor_id, line, line.service_date, f"{source_of(row.id)}:line:{line.id}:charge"
        )
        for line in repo.lines_of(uow, row.id)
        if line.charge.is_positive()
    ]
    row.status = EncounterStatus.SELF_PAY.value
    uow.flush()
    return ledger_service.post_many(uow, entries)


def restate(uow: UnitOfWork, row: EncounterRow, *, changed: Collection[int]) -> tuple[int, int]:
    """An edited self-pay visit: make its charges on the patient's receivable equal its lines.

    The live charge of a line that went away, is in ``changed`` or no longer matches the line's
    amount is reversed; a line without a live charge is charged again (key suffix ``:<n>``). Both
    are effective today, so a closed period is not rewritten. Nothing changed: nothing posted.
    Returns (charges reversed, charges posted)."""
    today = clock.today()
    posted = ledger_service.entries_from_source(uow, practice_id=row.practice_id, source=source_of(row.id))
    lines = {line.id: line for line in repo.lines_of(uow, row.id)}
    charged: set[int] = set()
    reversed_count = 0
    for entry in posted:
        if entry.entry.kind is not ledger.EntryKind.CHARGE or entry.entry.reverses_entry_id is not None:
            continue
        if entry.reversed_by_entry_id is not None:
            continue
        receivable = next(ln for ln in entry.entry.lines if ln.account.is_ar)
        line_id = receivable.account.charge_line_id
        line = lines.get(line_id) if line_id is not None else None
        if (
            line is not None
            and line.id not in changed
            and line.id not in charged
            and receivable.amount == line.charge
        ):
            charged.add(line.id)
            continue
        ledger_service.reverse(
            uow,
            practice_id=row.practice_id,
            entry_id=entry.id,
            effective_date=today,
            memo=f"self-pay charge reversed, encounter {row.id}: visit edited",
        )
        reversed_count += 1
    taken = {p.entry.idempotency_key for p in posted}
    patient = intake_repo(uow, PatientRow, row.practice_id).get(row.patient_id)
    fresh = []
    for line in lines.values():
        if line.id in charged or not line.charge.is_positive():
            continue
        key = f"{source_of(row.id)}:line:{line.id}:charge"
        if key in taken:  # charged before and that charge reversed: a new key
            key = f"{key}:{sum(1 for k in taken if k == key or k.startswith(key + ':')) + 1}"
        fresh.append(_charge_entry(row, patient.guarantor_id, line, today, key))
    ledger_service.post_many(uow, fresh)
    return reversed_count, len(fresh)


def bill_to_patient(uow: UnitOfWork, *, practice_id: int, encounter_id: int) -> list[int]:
    """Release an encounter to the patient as self-pay: its charges go on the patient's receivable.

    Idempotent. An encounter billed to a payer or voided is a conflict."""
    row = repo.encounters(uow, practice_id).get(encounter_id)
    if row.status == EncounterStatus.BILLED:
        raise Conflict(f"encounter {encounter_id} is billed to insurance; its claim carries the charges")
    if row.status == EncounterStatus.VOIDED:
        raise Conflict(f"encounter {encounter_id} is voided")
    return post_charges(uow, row)


def _reverse_charges(uow: UnitOfWork, practice_id: int, encounter_id: int, on: date, why: str) -> int:
    """Reverse the encounter's self-pay charges not reversed yet; how many were."""
    count = 0
    for posted in ledger_service.entries_from_source(
        uow, practice_id=practice_id, source=source_of(encounter_id)
    ):
        entry = posted.entry
        if entry.kind is not ledger.EntryKind.CHARGE or entry.reverses_entry_id is not None:
            continue
        if posted.reversed_by_entry_id is not None:
            continue
        ledger_service.reverse(
            uow,
            practice_id=practice_id,
            entry_id=posted.id,
            effective_date=on,
            memo=f"self-pay charge reversed, encounter {encounter_id}: {why}"[:500],
        )
        count += 1
    return count


def void_encounter(uow: UnitOfWork, *, practice_id: int, encounter_id: int) -> EncounterRow:
    """Void an encounter captured in error: its self-pay charges (if any) are reversed today.

    An encounter billed to a payer is voided through its claim instead. Voiding twice is a no-op."""
    row = repo.encounters(uow, practice_id).get(encounter_id)
    if row.status == EncounterStatus.BILLED:
        raise Conflict(f"encounter {encounter_id} is billed to insurance; void its claim instead")
    if row.status != EncounterStatus.VOIDED:
        _reverse_charges(uow, practice_id, row.id, clock.today(), "encounter voided")
        row.status = EncounterStatus.VOIDED.value
        uow.flush()
    return row


def on_billed_to_insurance(uow: UnitOfWork, *, practice_id: int, encounter_id: int, on: date) -> int:
    """The encounter's claim went to the payer with its charges: take the self-pay charges off the
    patient's receivable, effective ``on`` (the day the claim's charges are). Returns how many."""
    return _reverse_charges(uow, practice_id, encounter_id, on, "billed to insurance")
