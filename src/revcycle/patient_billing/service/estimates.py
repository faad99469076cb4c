"""Estimates for planned services: allowed amounts from charges, the patient's share from the
latest benefit snapshot of the primary coverage (or self-pay when there is none in force)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from revcycle.charges import service as charges
from revcycle.charges.domain import ICD10_CM, PROCEDURE_CODE, normalise_diagnosis
from revcycle.charges.repository import charge_master_row
from revcycle.eligibility import service as eligibility
from revcycle.eligibility.domain import BenefitSnapshot
from revcycle.intake.repository import practice_repo, repo
from revcycle.intake.tables import CoverageRow, PatientRow
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import FieldCollector, FieldErrors, NotFound
from revcycle.patient_billing.domain.estimates import Benefits, Estimate, PlannedService, estimate
from revcycle.patient_billing.domain.gfe import GfeItem, GoodFaithEstimate, make_gfe


@dataclass(frozen=True)
class PatientEstimate:
    patient_id: int
    service_date: date
    coverage: CoverageRow | None
    snapshot: BenefitSnapshot | None
    estimate: Estimate


def benefits_of(snapshot: BenefitSnapshot, service_types: Sequence[str]) -> Benefits:
    copays = {t: c for t in service_types if (c := snapshot.copay_for(t)) is not None}
    return Benefits(
        deductible_remaining=snapshot.deductible_remaining(),
        out_of_pocket_remaining=snapshot.out_of_pocket_remaining(),
        coinsurance=snapshot.coinsurance_for("30"),
        copays=copays,
    )


def parse_codes(codes: Sequence[str]) -> list[str]:
    cleaned = [c.strip().upper() for c in codes if c.strip()]
    c = FieldCollector()
    if not cleaned:
        c.add("codes", "name at least one procedure code")
    for i, code in enumerate(cleaned):
        if not PROCEDURE_CODE.fullmatch(code):
            c.add(f"codes.{i}", f"{code!r} is not a CPT or HCPCS code")
    c.raise_if_any()
    return cleaned


def estimate_for_patient(
    uow: UnitOfWork, *, practice_id: int, patient_id: int, codes: Sequence[str], on: date
) -> PatientEstimate:
    """The estimate for ``codes`` on ``on``. Every code needs a charge master price (named when not)."""
    try:
        repo(uow, PatientRow, practice_id).get(patient_id)
    except NotFound:
        raise FieldErrors.single(
            "patient_id", f"patient {patient_id} does not exist in this practice"
        ) from None
    wanted = parse_codes(codes)
    coverage = eligibility.primary_coverage(uow, practice_id, patient_id, on)
    c = FieldCollector()
    services: list[PlannedService] = []
    for i, code in enumerate(wanted):
        price = charge_master_row(uow, practice_id, code, "")
        if price is None:
            c.add(f"codes.{i}", f"{code} has no price in the charge master")
            continue
        allowed = price.amount
        if coverage is not None:
            contracted = charges.expected_allowed(
                uow, practice_id=practice_id, payer_id=coverage.payer_id, code=code
            )
            allowed = contracted if contracted is not None else price.amount
        services.append(PlannedService(code, price.amount, allowed, description=price.description or ""))
    c.raise_if_any()
    snapshot = None
    if coverage is not None:
        latest = eligibility.latest_snapshot(uow, practice_id=practice_id, coverage_id=coverage.id)
        snapshot = latest.snapshot if latest else None
    if coverage is None or (snapshot is not None and not snapshot.is_active):
        result = estimate(services, None)
    elif snapshot is None:
        result = estimate(services, Benefits())
        result = Estimate(
            result.lines,
            False,
            ("no eligibility check on file: run one for a better estimate", *result.assumptions),
        )
    else:
        result = estimate(services, benefits_of(snapshot, [s.service_type for s in services]))
    return PatientEstimate(patient_id, on, coverage, snapshot, result)


def estimate_json(found: PatientEstimate) -> dict[str, object]:
    e = found.estimate
    return {
        "patient_id": found.patient_id,
        "service_date": found.service_date.isoformat(),
        "coverage_id": found.coverage.id if found.coverage else None,
        "self_pay": e.self_pay,
        "lines": [
            {
                "code": line.service.code,
                "description": line.service.description,
                "charge": str(line.service.charge),
                "allowed": str(line.allowed),
                "deductible": str(line.deductible),
                "copay": str(line.copay),
                "coinsurance": str(line.coinsurance),
                "capped_by_out_of_pocket": str(line.capped),
                "patient": str(line.patient),
                "insurance": str(line.insurance),
            }
            for line in e.lines
        ],
        "total_charge": str(e.total_charge),
        "total_allowed": str(e.total_allowed),
        "patient_total": str(e.patient_total),
        "insurance_total": str(e.insurance_total),
        "assumptions": list(e.assumptions),
    }


def good_faith_estimate(
    uow: UnitOfWork,
    *,
    practice_id: int,
    patient_id: int,
    codes: Sequence[str],
    on: date,
    issued_on: date,
    diagnosis_codes: Sequence[str] = (),
) -> GoodFaithEstimate:
    """The Good Faith Estimate for a self-pay patient: the practice's expected charges (its prices)
    for ``codes``, convened by the practice (billing NPI and TIN). A patient whose coverage is in
    force gets a 422 naming ``patient_id``: the GFE is for self-pay and uninsured patients."""
    found = estimate_for_patient(uow, practice_id=practice_id, patient_id=patient_id, codes=codes, on=on)
    if not found.estimate.self_pay:
        raise FieldErrors.single(
            "patient_id", "the patient has coverage in force: a Good Faith Estimate is for self-pay patients"
        )
    c = FieldCollector()
    diagnoses = []
    for i, code in enumerate(d for d in diagnosis_codes if d.strip()):
        normal = normalise_diagnosis(code.strip())
        if not ICD10_CM.fullmatch(normal):
            c.add(f"diagnosis_codes.{i}", f"{code!r} is not an ICD-10-CM code")
        diagnoses.append(normal)
    c.raise_if_any()
    patient = repo(uow, PatientRow, practice_id).get(patient_id)
    practice = practice_repo(uow).get(practice_id)
    address = ", ".join(p for p in (practice.address_line1, practice.city, practice.state, practice.zip) if p)
    counts: dict[str, int] = {}
    for line in found.estimate.lines:
        counts[line.service.code] = counts.get(line.service.code, 0) + 1
    seen: dict[str, GfeItem] = {}
    for line in found.estimate.lines:
        code = line.service.code
        if code not in seen:
            seen[code] = GfeItem(
                code, line.service.description, counts[code], line.service.charge.times(counts[code])
            )
    return make_gfe(
        patient_name=f"{patient.first_name} {patient.last_name}",
        patient_birth_date=patient.date_of_birth,
        provider=(practice.name, address, practice.billing_npi or "", practice.tin or ""),
        scheduled_on=on,
        issued_on=issued_on,
        items=list(seen.values()),
        diagnosis_codes=diagnoses,
    )
