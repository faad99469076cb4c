"""Editing an encounter after capture: a wrong code, a missing modifier, a diagnosis added after a
provider query.

- ``open`` (captured, no claim yet): edited freely, under every capture rule
  (``service.prepare_encounter``); a bad field is named and nothing is written.
- ``self_pay`` (its charges on the patient's receivable): the edit restates the ledger
  (``self_pay.restate``): the charge of a line that changed (code, modifiers, units, charge or
  date) or went away is reversed and the line charged again, effective the day of the edit.
- ``billed`` (a claim carries it) or ``voided``: a conflict; the claim is corrected instead
  (``claims.corrections``), and a voided encounter is final.

An edit is a patch: fields left out keep their stored values. ``lines`` replaces the list, line
*i* matched with the stored line *i*: when its code is the same, a field the edit leaves out keeps
its stored value, except the charge, kept only when the modifiers and units are the same too (else
priced from the charge master again). Every edit that changes something is kept in the encounter's
history (``encounter_events``) with the old and new value of each field; an edit that changes
nothing writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from revcycle.charges import domain, self_pay, service
from revcycle.charges import repository as repo
from revcycle.charges.institutional import as_data, from_row
from revcycle.charges.tables import ChargeLineRow, EncounterEventRow, EncounterRow
from revcycle.claims.tables import ClaimRow
from revcycle.eligibility.tables import PriorAuthorizationChargeRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, FieldErrors

__all__ = ["Edited", "Event", "edit_encounter", "history", "refuse_if_not_editable", "values_of"]

EDITABLE = frozenset({domain.EncounterStatus.OPEN.value, domain.EncounterStatus.SELF_PAY.value})
_NO_INSTITUTIONAL: dict[str, Any] = {
    "type_of_bill": None,
    "patient_status": None,
    "admission_date": None,
    "admission_hour": None,
    "admission_type": None,
    "admission_source": None,
    "admitting_diagnosis": None,
    "value_codes": "[]",
    "occurrence_codes": "[]",
    "condition_codes": "",
}
_CHARGED = ("code", "modifiers", "units", "charge", "service_date")
"""A line whose charge is restated on the ledger when one of these changes."""
_CLOSED_CLAIMS = ("voided", "replaced")


@dataclass(frozen=True)
class Edited:
    encounter: EncounterRow
    changes: dict[str, tuple[str | None, str | None]]
    """``{field: (old, new)}``; empty when the edit changed nothing."""


def values_of(view: service.EncounterView) -> dict[str, Any]:
    """The stored encounter as capture values (what ``capture_encounter`` takes)."""
    e = view.encounter
    data = from_row(e)
    institutional = None
    if data is not None:
        institutional = as_data(data) | {
            "admission_date": data.admission_date,
            "value_codes": [{"code": v.code, "amount": v.amount} for v in data.value_codes],
            "occurrence_codes": [{"code": o.code, "date": o.date} for o in data.occurrence_codes],
        }
    return {
        "patient_id": e.patient_id,
        "rendering_provider_id": e.rendering_provider_id,
        "referring_provider_id": e.referring_provider_id,
        "supervising_provider_id": e.supervising_provider_id,
        "facility_id": e.facility_id,
        "attending_provider_id": e.attending_provider_id,
        "operating_provider_id": e.operating_provider_id,
        "claim_type": e.claim_type,
        "date_of_service": e.date_of_service,
        "date_of_service_end": e.date_of_service_end,
        "place_of_service": e.place_of_service,
        "diagnoses": [d for d in e.diagnoses.split(",") if d],
        "prior_authorization": e.prior_authorization,
        "referral_number": e.referral_number,
        "related_causes": [r for r in e.related_causes.split(",") if r],
        "accident_state": e.accident_state,
        "accident_date": e.accident_date,
        "onset_date": e.onset_date,
        "institutional": institutional,
        "lines": [_line_values(line, e.date_of_service) for line in view.lines],
    }


def _line_values(line: ChargeLineRow, date_of_service: date) -> dict[str, Any]:
    return {
        "code": line.code,
        "modifiers": [m for m in line.modifiers.split(",") if m],
        "units": line.units,
        "charge": line.charge if line.charge_overridden else None,
        "diagnosis_pointers": [int(p) for p in line.diagnosis_pointers.split(",") if p],
        # a line dated the visit's day follows the visit's date when that is edited
        "service_date": None if line.service_date == date_of_service else line.service_date,
        "ndc": line.ndc,
        "ndc_quantity": line.ndc_quantity,
        "ndc_unit": line.ndc_unit,
        "revenue_code": line.revenue_code,
    }


def refuse_if_not_editable(uow: UnitOfWork, row: EncounterRow) -> None:
    """A ``Conflict`` that says what to do instead, unless the encounter may be edited."""
    claims = uow.session.scalars(
        select(ClaimRow)
        .where(ClaimRow.encounter_id == row.id, ClaimRow.practice_id == row.practice_id)
        .where(ClaimRow.state.not_in(_CLOSED_CLAIMS))
        .order_by(ClaimRow.id.desc())
    ).all()
    if claims or row.status == domain.EncounterStatus.BILLED:
        named = f" on claim {claims[0].patient_control_number} (id {claims[0].id})" if claims else ""
        raise Conflict(
            f"encounter {row.id} is billed{named}: the claim carries its charges. Correct the claim "
            "instead (fix a rejected claim, or send a replacement or void claim)"
        )
    if row.status == domain.EncounterStatus.VOIDED:
        raise Conflict(f"encounter {row.id} is voided, which is final: capture the visit again instead")
    if row.status not in EDITABLE:
        raise Conflict(f"encounter {row.id} is {row.status} and cannot be edited")


def _merged(old: dict[str, Any], changes: Mapping[str, Any]) -> tuple[dict[str, Any], set[int]]:
    """The edit applied to the stored values; which lines keep their stored charge."""
    if "patient_id" in changes and changes["patient_id"] != old["patient_id"]:
        raise FieldErrors.single(
            "patient_id", "a visit cannot move to another patient; void it and capture it"
        )
    merged = {**old, **{k: v for k, v in changes.items() if k not in ("lines", "self_pay")}}
    kept: set[int] = set()
    if "lines" in changes:
        lines = []
        for i, given in enumerate(changes["lines"] or ()):
            line = dict(given)
            stored = old["lines"][i] if i < len(old["lines"]) else None
            if stored is not None and str(line.get("code") or "").strip().upper() == stored["code"]:
                line = {**stored, "charge": None, **line}
                same = _mods(line) == stored["modifiers"] and _units(line) == stored["units"]
                if line.get("charge") is None and same:
                    kept.add(i)
            lines.append(line)
        merged["lines"] = lines
    else:
        kept = set(range(len(old["lines"])))
    return merged, kept


def _mods(line: Mapping[str, Any]) -> list[str]:
    return [str(m).strip().upper() for m in line.get("modifiers") or ()]


def _units(line: Mapping[str, Any]) -> Decimal | None:
    try:
        return Decimal(str(line.get("units", 1)))
    except ArithmeticError:
        return None


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _diff(before: Mapping[str, Any], after: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out = {}
    for key in sorted(before.keys() | after.keys()):
        old, new = _text(before.get(key)), _text(after.get(key))
        if old != new:
            out[f"{prefix}{key}"] = (old, new)
    return out


def edit_encounter(
    uow: UnitOfWork, *, practice_id: int, encounter_id: int, changes: Mapping[str, Any], actor: str
) -> Edited:
    """Apply an edit under the capture rules; see the module's docstring. Never commits."""
    row = repo.encounters(uow, practice_id).get(encounter_id)
    refuse_if_not_editable(uow, row)
    stored_lines = list(repo.lines_of(uow, row.id))
    old = values_of(service.EncounterView(row, stored_lines))
    merged, kept = _merged(old, changes)
    for i in kept:  # an unchanged line keeps its price (the charge master may have changed since)
        if i < len(merged["lines"]):
            merged["lines"][i] = {**merged["lines"][i], "charge": stored_lines[i].charge}
    prepared = service.prepare_encounter(uow, practice_id=practice_id, values=merged)
    e = prepared.encounter
    header = _NO_INSTITUTIONAL | service.encounter_columns(merged, e)
    lines = [
        service.line_columns(line, charge, stored_lines[i].charge_overridden if i in kept else overridden, e)
        for i, (line, charge, overridden) in enumerate(prepared.priced)
    ]
    diff = _diff({k: getattr(row, k) for k in header}, header)
    changed_lines: set[int] = set()
    for i in range(max(len(stored_lines), len(lines))):
        before = {k: getattr(stored_lines[i], k) for k in lines[0]} if i < len(stored_lines) else {}
        line_diff = _diff(before, lines[i] if i < len(lines) else {}, f"lines.{i}.")
        diff |= line_diff
        if i < len(stored_lines) and any(k.rsplit(".", 1)[1] in _CHARGED for k in line_diff):
            changed_lines.add(stored_lines[i].id)
    if not diff:
        return Edited(row, {})
    _refuse_removing_authorized(uow, stored_lines, len(lines))
    _apply(uow, row, header, stored_lines, lines)
    if row.status == domain.EncounterStatus.SELF_PAY:
        self_pay.restate(uow, row, changed=changed_lines)
    uow.session.add(
        EncounterEventRow(
            practice_id=practice_id,
            encounter_id=row.id,
            at=clock.now(),
            actor=actor[:80],
            event="edited",
            changes=json.dumps({k: list(v) for k, v in diff.items()}),
        )
    )
    uow.flush()
    return Edited(row, diff)


def _refuse_removing_authorized(uow: UnitOfWork, stored: Sequence[ChargeLineRow], kept: int) -> None:
    """A line a prior authorization is used for stays until it is unlinked (it counts the units)."""
    gone = {line.id: i for i, line in enumerate(stored) if i >= kept}
    if not gone:
        return
    linked = uow.session.scalars(
        select(PriorAuthorizationChargeRow.charge_line_id).where(
            PriorAuthorizationChargeRow.charge_line_id.in_(gone)
        )
    ).all()
    if linked:
        i = gone[linked[0]]
        raise FieldErrors.single(f"lines.{i}", "a prior authorization is used for this line: unlink it first")


def _apply(
    uow: UnitOfWork,
    row: EncounterRow,
    header: Mapping[str, Any],
    stored: Sequence[ChargeLineRow],
    lines: Sequence[Mapping[str, Any]],
) -> None:
    for key, value in header.items():
        setattr(row, key, value)
    for i, columns in enumerate(lines):
        if i < len(stored):
            for key, value in columns.items():
                setattr(stored[i], key, value)
        else:
            uow.session.add(
                ChargeLineRow(practice_id=row.practice_id, encounter_id=row.id, line_number=i + 1, **columns)
            )
    for gone in stored[len(lines) :]:
        uow.session.delete(gone)
    uow.flush()


@dataclass(frozen=True)
class Event:
    at: datetime
    actor: str
    event: str
    changes: dict[str, list[str | None]]


def history(uow: UnitOfWork, *, practice_id: int, encounter_id: int) -> list[Event]:
    """The encounter's edits, oldest first."""
    repo.encounters(uow, practice_id).get(encounter_id)
    rows = uow.session.scalars(
        select(EncounterEventRow)
        .where(EncounterEventRow.encounter_id == encounter_id, EncounterEventRow.practice_id == practice_id)
        .order_by(EncounterEventRow.id)
    ).all()
    return [Event(r.at, r.actor, r.event, json.loads(r.changes or "{}")) for r in rows]
