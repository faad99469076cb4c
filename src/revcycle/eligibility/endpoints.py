"""Eligibility over HTTP: check a coverage now (270/271), its latest benefit snapshot, a day's checks;
prior authorizations (recorded, listed per patient, used for charge lines) and the codes each payer
authorizes in advance.

Benefit snapshots and authorizations are PHI: every answer is audited; an id of another practice is
not found (404). The real-time clearinghouse is the app's ``state.realtime`` when set (tests,
embedding), else ``REVCYCLE_REALTIME_URL``.
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
from revcycle.eligibility import prior_auth, service
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


# -- prior authorizations ---------------------------------------------------------------------------
PayerReader = Annotated[Scope, require("payers:read")]
PayerWriter = Annotated[Scope, require("payers:write")]


class AuthorizationIn(BaseModel):
    coverage_id: int = Field(description="The patient's coverage with the payer that authorized.")
    number: str = Field(description="The payer's authorization number.")
    codes: list[str] = Field(description="Procedure codes the authorization covers.")
    valid_from: date
    valid_to: date
    authorized_units: int | None = Field(None, description="Units the payer authorized; null: no limit.")


class LinkIn(BaseModel):
    charge_line_id: int = Field(description="A charge line of the same patient with a covered code.")


class LinkedLineOut(BaseModel):
    charge_line_id: int
    code: str
    service_date: date
    units: int


class AuthorizationOut(BaseModel):
    id: int
    patient_id: int
    coverage_id: int
    payer_id: int
    number: str | None
    codes: list[str]
    status: str
    valid_from: date | None
    valid_to: date | None
    authorized_units: int | None
    units_used: int
    units_left: int | None
    """``None``: no unit limit; negative: more units used than authorized."""
    charge_lines: list[LinkedLineOut]

    @classmethod
    def of(cls, view: prior_auth.AuthorizationView) -> AuthorizationOut:
        return cls.model_validate(prior_auth.authorization_json(view))


class RequiredCodesIn(BaseModel):
    codes: list[str] = Field(description="Every code the payer authorizes in advance (replaces the list).")


class RequiredCodesOut(BaseModel):
    payer_id: int
    codes: list[str]


@router.post(
    "/authorizations",
    response_model=AuthorizationOut,
    status_code=201,
    summary="Record a prior authorization the payer approved for a patient's coverage",
)
def record_authorization(body: AuthorizationIn, uow: Uow, scope: Checker) -> Any:
    row = prior_auth.record_authorization(
        uow,
        practice_id=scope.practice_id,
        coverage_id=body.coverage_id,
        number=body.number,
        codes=body.codes,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
        authorized_units=body.authorized_units,
    )
    record_access(uow, scope, AuditAction.CREATE, "prior_authorization", row.id, row.patient_id)
    return AuthorizationOut.of(
        prior_auth.show_authorization(uow, practice_id=scope.practice_id, authorization_id=row.id)
    )


@router.get(
    "/patients/{patient_id}/authorizations",
    response_model=list[AuthorizationOut],
    summary="A patient's prior authorizations with the units used",
)
def patient_authorizations(patient_id: int, uow: Uow, scope: Reader) -> Any:
    views = prior_auth.authorizations_of_patient(uow, practice_id=scope.practice_id, patient_id=patient_id)
    record_access(uow, scope, AuditAction.READ, "prior_authorization", None, patient_id, detail="list")
    return [AuthorizationOut.of(v) for v in views]


@router.get(
    "/authorizations/{authorization_id}",
    response_model=AuthorizationOut,
    summary="A prior authorization: codes, valid dates, units authorized and used, charge lines",
)
def show_authorization(authorization_id: int, uow: Uow, scope: Reader) -> Any:
    view = prior_auth.show_authorization(
        uow, practice_id=scope.practice_id, authorization_id=authorization_id
    )
    record_access(uow, scope, AuditAction.READ, "prior_authorization", view.row.id, view.row.patient_id)
    return AuthorizationOut.of(view)


@router.post(
    "/authorizations/{authorization_id}/charge-lines",
    response_model=AuthorizationOut,
    status_code=201,
    summary="Use the authorization for a charge line (its units count as used)",
)
def link_charge_line(authorization_id: int, body: LinkIn, uow: Uow, scope: Checker) -> Any:
    prior_auth.link_charge_line(
        uow,
        practice_id=scope.practice_id,
        authorization_id=authorization_id,
        charge_line_id=body.charge_line_id,
    )
    view = prior_auth.show_authorization(
        uow, practice_id=scope.practice_id, authorization_id=authorization_id
    )
    record_access(
        uow,
        scope,
        AuditAction.UPDATE,
        "prior_authorization",
        view.row.id,
        view.row.patient_id,
        detail="charge line linked",
    )
    return AuthorizationOut.of(view)


@router.get(
    "/payers/{payer_id}/authorization-codes",
    response_model=RequiredCodesOut,
    summary="The procedure codes a payer authorizes in advance",
)
def required_codes(payer_id: int, uow: Uow, scope: PayerReader) -> Any:
    intake.get(uow, intake.PAYER, practice_id=scope.practice_id, ident=payer_id)
    codes = prior_auth.required_codes(uow, scope.practice_id, payer_id)
    return RequiredCodesOut(payer_id=payer_id, codes=sorted(codes))


@router.put(
    "/payers/{payer_id}/authorization-codes",
    response_model=RequiredCodesOut,
    summary="Replace the list of procedure codes a payer authorizes in advance",
)
def set_required_codes(payer_id: int, body: RequiredCodesIn, uow: Uow, scope: PayerWriter) -> Any:
    intake.get(uow, intake.PAYER, practice_id=scope.practice_id, ident=payer_id)
    codes = prior_auth.set_required_codes(
        uow, practice_id=scope.practice_id, payer_id=payer_id, codes=body.codes
    )
    return RequiredCodesOut(payer_id=payer_id, codes=sorted(codes))
