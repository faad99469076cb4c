"""Code set releases: load the shipped sets, import a new release with versioning, load coding edits.

One release is one transaction (the caller's unit of work): a bad file leaves nothing half-imported.
Versions before a release's effective date stay as they were, for claims with earlier dates of service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from revcycle.codes import repository as repo
from revcycle.codes.domain import CodeEntry, CodeSystem, ReleaseDiff, diff_release
from revcycle.codes.importers import csv_lists, edits, hcpcs, order_file
from revcycle.codes.importers.base import Release
from revcycle.codes.importers.icd10cm_package import load_package_release, package_release_date
from revcycle.codes.tables import CodeReleaseRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, InvalidInput


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
        last = entry.valid_to or day_before
        first = min(entry.valid_from or last, last)
        inserts.append(_row(entry, release.label, first, last))

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


def shipped_list(system: CodeSystem, filename: str, label: str) -> Release:
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
            reports.append(apply_release(uow, shipped_list(system, filename, label)))
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
