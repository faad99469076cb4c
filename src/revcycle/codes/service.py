"""Code set use cases: load the shipped sets, import a new release, look up, search, check codes.

Every function takes the caller's unit of work and never commits: one release is one
transaction, so a bad file leaves nothing half-imported.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from revcycle.codes import repository as repo
from revcycle.codes.domain import (
    LOOKUP_ORDER,
    CodeEntry,
    CodeSystem,
    CodeVersion,
    ReleaseDiff,
    age_on,
    diff_release,
    display_code,
    normalize_code,
)
from revcycle.codes.importers import csv_lists, edits, hcpcs, order_file
from revcycle.codes.importers.base import Release
from revcycle.codes.importers.icd10cm_package import load_package_release, package_release_date
from revcycle.codes.rules import CODING_RULES, run_coding_edits
from revcycle.codes.rules.model import CodingContext, EncounterCodes, ServiceLine, procedure_system
from revcycle.codes.search import IndexEntry, SearchHit, SearchIndex
from revcycle.codes.tables import CodeReleaseRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, FieldErrors, InvalidInput, NotFound
from revcycle.kit.findings import Finding


class CodeSetError(InvalidInput):
    """A code set file or release that cannot be applied."""


SHIPPED_LISTS: tuple[tuple[CodeSystem, str, str], ...] = (
    (CodeSystem.POS, "pos.csv", "2025-10"),
    (CodeSystem.CAS_GROUP, "cas_groups.csv", "2025-10"),
    (CodeSystem.CARC, "carc.csv", "2025-10"),
    (CodeSystem.RARC, "rarc.csv", "2025-10"),
    (CodeSystem.MODIFIER, "modifiers.csv", "revcycle-2026"),
    (CodeSystem.CPT, "cpt_demo.csv", "revcycle-demo-2026"),
)
"""Package data lists: system, file under ``revcycle/codes/data``, release label."""

_LIST_START = date(1995, 1, 1)


@dataclass(frozen=True)
class ReleaseReport:
    """What loading one release did."""

    system: CodeSystem
    release: str
    effective: date
    loaded: bool
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    terminated: tuple[str, ...] = ()
    history: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "system": self.system.value,
            "release": self.release,
            "effective": self.effective.isoformat(),
            "loaded": self.loaded,
            "added": len(self.added),
            "changed": len(self.changed),
            "terminated": len(self.terminated),
        }


# -- loading releases ----------------------------------------------------------------------------------
def _row(entry: CodeEntry, label: str, valid_from: date, valid_to: date | None) -> dict[str, Any]:
    return {
        "system": entry.system.value,
        "code": entry.code,
        "billable": entry.billable,
        "short_description": (entry.short_description or "")[:120] or None,
        "description": entry.description,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "release": label,
        "attributes": dict(entry.attributes),
    }


CARRIED_ATTRIBUTES = ("applies_to",)
"""revcycle's own facts about a code, kept when a CMS release restates the code without them."""


def _carry_over(entry: CodeEntry, previous: CodeEntry | None) -> CodeEntry:
    if previous is None:
        return entry
    kept = {
        k: previous.attributes[k]
        for k in CARRIED_ATTRIBUTES
        if k in previous.attributes and k not in entry.attributes
    }
    return replace(entry, attributes={**entry.attributes, **kept}) if kept else entry


def apply_release(uow: UnitOfWork, release: Release, *, replace_label: bool = False) -> ReleaseReport:
    """Apply a release from its effective date: add new codes, version changed ones, close dropped ones.

    Versions before ``release.effective`` stay as they were, for claims with earlier dates of service.
    """
    if repo.release_loaded(uow, release.system, release.label):
        raise Conflict(f"{release.system.value} release {release.label} is already loaded")
    effective = release.effective
    day_before = effective - timedelta(days=1)
    current_rows = repo.open_rows(uow, release.system, effective)
    current = {code: repo.to_entry(row) for code, row in current_rows.items()}
    if release.scope:
        in_scope = re.compile(release.scope)
        current = {code: entry for code, entry in current.items() if in_scope.match(code)}
    incoming = {e.code: _carry_over(e, current.get(e.code)) for e in release.entries}
    diff: ReleaseDiff = diff_release(current, incoming, effective)
    known = repo.stored_codes(uow, release.system) if current_rows else set()

    inserts: list[dict[str, Any]] = []
    to_close: dict[date, list[int]] = {}
    to_delete: list[int] = []

    def retire(code: str, last_day: date) -> None:
        row = current_rows[code]
        if row.valid_from > last_day:
            to_delete.append(row.id)
        else:
            to_close.setdefault(last_day, []).append(row.id)

    for code in diff.added:
        entry = incoming[code]
        start = entry.valid_from if entry.valid_from and code not in known else effective
        inserts.append(_row(entry, release.label, min(start, effective), entry.valid_to))
    for code in diff.changed:
        retire(code, day_before)
        inserts.append(_row(incoming[code], release.label, effective, incoming[code].valid_to))
    for code in diff.terminated:
        stated = incoming[code].valid_to if code in incoming else None
        retire(code, stated if stated is not None else day_before)
    history = [
        e
        for c, e in incoming.items()
        if e.valid_to is not None and e.valid_to < effective and c not in current and c not in known
    ]
    for entry in history:
        start = entry.valid_from or entry.valid_to
        assert start is not None and entry.valid_to is not None
        inserts.append(_row(entry, release.label, min(start, entry.valid_to), entry.valid_to))

    repo.delete_versions(uow, to_delete)
    for last_day, ids in to_close.items():
        repo.close_versions(uow, ids, last_day)
    repo.insert_versions(uow, inserts)
    repo.add_release(
        uow,
        CodeReleaseRow(
            system=release.system.value,
            release=release.label,
            effective=effective,
            source=release.source[:200],
            added=len(diff.added),
            changed=len(diff.changed),
            terminated=len(diff.terminated),
        ),
    )
    return ReleaseReport(
        release.system,
        release.label,
        effective,
        True,
        diff.added,
        diff.changed,
        diff.terminated,
        len(history),
    )


def _shipped_list(system: CodeSystem, filename: str, label: str) -> Release:
    text = resources.files("revcycle.codes.data").joinpath(filename).read_text(encoding="utf-8")
    return csv_lists.read_code_list(Path(filename), system, effective=_LIST_START, label=label, text=text)


def load_shipped_sets(uow: UnitOfWork) -> list[ReleaseReport]:
    """Load ICD-10-CM (from the package) and the lists shipped with revcycle. Idempotent: a release
    already loaded is skipped, so running it again costs a few queries."""
    reports: list[ReleaseReport] = []
    icd_label = f"{package_release_date():%Y-%m}"
    if repo.release_loaded(uow, CodeSystem.ICD10CM, icd_label):
        reports.append(ReleaseReport(CodeSystem.ICD10CM, icd_label, package_release_date(), False))
    else:
        reports.append(apply_release(uow, load_package_release()))
    for system, filename, label in SHIPPED_LISTS:
        if repo.release_loaded(uow, system, label):
            reports.append(ReleaseReport(system, label, _LIST_START, False))
        else:
            reports.append(apply_release(uow, _shipped_list(system, filename, label)))
    return reports


def ensure_shipped_sets(uow: UnitOfWork) -> bool:
    """Load the shipped sets when no ICD-10-CM release is loaded yet; True when it loaded them."""
    if CodeSystem.ICD10CM in repo.loaded_systems(uow):
        return False
    load_shipped_sets(uow)
    return True


UPDATABLE = ", ".join(s.value for s in CodeSystem)


def read_release(
    system: CodeSystem, path: Path, *, effective: date | None = None, label: str | None = None
) -> list[Release]:
    """Read a release file of ``system``; HCPCS files also yield their Level II modifiers."""
    start = effective or clock.today()
    name = label or f"{path.stem}@{start.isoformat()}"
    if system in (CodeSystem.ICD10CM, CodeSystem.ICD10PCS):
        return [order_file.read_order_file(path, system, effective=start, label=name)]
    if system is CodeSystem.HCPCS:
        codes, modifiers = hcpcs.read_hcpcs_file(path, effective=start, label=name)
        return [codes, modifiers] if modifiers.entries else [codes]
    if system is CodeSystem.CPT:
        return [csv_lists.read_cpt_csv(path, effective=start, label=name)]
    if system is CodeSystem.TAXONOMY:
        return [csv_lists.read_nucc_taxonomy(path, effective=start, label=name)]
    return [csv_lists.read_code_list(path, system, effective=start, label=name)]


def update_code_system(
    uow: UnitOfWork,
    system: CodeSystem,
    path: Path,
    *,
    effective: date | None = None,
    label: str | None = None,
) -> list[ReleaseReport]:
    """Import a new release file of ``system`` in force from ``effective`` (default today)."""
    return [
        apply_release(uow, release)
        for release in read_release(system, path, effective=effective, label=label)
    ]


def import_ptp_edits(uow: UnitOfWork, path: Path, *, label: str | None = None) -> int:
    """Load an NCCI practitioner PTP file; replaces the stored edits of its column 1 codes."""
    found = edits.read_ptp_file(path)
    repo.replace_ptp_edits(uow, found, label or path.stem, {e.column1 for e in found})
    return len(found)


def import_mue_edits(uow: UnitOfWork, path: Path, *, effective: date, label: str | None = None) -> int:
    """Load a practitioner MUE file in force from ``effective``; changed values get a new version."""
    found = edits.read_mue_file(path, effective=effective)
    current = repo.open_mue(uow)
    changed = [
        e
        for e in found
        if e.code not in current
        or (current[e.code].max_units, current[e.code].adjudication_indicator)
        != (e.max_units, e.adjudication_indicator)
    ]
    stale = [current[e.code].id for e in changed if e.code in current]
    dropped = [row.id for code, row in current.items() if code not in {e.code for e in found}]
    repo.close_mue(uow, stale + dropped, effective - timedelta(days=1))
    repo.insert_mue(uow, changed, label or path.stem)
    return len(changed)


def import_mce_edits(uow: UnitOfWork, path: Path) -> int:
    """Load a Medicare Code Editor table (age, sex, manifestation diagnosis edits)."""
    version, found = edits.read_mce_file(path)
    repo.replace_dx_edits(uow, found, f"MCE v{version}")
    return len(found)


# -- lookup --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Lookup:
    """A code as of a date of service: the version in force, or the nearest one, and whether it is valid."""

    version: CodeVersion
    valid: bool
    on: date

    def as_dict(self) -> dict[str, Any]:
        v = self.version
        attributes = dict(v.attributes)
        return {
            "system": v.system.value,
            "code": v.display,
            "valid": self.valid,
            "billable": v.billable and self.valid,
            "description": v.description,
            "short_description": v.short_description,
            "valid_from": v.valid_from.isoformat(),
            "valid_to": v.valid_to.isoformat() if v.valid_to else None,
            "on": self.on.isoformat(),
            "notes": {k: attributes[k] for k in sorted(attributes)},
        }


def _pick(versions: Sequence[CodeVersion], on: date) -> tuple[CodeVersion, bool]:
    for version in versions:
        if version.valid_on(on):
            return version, True
    earlier = [v for v in versions if v.valid_from <= on]
    return (earlier[-1] if earlier else versions[0]), False


def lookup_code(
    uow: UnitOfWork, code: str, *, system: CodeSystem | None = None, on: date | None = None
) -> Lookup:
    """The code as of ``on`` (default today). Dotted and undotted ICD-10 forms both work.

    Without ``system``, the first system that has the code wins (ICD-10-CM, CPT, HCPCS, ...).
    """
    day = on or clock.today()
    systems = [system] if system else list(LOOKUP_ORDER)
    for candidate in systems:
        try:
            key = normalize_code(candidate, code)
        except FieldErrors:
            if system:
                raise
            continue
        versions = repo.versions_of(uow, key, [candidate])
        if versions:
            version, valid = _pick(versions, day)
            return Lookup(version, valid, day)
    raise NotFound(f"{system.value} code" if system else "code", code)


def is_code_valid(uow: UnitOfWork, system: CodeSystem, code: str, on: date) -> bool:
    """Is ``code`` a code of ``system`` in force on ``on``?"""
    versions = repo.versions_of(uow, normalize_code(system, code), [system])
    return any(v.valid_on(on) for v in versions)


# -- search --------------------------------------------------------------------------------------------
_INDEXES: dict[tuple[str, CodeSystem], tuple[tuple[int, int], SearchIndex]] = {}
_INDEX_LOCK = threading.Lock()


def search_index(uow: UnitOfWork, system: CodeSystem) -> SearchIndex:
    """The process's index of ``system``, rebuilt only when a release of it was loaded since."""
    key = (str(uow.session.get_bind().url), system)
    stamp = repo.release_stamp(uow, [system])
    cached = _INDEXES.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _INDEX_LOCK:
        entries = [
            IndexEntry(system, code, display_code(system, code), description, billable)
            for code, description, billable in repo.searchable(uow, system)
        ]
        index = SearchIndex(entries)
        _INDEXES[key] = (stamp, index)
        return index


SEARCHED_BY_DEFAULT = (CodeSystem.ICD10CM, CodeSystem.CPT, CodeSystem.HCPCS, CodeSystem.ICD10PCS)


def search_codes(
    uow: UnitOfWork, text: str, *, systems: Sequence[CodeSystem] | None = None, limit: int = 10
) -> list[SearchHit]:
    """Ranked matches: exact code, code prefix, then words (abbreviations and typos tolerated)."""
    if not text.strip():
        raise FieldErrors.single("q", "type a code or some words to search for")
    if not 1 <= limit <= 100:
        raise FieldErrors.single("limit", "limit is between 1 and 100")
    loaded = repo.loaded_systems(uow)
    chosen = [s for s in (systems or SEARCHED_BY_DEFAULT) if s in loaded]
    hits: list[SearchHit] = []
    for system in chosen:
        hits.extend(search_index(uow, system).search(text, limit))
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]


# -- coding check --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckRequest:
    """An encounter's codes as a person or a system sends them (dotted or not, any case)."""

    diagnoses: Sequence[str]
    procedures: Sequence[ServiceLine] = ()
    date_of_service: date | None = None
    sex: str | None = None
    date_of_birth: date | None = None
    pointers_given: bool = True


@dataclass(frozen=True)
class CheckResult:
    encounter: EncounterCodes
    date_of_service: date
    findings: list[Finding] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not any(f.is_error for f in self.findings)


def build_context(
    uow: UnitOfWork, encounter: EncounterCodes, *, on: date, sex: str | None, age: int | None
) -> CodingContext:
    """Fetch the reference data the coding edits need for this encounter."""
    pairs = {(CodeSystem.ICD10CM, c) for c in encounter.diagnoses}
    pairs |= {(procedure_system(line.code), line.code) for line in encounter.lines}
    pairs |= {(CodeSystem.MODIFIER, m) for line in encounter.lines for m in line.modifiers}
    procedures = sorted({line.code for line in encounter.lines})
    return CodingContext(
        date_of_service=on,
        sex=sex,
        age=age,
        versions=repo.versions_for(uow, pairs),
        ptp_edits=repo.ptp_edits_among(uow, procedures),
        mue=repo.mue_for(uow, procedures, on),
        dx_edits=repo.dx_edits_for(uow, list(encounter.diagnoses)),
    )


def check_codes(uow: UnitOfWork, request: CheckRequest) -> CheckResult:
    """Run every coding edit on an encounter's codes; findings say how to fix each problem."""
    day = request.date_of_service or clock.today()
    diagnoses = tuple(
        normalize_code(CodeSystem.ICD10CM, c, field=f"diagnoses[{i}]")
        for i, c in enumerate(request.diagnoses)
    )
    lines = tuple(
        ServiceLine(
            code=normalize_code(CodeSystem.CPT, line.code, field=f"procedures[{i}].code"),
            modifiers=tuple(m.strip().upper() for m in line.modifiers if m.strip()),
            units=line.units,
            dx_pointers=tuple(line.dx_pointers),
        )
        for i, line in enumerate(request.procedures)
    )
    if request.date_of_birth and request.date_of_birth > day:
        raise FieldErrors.single("date_of_birth", "the date of birth is after the date of service")
    sex = (request.sex or "").upper() or None
    if sex not in (None, "F", "M", "U"):
        raise FieldErrors.single("sex", "sex is F, M or U")
    age = age_on(request.date_of_birth, day) if request.date_of_birth else None
    encounter = EncounterCodes(diagnoses, lines)
    context = build_context(uow, encounter, on=day, sex=sex, age=age)
    return CheckResult(encounter, day, run_coding_edits(encounter, context, CODING_RULES))
