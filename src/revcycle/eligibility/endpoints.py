"""Eligibility over HTTP: check a coverage now (270/271), its latest benefit snapshot, a day's checks.

Benefit snapshots are PHI: every answer is audited. The real-time clearinghouse is the app's
``state.realtime`` when set (tests, embedding), else ``REVCYCLE_REALTIME_URL``.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from revcycle.api.deps import Scope, Uow, require
from revcycle.clearinghouse.port import RealtimeClearinghouse
from revcycle.clearinghouse.realtime_http import HttpRealtimeClearinghouse
from revcycle.eligibility import service
from revcycle.eligibility.service import CheckResult
from revcycle.intake import service as intake
from revcycle.kit.errors import Conflict
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access

router = APIRouter(prefix="/eligibility", tags=["eligibility"])

Reader = Annotated[Scope, require("coverages:read")]
Checker = Annotated[Scope, require("coverages:write")]


class CheckIn(BaseModel):
    on: date = Field(description="Date of service asked about.")
    codes: list[str] = Field(default_factory=list, description="Planned procedure codes (service types).")


class CheckOut(BaseModel):
    check_id: int
    coverage_id: int
    patient_id: int
    service_date: date
    status: str
    """``answered``, ``failed`` or ``sent``."""
    error: str | None = None
    snapshot: dict[str, Any] | None = None
    changes: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, result: CheckResult) -> CheckOut:
        row = result.check
        return cls(
            check_id=row.id,
            coverage_id=row.coverage_id,
            patient_id=row.patient_id,
            service_date=row.service_date,
            status=row.status,
            error=row.error,
            snapshot=result.snapshot.to_json() if result.snapshot else None,
            changes=[f"{c.what}: {c.before} -> {c.after}" for c in result.changes],
        )


class DayCheckOut(BaseModel):
    patient_id: int
    self_pay: bool
    check: CheckOut | None = None


def _realtime(request: Request) -> RealtimeClearinghouse:
    configured: RealtimeClearinghouse | None = getattr(request.app.state, "realtime", None)
    if configured is not None:
        return configured
    url = os.environ.get("REVCYCLE_REALTIME_URL", "")
    if not url:
        raise Conflict("no real-time clearinghouse is configured (set REVCYCLE_REALTIME_URL)")
    return HttpRealtimeClearinghouse(url)


@router.post(
    "/coverages/{coverage_id}/checks",
    response_model=CheckOut,
    status_code=201,
    summary="Ask the payer now whether a coverage is active and what the patient owes (270/271)",
)
def check(coverage_id: int, body: CheckIn, request: Request, uow: Uow, scope: Checker) -> Any:
    intake.get(uow, intake.COVERAGE, practice_id=scope.practice_id, ident=coverage_id)
    result = service.check_coverage(
        uow,
        practice_id=scope.practice_id,
        coverage_id=coverage_id,
        on=body.on,
        codes=body.codes,
        clearinghouse=_realtime(request),
    )
    record_access(
        uow, scope, AuditAction.CREATE, "eligibility_check", result.check.id, result.check.patient_id
    )
    return CheckOut.of(result)


@router.get(
    "/coverages/{coverage_id}/latest",
    response_model=CheckOut,
    summary="The newest answered eligibility check of a coverage",
)
def latest(coverage_id: int, uow: Uow, scope: Reader, on: date | None = None) -> Any:
    coverage = intake.get(uow, intake.COVERAGE, practice_id=scope.practice_id, ident=coverage_id)
    found = service.latest_snapshot(uow, practice_id=scope.practice_id, coverage_id=coverage_id, on=on)
    if found is None:
        raise HTTPException(404, "this coverage has no answered eligibility check")
    record_access(uow, scope, AuditAction.READ, "eligibility_check", found.check.id, coverage.patient_id)
    return CheckOut.of(found)


@router.post(
    "/days/{day}/checks",
    response_model=list[DayCheckOut],
    summary="Check every patient with an appointment or encounter on a day",
)
def check_day(day: date, request: Request, uow: Uow, scope: Checker) -> Any:
    found = service.check_day(uow, practice_id=scope.practice_id, on=day, clearinghouse=_realtime(request))
    out = []
    for item in found:
        if item.result is not None:
            record_access(
                uow, scope, AuditAction.CREATE, "eligibility_check", item.result.check.id, item.patient_id
            )
        out.append(
            DayCheckOut(
                patient_id=item.patient_id,
                self_pay=item.result is None,
                check=CheckOut.of(item.result) if item.result else None,
            )
        )
    return out
