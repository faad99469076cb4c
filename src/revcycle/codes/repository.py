"""Every query on the code set tables. Bulk writes use executemany inserts (fast on both backends)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update

from revcycle.codes.domain import (
    CodeEntry,
    CodeSystem,
    CodeVersion,
    DxEdit,
    DxEditKind,
    ModifierIndicator,
    MueEdit,
    PtpEdit,
)
from revcycle.codes.tables import CodeReleaseRow, CodeRow, DxEditRow, MueEditRow, PtpEditRow
from revcycle.kit.db import UnitOfWork

_CHUNK = 5000


def _chunks(rows: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def to_version(row: CodeRow) -> CodeVersion:
    return CodeVersion(
        system=CodeSystem(row.system),
        code=row.code,
        description=row.description,
        billable=row.billable,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        short_description=row.short_description,
        attributes=row.attributes or {},
    )


def to_entry(row: CodeRow) -> CodeEntry:
    return CodeEntry(
        system=CodeSystem(row.system),
        code=row.code,
        description=row.description,
        billable=row.billable,
        short_description=row.short_description,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        attributes=row.attributes or {},
    )


# -- releases ------------------------------------------------------------------------------------------
def release_loaded(uow: UnitOfWork, system: CodeSystem, label: str) -> bool:
    query = select(CodeReleaseRow.id).where(
        CodeReleaseRow.system == system.value, CodeReleaseRow.release == label
    )
    return uow.session.scalar(query) is not None


def add_release(uow: UnitOfWork, row: CodeReleaseRow) -> None:
    uow.session.add(row)
    uow.session.flush()


def release_stamp(uow: UnitOfWork, systems: Iterable[CodeSystem]) -> tuple[int, int]:
    """(newest release id, number of releases) of ``systems``: changes whenever one is loaded."""
    query = select(func.max(CodeReleaseRow.id), func.count(CodeReleaseRow.id)).where(
        CodeReleaseRow.system.in_([s.value for s in systems])
    )
    newest, count = uow.session.execute(query).one()
    return int(newest or 0), int(count or 0)


def loaded_systems(uow: UnitOfWork) -> set[CodeSystem]:
    return {CodeSystem(s) for s in uow.session.scalars(select(CodeReleaseRow.system).distinct())}


def releases(uow: UnitOfWork) -> Sequence[CodeReleaseRow]:
    return uow.session.scalars(select(CodeReleaseRow).order_by(CodeReleaseRow.id)).all()


# -- code versions -------------------------------------------------------------------------------------
def open_rows(uow: UnitOfWork, system: CodeSystem, effective: date) -> dict[str, CodeRow]:
    """The newest version of each code still in force on or after ``effective``."""
    query = (
        select(CodeRow)
        .where(CodeRow.system == system.value, or_(CodeRow.valid_to.is_(None), CodeRow.valid_to >= effective))
        .order_by(CodeRow.code, CodeRow.valid_from)
    )
    return {row.code: row for row in uow.session.scalars(query)}


def stored_codes(uow: UnitOfWork, system: CodeSystem) -> set[str]:
    return set(uow.session.scalars(select(CodeRow.code).where(CodeRow.system == system.value).distinct()))


def insert_versions(uow: UnitOfWork, rows: Sequence[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        uow.session.execute(insert(CodeRow), list(chunk))


def close_versions(uow: UnitOfWork, ids: Sequence[int], valid_to: date) -> None:
    for chunk in _chunks(ids, 1000):
        uow.session.execute(update(CodeRow).where(CodeRow.id.in_(chunk)).values(valid_to=valid_to))


def delete_versions(uow: UnitOfWork, ids: Sequence[int]) -> None:
    for chunk in _chunks(ids, 1000):
        uow.session.execute(delete(CodeRow).where(CodeRow.id.in_(chunk)))


def versions_of(uow: UnitOfWork, code: str, systems: Sequence[CodeSystem]) -> list[CodeVersion]:
    query = (
        select(CodeRow)
        .where(CodeRow.code == code, CodeRow.system.in_([s.value for s in systems]))
        .order_by(CodeRow.system, CodeRow.valid_from)
    )
    return [to_version(r) for r in uow.session.scalars(query)]


def versions_for(
    uow: UnitOfWork, pairs: Iterable[tuple[CodeSystem, str]]
) -> dict[tuple[CodeSystem, str], list[CodeVersion]]:
    """Every stored version of each (system, code), oldest first."""
    wanted = set(pairs)
    found: dict[tuple[CodeSystem, str], list[CodeVersion]] = {p: [] for p in wanted}
    codes = sorted({c for _, c in wanted})
    if not codes:
        return found
    query = select(CodeRow).where(CodeRow.code.in_(codes)).order_by(CodeRow.valid_from)
    for row in uow.session.scalars(query):
        key = (CodeSystem(row.system), row.code)
        if key in found:
            found[key].append(to_version(row))
    return found


def searchable(uow: UnitOfWork, system: CodeSystem) -> list[tuple[str, str, bool]]:
    """(code, description, billable) of each code's newest version: what the search index holds."""
    query = (
        select(CodeRow.code, CodeRow.description, CodeRow.billable)
        .where(CodeRow.system == system.value)
        .order_by(CodeRow.code, CodeRow.valid_from)
    )
    newest: dict[str, tuple[str, str, bool]] = {}
    for code, description, billable in uow.session.execute(query):
        newest[code] = (code, description, bool(billable))
    return list(newest.values())


# -- coding edits --------------------------------------------------------------------------------------
def replace_ptp_edits(uow: UnitOfWork, edits: Sequence[PtpEdit], release: str, columns1: set[str]) -> None:
    """A PTP file is a full statement of its column 1 codes (with dates): replace what they had."""
    for chunk in _chunks(sorted(columns1), 1000):
        uow.session.execute(delete(PtpEditRow).where(PtpEditRow.column1.in_(chunk)))
    rows = [
        {
            "column1": e.column1,
            "column2": e.column2,
            "effective_date": e.effective_date,
            "deletion_date": e.deletion_date,
            "modifier_indicator": e.modifier_indicator.value,
            "rationale": (e.rationale or "")[:200] or None,
            "release": release,
        }
        for e in edits
    ]
    for chunk in _chunks(rows):
        uow.session.execute(insert(PtpEditRow), list(chunk))


def ptp_edits_among(uow: UnitOfWork, codes: Sequence[str]) -> list[PtpEdit]:
    if not codes:
        return []
    query = select(PtpEditRow).where(PtpEditRow.column1.in_(codes), PtpEditRow.column2.in_(codes))
    return [
        PtpEdit(
            r.column1,
            r.column2,
            r.effective_date,
            r.deletion_date,
            ModifierIndicator(r.modifier_indicator),
            r.rationale,
        )
        for r in uow.session.scalars(query)
    ]


def open_mue(uow: UnitOfWork) -> dict[str, MueEditRow]:
    query = select(MueEditRow).where(MueEditRow.valid_to.is_(None))
    return {row.code: row for row in uow.session.scalars(query)}


def insert_mue(uow: UnitOfWork, edits: Sequence[MueEdit], release: str) -> None:
    rows = [
        {
            "code": e.code,
            "max_units": e.max_units,
            "adjudication_indicator": e.adjudication_indicator,
            "rationale": (e.rationale or "")[:200] or None,
            "valid_from": e.valid_from,
            "valid_to": e.valid_to,
            "release": release,
        }
        for e in edits
    ]
    for chunk in _chunks(rows):
        uow.session.execute(insert(MueEditRow), list(chunk))


def close_mue(uow: UnitOfWork, ids: Sequence[int], valid_to: date) -> None:
    for chunk in _chunks(ids, 1000):
        uow.session.execute(update(MueEditRow).where(MueEditRow.id.in_(chunk)).values(valid_to=valid_to))


def mue_for(uow: UnitOfWork, codes: Sequence[str], on: date) -> dict[str, MueEdit]:
    if not codes:
        return {}
    query = select(MueEditRow).where(
        MueEditRow.code.in_(codes),
        MueEditRow.valid_from <= on,
        or_(MueEditRow.valid_to.is_(None), MueEditRow.valid_to >= on),
    )
    return {
        r.code: MueEdit(r.code, r.max_units, r.adjudication_indicator, r.rationale, r.valid_from, r.valid_to)
        for r in uow.session.scalars(query)
    }


def replace_dx_edits(uow: UnitOfWork, edits: Sequence[DxEdit], release: str) -> None:
    """The Medicare Code Editor in force is the newest one loaded."""
    uow.session.execute(delete(DxEditRow))
    rows = [{"code": e.code, "edit": e.kind.value, "release": release} for e in dict.fromkeys(edits)]
    for chunk in _chunks(rows):
        uow.session.execute(insert(DxEditRow), list(chunk))


def dx_edits_for(uow: UnitOfWork, codes: Sequence[str]) -> dict[str, set[DxEditKind]]:
    found: dict[str, set[DxEditKind]] = {}
    if not codes:
        return found
    for code, edit in uow.session.execute(
        select(DxEditRow.code, DxEditRow.edit).where(DxEditRow.code.in_(codes))
    ):
        found.setdefault(code, set()).add(DxEditKind(edit))
    return found
