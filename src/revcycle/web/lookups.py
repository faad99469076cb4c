"""Names the pages show next to ids: payers and providers of the practice (small, read-only)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from revcycle.codes.domain import CodeSystem
from revcycle.codes.service import lookup_code
from revcycle.intake import service as intake
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import FieldErrors, NotFound


def payer_names(uow: UnitOfWork, practice_id: int) -> dict[int, str]:
    rows = intake.list_page(uow, intake.PAYER, practice_id=practice_id, filters={}, limit=500, offset=0)[0]
    return {r.id: r.name for r in rows}


def provider_names(uow: UnitOfWork, practice_id: int) -> dict[int, str]:
    rows = intake.list_page(uow, intake.PROVIDER, practice_id=practice_id, filters={}, limit=500, offset=0)[0]
    return {
        r.id: r.organization_name or " ".join(p for p in (r.first_name, r.last_name, r.credentials) if p)
        for r in rows
    }


def describe(uow: UnitOfWork, codes: Iterable[str], on: date) -> dict[str, str]:
    """Each code's description as of ``on``, or a plain note when the loaded code sets lack it."""
    found: dict[str, str] = {}
    for code in codes:
        try:
            found[code] = lookup_code(uow, code, on=on).version.description
        except (NotFound, FieldErrors):
            found[code] = "(not in the loaded code sets)"
    return found


def describe_in(uow: UnitOfWork, system: CodeSystem, codes: Iterable[str], on: date) -> dict[str, str]:
    """Like :func:`describe`, within one code system (CARC, RARC)."""
    found: dict[str, str] = {}
    for code in codes:
        try:
            found[code] = lookup_code(uow, code, system=system, on=on).version.description
        except (NotFound, FieldErrors):
            found[code] = "(not in the loaded code sets)"
    return found
