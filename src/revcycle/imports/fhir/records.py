"""Everything read from FHIR input -> import records and errors. Pure.

Resources are mapped in dependency order (providers and payers, patients, coverages, encounters,
then the ChargeItems and Claims that add lines). An error in a ChargeItem or Claim that belongs to
an Encounter also drops that Encounter: an encounter is imported whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from revcycle.imports.fhir import claims, mapping
from revcycle.imports.fhir.reader import Entry, Index, read_path, read_texts
from revcycle.imports.model import Parsed, Record, RecordError
from revcycle.kit.errors import FieldErrors

FIRST = ("Organization", "Practitioner", "Patient", "Coverage", "Encounter")
THEN = ("ChargeItem", "Claim")
READ_ONLY = frozenset({"Condition", "RelatedPerson"})
"""Read when something refers to them; nothing of their own to import."""


def _payer_keys(index: Index) -> set[str]:
    """Organizations that a Coverage pays through or a Claim is sent to: they are payers."""
    keys: set[str] = set()
    for e in index.entries:
        refs = [*(e.resource.get("payor") or ()), e.resource.get("insurer")]
        for ref in refs:
            if isinstance(ref, dict) and isinstance(ref.get("reference"), str):
                found = index.resolve(ref["reference"], e.key)
                if found.type == "Organization" and found.key:
                    keys.add(found.key)
    return keys


def parse_index(index: Index) -> Parsed:
    out = Parsed(errors=list(index.errors))
    payers = _payer_keys(index)
    encounters: dict[str, Record] = {}
    broken: set[str] = set()

    def run(entry: Entry, fn: Callable[[mapping._Ctx], Record | None]) -> Record | None:
        ctx = mapping._Ctx(index, entry)
        try:
            return fn(ctx)
        except FieldErrors as exc:
            out.errors.extend(RecordError(entry.type, entry.ident, e.field, e.message) for e in exc.errors)
            return None

    for kind in FIRST:
        for entry in (e for e in index.entries if e.type == kind):
            if kind == "Organization":
                made = [run(entry, mapping._payer)] if entry.key in payers else []
                made.append(run(entry, mapping._provider))
                if not any(made) and entry.key not in payers:
                    out.ignored += 1
                out.records.extend(r for r in made if r is not None)
                continue
            record = run(entry, mapping.MAPPERS[kind])
            if record is None and kind == "Practitioner" and not _failed(out, entry):
                out.ignored += 1
            elif record is not None and kind == "Encounter":
                encounters[record.key] = record
            elif record is not None:
                out.records.append(record)
    for kind in THEN:
        for entry in (e for e in index.entries if e.type == kind):
            before = {k: (len(r.lines), len(r.diagnoses)) for k, r in encounters.items()}
            fn = claims.charge_item if kind == "ChargeItem" else claims.claim
            record = run(entry, lambda ctx, fn=fn: fn(ctx, encounters))  # type: ignore[misc]
            if _failed(out, entry):
                broken.update(
                    k for k, r in encounters.items() if (len(r.lines), len(r.diagnoses)) != before[k]
                )
                broken.update(_named_encounters(index, entry, encounters))
            elif record is not None:
                out.records.append(record)
    for key, record in encounters.items():
        if key in broken:
            out.errors.append(
                RecordError(
                    "Encounter", record.ident, "", "not imported: a ChargeItem or Claim of it has errors"
                )
            )
        else:
            out.records.append(record)
    out.ignored += sum(1 for e in index.entries if e.type not in (*FIRST, *THEN, *READ_ONLY))
    return out


def _failed(out: Parsed, entry: Entry) -> bool:
    return any(err.resource == entry.type and err.ident == entry.ident for err in out.errors)


def _named_encounters(index: Index, entry: Entry, encounters: dict[str, Record]) -> set[str]:
    """The encounters a failed ChargeItem or Claim names (its context, or its items' encounters)."""
    refs = [
        entry.resource.get("context"),
        *(r for it in entry.resource.get("item") or () for r in it.get("encounter") or ()),
    ]
    keys = set()
    for ref in refs:
        if isinstance(ref, dict) and isinstance(ref.get("reference"), str):
            key = index.resolve(ref["reference"], entry.key).key
            if key in encounters:
                keys.add(key)
    return keys


def parse_texts(documents: list[tuple[str, str]]) -> Parsed:
    """Records from ``(name, JSON text)`` documents (Bundles or single resources)."""
    return parse_index(read_texts(documents))


def parse_path(path: Path) -> Parsed:
    """Records from a file, or from every ``*.json`` of a folder read as one collection."""
    return parse_index(read_path(path))
