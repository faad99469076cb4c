"""Write import records: each in its own savepoint, idempotent by source + kind + external id.

A record that fails (a reference that does not resolve, a rule of intake or charges) is rolled
back to its savepoint and reported; the others are kept. Services never commit: the caller's
unit of work does. Re-importing a record updates the patient, coverage, payer or provider it
became, and skips an encounter that was already captured or queued for coding.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from revcycle.charges import service as charges
from revcycle.codes import repository as codes_repo
from revcycle.codes import service as codes
from revcycle.codes.domain import CodeSystem as CodesSystem
from revcycle.imports import repository as repo
from revcycle.imports.model import ORDER, CodeSystem, Kind, Parsed, Record, RecordError
from revcycle.imports.tables import CodingQueueRow
from revcycle.intake import service as intake
from revcycle.intake.repository import repo as intake_repo
from revcycle.intake.tables import PayerRow, ProviderRow
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import FieldErrors, RevcycleError

RESOURCES = {
    Kind.PAYER: intake.PAYER,
    Kind.PROVIDER: intake.PROVIDER,
    Kind.PATIENT: intake.PATIENT,
    Kind.COVERAGE: intake.COVERAGE,
}
QUEUED = "coding"
"""External-id kind of an encounter that went to the coding queue."""
CHECKED_SYSTEMS = {
    CodeSystem.ICD10CM: CodesSystem.ICD10CM,
    CodeSystem.CPT: CodesSystem.CPT,
    CodeSystem.HCPCS: CodesSystem.HCPCS,
}


@dataclass(frozen=True)
class Written:
    """One object an import created or changed (for the audit trail; no PHI)."""

    entity: str
    ident: int
    patient_id: int | None
    created: bool


@dataclass
class ImportResult:
    imported: Counter[str] = field(default_factory=Counter)
    """By source resource type (``Patient``, ``Claim``, ``PID``...): records created or updated."""
    skipped: int = 0
    """Encounters imported before (same source and id), left as they are."""
    needs_coding: int = 0
    errors: list[RecordError] = field(default_factory=list)
    ignored: int = 0
    written: list[Written] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": dict(sorted(self.imported.items())),
            "skipped": self.skipped,
            "needs_coding": self.needs_coding,
            "ignored": self.ignored,
            "errors": [e.to_json() for e in self.errors],
        }


def import_records(uow: UnitOfWork, *, practice_id: int, source: str, parsed: Parsed) -> ImportResult:
    """Write every record of ``parsed`` that passes; report the rest (nothing half-written)."""
    result = ImportResult(errors=list(parsed.errors), ignored=parsed.ignored)
    for kind in ORDER:
        for record in (r for r in parsed.records if r.kind is kind):
            try:
                with uow.session.begin_nested():
                    _write(uow, practice_id, source, record, result)
            except FieldErrors as exc:
                result.errors.extend(
                    RecordError(record.resource, record.ident, e.field, e.message) for e in exc.errors
                )
            except RevcycleError as exc:
                result.errors.append(RecordError(record.resource, record.ident, "", exc.message))
    return result


def _resolve(uow: UnitOfWork, practice_id: int, source: str, record: Record) -> dict[str, Any]:
    values = dict(record.values)
    for name, ref in record.refs.items():
        row = repo.external_id(uow, practice_id, source, ref.kind.value, ref.key)
        if row is None:
            raise FieldErrors.single(
                name, f"{ref.key} does not resolve: it is not in this input and was not imported before"
            )
        values[name] = row.local_id
    return values


def _count(result: ImportResult, record: Record) -> None:
    result.imported[record.resource] += 1
    for other in record.merged:
        result.imported[other] += 1


def _write(uow: UnitOfWork, practice_id: int, source: str, record: Record, result: ImportResult) -> None:
    if record.kind is Kind.ENCOUNTER:
        _write_encounter(uow, practice_id, source, record, result)
        return
    values = _resolve(uow, practice_id, source, record)
    resource = RESOURCES[record.kind]
    known = repo.external_id(uow, practice_id, source, record.kind.value, record.key)
    existing = known.local_id if known else _same_entity(uow, practice_id, record.kind, values)
    if existing is not None:
        row = intake.update(uow, resource, practice_id=practice_id, ident=existing, changes=values)
    else:
        row = intake.create(uow, resource, practice_id=practice_id, values=values)
    repo.link(uow, practice_id, source, record.kind.value, record.key, row.id)
    patient_id = row.id if record.kind is Kind.PATIENT else values.get("patient_id")
    result.written.append(Written(resource.entity, row.id, patient_id, existing is None))
    _count(result, record)


def _same_entity(uow: UnitOfWork, practice_id: int, kind: Kind, values: dict[str, Any]) -> int | None:
    """A payer (same payer ID) or provider (same NPI) the practice already has: link, do not copy."""
    if kind is Kind.PAYER:
        rows: Any = intake_repo(uow, PayerRow, practice_id).find(payer_code=values.get("payer_code"))
    elif kind is Kind.PROVIDER:
        rows = intake_repo(uow, ProviderRow, practice_id).find(npi=values.get("npi"))
    else:
        return None
    return rows[0].id if rows else None


def coding_reasons(uow: UnitOfWork, record: Record) -> list[str]:
    """Why the encounter cannot be captured as it is: codes of other systems, or codes that the
    loaded code sets do not have on the date of service."""
    reasons = record.needs_coding()
    day = record.values.get("date_of_service")
    if reasons or day is None:
        return reasons
    loaded = codes_repo.loaded_systems(uow)
    for code in [*record.diagnoses, *(ln.code for ln in record.lines)]:
        system = CHECKED_SYSTEMS[code.system]
        if system in loaded and not codes.is_code_valid(uow, system, code.billing_form, day):
            reasons.append(f"{code.code} is not a {code.system.value} code in force on {day.isoformat()}")
    return reasons


def _write_encounter(
    uow: UnitOfWork, practice_id: int, source: str, record: Record, result: ImportResult
) -> None:
    for kind in (Kind.ENCOUNTER.value, QUEUED):
        if repo.external_id(uow, practice_id, source, kind, record.key) is not None:
            result.skipped += 1
            return
    values = _resolve(uow, practice_id, source, record)
    reasons = coding_reasons(uow, record)
    if reasons:
        row = repo.coding_queue(uow, practice_id).add(
            CodingQueueRow(
                practice_id=practice_id,
                patient_id=values["patient_id"],
                rendering_provider_id=values.get("rendering_provider_id"),
                date_of_service=values["date_of_service"],
                source=source,
                external_id=record.key,
                payload=json.dumps(payload(record, values)),
                reasons="\n".join(reasons),
            )
        )
        repo.link(uow, practice_id, source, QUEUED, record.key, row.id)
        result.needs_coding += 1
        result.written.append(Written("coding queue item", row.id, values["patient_id"], True))
    else:
        values["diagnoses"] = [d.billing_form for d in record.diagnoses]
        values["lines"] = [
            {
                "code": ln.code.billing_form,
                "units": ln.units,
                "modifiers": list(ln.modifiers),
                "charge": ln.charge,
                "diagnosis_pointers": list(ln.diagnosis_pointers),
                "service_date": ln.service_date,
                "ndc": ln.ndc,
                "ndc_quantity": ln.ndc_quantity,
            }
            for ln in record.lines
        ]
        encounter = charges.capture_encounter(uow, practice_id=practice_id, values=values)
        repo.link(uow, practice_id, source, Kind.ENCOUNTER.value, record.key, encounter.id)
        result.written.append(Written("encounter", encounter.id, encounter.patient_id, True))
    _count(result, record)


def payload(record: Record, values: dict[str, Any]) -> dict[str, Any]:
    """What the source sent for a queued encounter, as JSON (amounts and units as strings)."""
    return {
        "date_of_service": values["date_of_service"].isoformat(),
        "date_of_service_end": d.isoformat() if (d := values.get("date_of_service_end")) else None,
        "place_of_service": values.get("place_of_service"),
        "diagnoses": [d.to_json() for d in record.diagnoses],
        "lines": [
            {
                "code": ln.code.to_json(),
                "units": str(ln.units),
                "modifiers": list(ln.modifiers),
                "charge": str(ln.charge) if ln.charge is not None else None,
                "diagnosis_pointers": list(ln.diagnosis_pointers),
                "service_date": ln.service_date.isoformat() if ln.service_date else None,
            }
            for ln in record.lines
        ],
    }
