"""Code sets over HTTP: lookup, search, and the coding check of an encounter."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from revcycle.api.deps import CurrentScope, Uow
from revcycle.codes import schemas, service
from revcycle.codes.domain import CodeSystem
from revcycle.codes.rules.model import ServiceLine

router = APIRouter(prefix="/codes", tags=["codes"])


def _system(text: str | None) -> CodeSystem | None:
    return CodeSystem.parse(text) if text else None


@router.get("/search", response_model=list[schemas.SearchHitOut], summary="Search codes")
def search(
    uow: Uow,
    scope: CurrentScope,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    system: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> Any:
    """Exact code and code prefix first, then words; abbreviations (HTN, DM2...) and typos tolerated."""
    chosen = _system(system)
    hits = service.search_codes(uow, q, systems=[chosen] if chosen else None, limit=limit)
    return [
        schemas.SearchHitOut(
            system=h.entry.system.value,
            code=h.entry.display,
            description=h.entry.description,
            billable=h.entry.billable,
            score=h.score,
            match=h.match,
        )
        for h in hits
    ]


@router.post("/check", response_model=schemas.CodingCheckOut, summary="Check an encounter's codes")
def check(body: schemas.CodingCheckIn, uow: Uow, scope: CurrentScope) -> Any:
    """Run the coding edits on diagnoses and procedures; each finding says how to fix it."""
    default_pointers = tuple(range(1, min(len(body.diagnoses), 4) + 1))
    request = service.CheckRequest(
        diagnoses=body.diagnoses,
        procedures=[
            ServiceLine(
                p.code,
                tuple(p.modifiers),
                p.units,
                tuple(p.dx_pointers) if p.dx_pointers is not None else default_pointers,
            )
            for p in body.procedures
        ],
        date_of_service=body.date_of_service,
        sex=body.sex,
        date_of_birth=body.date_of_birth,
    )
    result = service.check_codes(uow, request)
    return schemas.CodingCheckOut(
        date_of_service=result.date_of_service,
        clean=result.clean,
        findings=[
            schemas.FindingOut(
                rule_id=f.rule_id,
                severity=f.severity.value,
                message=f.message,
                field=f.field,
                suggestion=f.suggestion,
            )
            for f in result.findings
        ],
    )


@router.get("/{code}", response_model=schemas.CodeOut, summary="Look up a code on a date of service")
def lookup(
    code: str, uow: Uow, scope: CurrentScope, system: str | None = None, on: date | None = None
) -> Any:
    """The code's version in force on ``on`` (default today), or its nearest version with ``valid`` false."""
    return service.lookup_code(uow, code, system=_system(system), on=on).as_dict()
