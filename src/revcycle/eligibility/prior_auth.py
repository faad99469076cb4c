"""Prior authorization use cases: the codes each payer authorizes in advance, authorizations as the
payer gave them, the charge lines they are used for, and the gaps the claims scrubber warns about."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select

from revcycle.charges.tables import ChargeLineRow, EncounterRow
from revcycle.claims.tables import ClaimLineRow, ClaimRow
from revcycle.eligibility.authorizations import Authorization, LineToCheck, gaps, validate
from revcycle.eligibility.tables import (
    AuthorizationRequirementRow,
    PriorAuthorizationChargeRow,
    PriorAuthorizationRow,
)
from revcycle.intake.repository import repo
from revcycle.intake.tables import CoverageRow, PatientRow, PayerRow
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, FieldErrors, NotFound
from revcycle.patient_billing.service.estimates import parse_codes


def set_required_codes(
    uow: UnitOfWork, *, practice_id: int, payer_id: int, codes: Sequence[str]
) -> list[str]:
    """Replace the payer's list of codes that need a prior authorization."""
    try:
        repo(uow, PayerRow, practice_id).get(payer_id)
    except NotFound:
        raise FieldErrors.single("payer_id", f"payer {payer_id} does not exist in this practice") from None
    cleaned = list(dict.fromkeys(parse_codes(codes))) if codes else []
    uow.session.execute(
        delete(AuthorizationRequirementRow).where(
            AuthorizationRequirementRow.practice_id == practice_id,
            AuthorizationRequirementRow.payer_id == payer_id,
        )
    )
    for code in cleaned:
        uow.session.add(AuthorizationRequirementRow(practice_id=practice_id, payer_id=payer_id, code=code))
    uow.flush()
    return cleaned


def required_codes(uow: UnitOfWork, practice_id: int, payer_id: int) -> frozenset[str]:
    return frozenset(
        uow.session.scalars(
            select(AuthorizationRequirementRow.code).where(
                AuthorizationRequirementRow.practice_id == practice_id,
                AuthorizationRequirementRow.payer_id == payer_id,
            )
        )
    )


def record_authorization(
    uow: UnitOfWork,
    *,
    practice_id: int,
    coverage_id: int,
    number: str,
    codes: Sequence[str],
    valid_from: date,
    valid_to: date,
    authorized_units: int | None = None,
) -> PriorAuthorizationRow:
    """Record an approved authorization the payer gave for a patient's coverage."""
    validate(
        number=number,
        codes=codes,
        valid_from=valid_from,
        valid_to=valid_to,
        authorized_units=authorized_units,
    )
    cleaned = parse_codes(codes)
    try:
        coverage = repo(uow, CoverageRow, practice_id).get(coverage_id)
    except NotFound:
        raise FieldErrors.single(
            "coverage_id", f"coverage {coverage_id} does not exist in this practice"
        ) from None
    row = PriorAuthorizationRow(
        practice_id=practice_id,
        patient_id=coverage.patient_id,
        coverage_id=coverage.id,
        codes=",".join(dict.fromkeys(cleaned)),
        required=True,
        number=number.strip(),
        valid_from=valid_from,
        valid_to=valid_to,
        authorized_units=authorized_units,
        status="approved",
    )
    uow.session.add(row)
    uow.flush()
    return row


def get_authorization(uow: UnitOfWork, *, practice_id: int, authorization_id: int) -> PriorAuthorizationRow:
    row = uow.session.get(PriorAuthorizationRow, authorization_id)
    if row is None or row.practice_id != practice_id:
        raise NotFound("prior authorization", authorization_id)
    return row


def units_used(uow: UnitOfWork, authorization_id: int) -> int:
    return int(
        uow.session.scalar(
            select(func.coalesce(func.sum(PriorAuthorizationChargeRow.units), 0)).where(
                PriorAuthorizationChargeRow.authorization_id == authorization_id
            )
        )
        or 0
    )


def link_charge_line(
    uow: UnitOfWork, *, practice_id: int, authorization_id: int, charge_line_id: int
) -> PriorAuthorizationChargeRow:
    """Use the authorization for a charge line of the same patient (its units count as used)."""
    auth = get_authorization(uow, practice_id=practice_id, authorization_id=authorization_id)
    found = uow.session.execute(
        select(ChargeLineRow, EncounterRow)
        .join(EncounterRow, EncounterRow.id == ChargeLineRow.encounter_id)
        .where(ChargeLineRow.id == charge_line_id, ChargeLineRow.practice_id == practice_id)
    ).first()
    if found is None or found[1].patient_id != auth.patient_id:
        raise FieldErrors.single("charge_line_id", f"charge line {charge_line_id} is not this patient's")
    line = found[0]
    if line.code not in auth.codes.split(","):
        raise FieldErrors.single("charge_line_id", f"{line.code} is not a code this authorization covers")
    exists = uow.session.scalars(
        select(PriorAuthorizationChargeRow).where(
            PriorAuthorizationChargeRow.authorization_id == auth.id,
            PriorAuthorizationChargeRow.charge_line_id == charge_line_id,
        )
    ).first()
    if exists is not None:
        raise Conflict(f"charge line {charge_line_id} is already linked to this authorization")
    row = PriorAuthorizationChargeRow(
        authorization_id=auth.id, charge_line_id=charge_line_id, units=max(1, int(line.units))
    )
    uow.session.add(row)
    uow.flush()
    return row


def _domain(uow: UnitOfWork, row: PriorAuthorizationRow) -> Authorization:
    return Authorization(
        number=row.number or "",
        codes=frozenset(row.codes.split(",")),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        authorized_units=row.authorized_units,
        units_used=units_used(uow, row.id),
    )


def authorizations_of(uow: UnitOfWork, practice_id: int, coverage_id: int) -> list[Authorization]:
    rows = uow.session.scalars(
        select(PriorAuthorizationRow).where(
            PriorAuthorizationRow.practice_id == practice_id,
            PriorAuthorizationRow.coverage_id == coverage_id,
            PriorAuthorizationRow.status == "approved",
        )
    ).all()
    return [_domain(uow, r) for r in rows]


@dataclass(frozen=True)
class LinkedLine:
    """A charge line an authorization is used for, and the units it uses."""

    charge_line_id: int
    code: str
    service_date: date
    units: int


@dataclass(frozen=True)
class AuthorizationView:
    row: PriorAuthorizationRow
    authorization: Authorization
    payer_id: int
    charge_lines: tuple[LinkedLine, ...] = ()


def linked_lines(uow: UnitOfWork, authorization_id: int) -> list[LinkedLine]:
    found = uow.session.execute(
        select(PriorAuthorizationChargeRow, ChargeLineRow)
        .join(ChargeLineRow, ChargeLineRow.id == PriorAuthorizationChargeRow.charge_line_id)
        .where(PriorAuthorizationChargeRow.authorization_id == authorization_id)
        .order_by(PriorAuthorizationChargeRow.id)
    ).all()
    return [LinkedLine(line.id, line.code, line.service_date, link.units) for link, line in found]


def _view(uow: UnitOfWork, row: PriorAuthorizationRow) -> AuthorizationView:
    coverage = uow.session.get(CoverageRow, row.coverage_id)
    assert coverage is not None  # a foreign key
    return AuthorizationView(row, _domain(uow, row), coverage.payer_id, tuple(linked_lines(uow, row.id)))


def show_authorization(uow: UnitOfWork, *, practice_id: int, authorization_id: int) -> AuthorizationView:
    row = get_authorization(uow, practice_id=practice_id, authorization_id=authorization_id)
    return _view(uow, row)


def authorizations_of_patient(
    uow: UnitOfWork, *, practice_id: int, patient_id: int
) -> list[AuthorizationView]:
    """Every authorization on file for a patient of the practice, newest valid period first."""
    repo(uow, PatientRow, practice_id).get(patient_id)
    rows = uow.session.scalars(
        select(PriorAuthorizationRow)
        .where(
            PriorAuthorizationRow.practice_id == practice_id, PriorAuthorizationRow.patient_id == patient_id
        )
        .order_by(PriorAuthorizationRow.valid_from.desc(), PriorAuthorizationRow.id.desc())
    ).all()
    return [_view(uow, r) for r in rows]


def authorization_json(view: AuthorizationView) -> dict[str, Any]:
    """The API's and the CLI's shape of an authorization (dates ISO, units as integers)."""
    row, auth = view.row, view.authorization
    return {
        "id": row.id,
        "patient_id": row.patient_id,
        "coverage_id": row.coverage_id,
        "payer_id": view.payer_id,
        "number": row.number,
        "codes": row.codes.split(","),
        "status": row.status,
        "valid_from": row.valid_from.isoformat() if row.valid_from else None,
        "valid_to": row.valid_to.isoformat() if row.valid_to else None,
        "authorized_units": row.authorized_units,
        "units_used": auth.units_used,
        "units_left": auth.units_left(),
        "charge_lines": [
            {
                "charge_line_id": line.charge_line_id,
                "code": line.code,
                "service_date": line.service_date.isoformat(),
                "units": line.units,
            }
            for line in view.charge_lines
        ],
    }


def claim_gaps(uow: UnitOfWork, *, practice_id: int, claim_id: int) -> dict[int, str]:
    """What the scrubber's ``ScrubContext.authorization_gaps`` holds for a claim."""
    claim = uow.session.get(ClaimRow, claim_id)
    if claim is None or claim.practice_id != practice_id:
        raise NotFound("claim", claim_id)
    needs = required_codes(uow, practice_id, claim.payer_id)
    if not needs:
        return {}
    rows = uow.session.scalars(select(ClaimLineRow).where(ClaimLineRow.claim_id == claim_id)).all()
    linked = set(
        uow.session.scalars(
            select(PriorAuthorizationChargeRow.charge_line_id).where(
                PriorAuthorizationChargeRow.charge_line_id.in_(
                    [r.charge_line_id for r in rows if r.charge_line_id]
                )
            )
        )
    )
    lines = [
        LineToCheck(r.line_number, r.code, r.service_date, max(1, int(r.units)), r.charge_line_id in linked)
        for r in rows
    ]
    return gaps(lines, needs, authorizations_of(uow, practice_id, claim.coverage_id))
