"""Code set use cases: look up, search, check an encounter's codes; loading releases lives in
``releases`` and is re-exported here, so callers use ``service.*`` for everything.

Every function takes the caller's unit of work and never commits.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from revcycle.codes import repository as repo
from revcycle.codes.domain import (
    LOOKUP_ORDER,
    CodeSystem,
    CodeVersion,
    age_on,
    display_code,
    normalize_code,
)
from revcycle.codes.releases import (
    SHIPPED_LISTS,
    UPDATABLE,
    CodeSetError,
    ReleaseReport,
    apply_release,
    ensure_shipped_sets,
    import_mce_edits,
    import_mue_edits,
    import_ptp_edits,
    load_shipped_sets,
    read_release,
    shipped_list,
    update_code_system,
)
from revcycle.codes.rules import CODING_RULES, run_coding_edits
from revcycle.codes.rules.model import CodingContext, EncounterCodes, ServiceLine, procedure_system
from revcycle.codes.search import IndexEntry, SearchHit, SearchIndex
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import FieldErrors, NotFound
from revcycle.kit.findings import Finding


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
    key = (str(uow.session.get_bind().engine.url), system)
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


__all__ = [
    "SHIPPED_LISTS",
    "UPDATABLE",
    "CheckRequest",
    "CheckResult",
    "CodeSetError",
    "Lookup",
    "ReleaseReport",
    "apply_release",
    "build_context",
    "check_codes",
    "ensure_shipped_sets",
    "import_mce_edits",
    "import_mue_edits",
    "import_ptp_edits",
    "is_code_valid",
    "load_shipped_sets",
    "lookup_code",
    "read_release",
    "search_codes",
    "search_index",
    "shipped_list",
    "update_code_system",
]
