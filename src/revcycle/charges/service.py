"""Charges use cases: capture an encounter, keep the charge master and payer contracts, import
the Medicare PFS, price a line, and ask the rendering provider a question.

Services never commit; the caller's unit of work does. Nothing is written when a rule fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert

from revcycle.charges import domain, fees, institutional, self_pay
from revcycle.charges import repository as repo
from revcycle.charges.tables import (
    ChargeLineRow,
    ChargeMasterRow,
    ContractRateRow,
    EncounterRow,
    PayerContractRow,
    PfsGpciRow,
    PfsRvuRow,
    ProviderQueryRow,
)
from revcycle.charges.values import encounter_from
from revcycle.intake.repository import repo as intake_repo
from revcycle.intake.tables import FacilityRow, PatientRow, PayerRow, ProviderRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, FieldCollector, FieldErrors, NotFound
from revcycle.kit.money import Money


def _check_references(uow: UnitOfWork, practice_id: int, values: Mapping[str, Any]) -> FacilityRow | None:
    c = FieldCollector()
    facility: FacilityRow | None = None
    checks: tuple[tuple[str, type[Any], bool], ...] = (
        ("patient_id", PatientRow, True),
        ("rendering_provider_id", ProviderRow, True),
        ("referring_provider_id", ProviderRow, False),
        ("supervising_provider_id", ProviderRow, False),
        ("attending_provider_id", ProviderRow, False),
        ("operating_provider_id", ProviderRow, False),
        ("facility_id", FacilityRow, False),
    )
    for name, row_type, required in checks:
        ident = values.get(name)
        if ident is None:
            if required:
                c.add(name, f"{name.removesuffix('_id').replace('_', ' ')} is required")
            continue
        try:
            row = intake_repo(uow, row_type, practice_id).get(ident)
        except NotFound:
            c.add(
                name, f"{name.removesuffix('_id').replace('_', ' ')} {ident} does not exist in this practice"
            )
            continue
        if name == "rendering_provider_id" and not row.is_rendering:
            c.add(name, "this provider is not set up as a rendering provider")
        if name == "referring_provider_id" and not row.is_referring:
            c.add(name, "this provider is not set up as a referring provider")
        if row_type is FacilityRow:
            facility = row
    c.raise_if_any()
    return facility


@dataclass(frozen=True)
class Prepared:
    """An encounter that passed every capture rule, with each line's charge (and whether given)."""

    encounter: domain.Encounter
    priced: list[tuple[domain.ChargeLine, Money, bool]]


def prepare_encounter(uow: UnitOfWork, *, practice_id: int, values: Mapping[str, Any]) -> Prepared:
    """Every capture rule (references, codes, pointers, dates, prices), all failures together;
    writes nothing. Capture and editing (``charges.editing``) both go through here."""
    facility = _check_references(uow, practice_id, values)
    pos = values.get("place_of_service") or (facility.place_of_service if facility else "11")
    encounter = encounter_from(values, pos)
    domain.validate_encounter(encounter, today=clock.today())
    master = repo.charge_master(uow, practice_id)
    c = FieldCollector()
    priced: list[tuple[domain.ChargeLine, Money, bool]] = []
    for i, line in enumerate(encounter.lines):
        charge = line.charge or fees.price_line(line.code, line.modifiers, line.units, master)
        if charge is None:
            c.add(f"lines.{i}.charge", f"no fee schedule entry for {line.code}; give a charge")
            continue
        priced.append((line, charge, line.charge is not None))
    c.raise_if_any()
    return Prepared(encounter, priced)


def line_columns(
    line: domain.ChargeLine, charge: Money, overridden: bool, e: domain.Encounter
) -> dict[str, Any]:
    """A priced line as ``charge_lines`` columns."""
    return {
        "code": line.code,
        "modifiers": ",".join(line.modifiers),
        "units": line.units,
        "charge": charge,
        "charge_overridden": overridden,
        "diagnosis_pointers": ",".join(str(p) for p in line.diagnosis_pointers),
        "service_date": line.service_date or e.date_of_service,
        "ndc": line.ndc,
        "ndc_quantity": line.ndc_quantity,
        "ndc_unit": line.ndc_unit if line.ndc else None,
        "revenue_code": line.revenue_code,
    }


def capture_encounter(uow: UnitOfWork, *, practice_id: int, values: Mapping[str, Any]) -> EncounterRow:
    """Validate and store an encounter with its lines, pricing each from the charge master.

    A self-pay visit (``self_pay`` true, or no coverage in force on the date of service) goes on
    the patient's receivable at once (``charges.self_pay``)."""
    prepared = prepare_encounter(uow, practice_id=practice_id, values=values)
    encounter = prepared.encounter
    row = repo.encounters(uow, practice_id).add(
        EncounterRow(practice_id=practice_id, **encounter_columns(values, encounter))
    )
    for number, (line, charge, overridden) in enumerate(prepared.priced, start=1):
        uow.session.add(
            ChargeLineRow(
                practice_id=practice_id,
                encounter_id=row.id,
                line_number=number,
                **line_columns(line, charge, overridden, encounter),
            )
        )
    uow.flush()
    if values.get("self_pay") or not self_pay.has_coverage_on(
        uow, practice_id, row.patient_id, encounter.date_of_service
    ):
        self_pay.post_charges(uow, row)
    return row


def encounter_columns(values: Mapping[str, Any], e: domain.Encounter) -> dict[str, Any]:
    """A validated encounter as ``encounters`` columns."""
    return {
        "patient_id": values["patient_id"],
        "claim_type": e.claim_type.value,
        "date_of_service": e.date_of_service,
        "date_of_service_end": e.date_of_service_end,
        "rendering_provider_id": values["rendering_provider_id"],
        "referring_provider_id": values.get("referring_provider_id"),
        "supervising_provider_id": values.get("supervising_provider_id"),
        "facility_id": values.get("facility_id"),
        "place_of_service": e.place_of_service,
        "diagnoses": ",".join(e.diagnoses),
        "prior_authorization": e.prior_authorization,
        "referral_number": e.referral_number,
        "related_causes": ",".join(r.value for r in e.related_causes),
        "accident_state": e.accident_state,
        "accident_date": e.accident_date,
        "onset_date": e.onset_date,
        "attending_provider_id": values.get("attending_provider_id"),
        "operating_provider_id": values.get("operating_provider_id"),
        **institutional.columns(e.institutional),
    }


@dataclass(frozen=True)
class EncounterView:
    encounter: EncounterRow
    lines: Sequence[ChargeLineRow]


def get_encounter(uow: UnitOfWork, *, practice_id: int, encounter_id: int) -> EncounterView:
    row = repo.encounters(uow, practice_id).get(encounter_id)
    return EncounterView(row, repo.lines_of(uow, row.id))


def list_encounters(
    uow: UnitOfWork, *, practice_id: int, status: str | None, limit: int, offset: int
) -> tuple[list[EncounterView], int]:
    rows, total = repo.encounters(uow, practice_id).page(
        filters={"status": status}, limit=limit, offset=offset
    )
    return [EncounterView(r, repo.lines_of(uow, r.id)) for r in rows], total


def mark_billed(uow: UnitOfWork, *, practice_id: int, encounter_id: int) -> None:
    repo.encounters(uow, practice_id).get(encounter_id).status = domain.EncounterStatus.BILLED.value


# -- fee schedules ---------------------------------------------------------------------------
def set_charge_master(
    uow: UnitOfWork, *, practice_id: int, entries: Iterable[Mapping[str, Any]]
) -> list[ChargeMasterRow]:
    """Add or change charge master entries (code, optional modifier, amount, description)."""
    out: list[ChargeMasterRow] = []
    c = FieldCollector()
    for i, e in enumerate(entries):
        code = str(e.get("code") or "").strip().upper()
        amount = e.get("amount")
        if not domain.PROCEDURE_CODE.fullmatch(code):
            c.add(f"entries.{i}.code", f"{code!r} is not a CPT or HCPCS code")
        if not isinstance(amount, Money) or not amount.is_positive():
            c.add(f"entries.{i}.amount", "a charge master amount must be more than 0.00")
        if c.errors:
            continue
        modifier = str(e.get("modifier") or "").upper()
        row = repo.charge_master_row(uow, practice_id, code, modifier)
        if row is None:
            row = ChargeMasterRow(practice_id=practice_id, code=code, modifier=modifier)
            uow.session.add(row)
        row.amount = amount  # type: ignore[assignment]
        row.description = e.get("description")
        out.append(row)
    c.raise_if_any()
    uow.flush()
    return out


def set_payer_contract(
    uow: UnitOfWork,
    *,
    practice_id: int,
    payer_id: int,
    basis: fees.ContractBasis,
    percent: Decimal | None = None,
    pfs_year: int | None = None,
    locality: str | None = None,
    rates: Mapping[tuple[str, str], Money] | None = None,
) -> PayerContractRow:
    """Replace the payer's contract: fixed ``rates`` per (code, modifier), or a percent of Medicare."""
    intake_repo(uow, PayerRow, practice_id).get(payer_id)
    c = FieldCollector()
    if basis is fees.ContractBasis.PERCENT_OF_MEDICARE:
        if percent is None or not Decimal(0) < percent <= Decimal(1000):
            c.add("percent", "a percent-of-Medicare contract needs a percent between 0 and 1000")
        if pfs_year is None:
            c.add("pfs_year", "say which year's Medicare fee schedule the contract follows")
        if not locality:
            c.add("locality", "say which Medicare locality (MAC-locality, like 04112-01) applies")
    elif not rates:
        c.add("rates", "a fixed contract needs at least one allowed amount")
    c.raise_if_any()
    row = repo.contract_for(uow, practice_id, payer_id)
    if row is None:
        row = PayerContractRow(practice_id=practice_id, payer_id=payer_id)
        uow.session.add(row)
    row.basis, row.percent, row.pfs_year, row.locality = basis.value, percent, pfs_year, locality
    uow.flush()
    uow.session.execute(delete(ContractRateRow).where(ContractRateRow.contract_id == row.id))
    for (code, modifier), allowed in (rates or {}).items():
        uow.session.add(ContractRateRow(contract_id=row.id, code=code, modifier=modifier, allowed=allowed))
    uow.flush()
    return row


def expected_allowed(
    uow: UnitOfWork,
    *,
    practice_id: int,
    payer_id: int,
    code: str,
    modifier: str = "",
    place_of_service: str = "11",
) -> Money | None:
    """What the payer's contract allows for one unit of ``code``; ``None`` when it does not say."""
    contract = repo.contract_for(uow, practice_id, payer_id)
    if contract is None:
        return None
    if contract.basis == fees.ContractBasis.FIXED:
        rates = repo.contract_rates(uow, contract.id)
        return rates.get((code, modifier)) or rates.get((code, ""))
    assert contract.pfs_year is not None and contract.locality and contract.percent is not None
    rvu = repo.rvu(uow, contract.pfs_year, code, modifier) or repo.rvu(uow, contract.pfs_year, code, "")
    gpci = repo.gpci(uow, contract.pfs_year, contract.locality)
    if rvu is None or gpci is None:
        return None
    medicare = fees.medicare_allowed(rvu, gpci, facility=fees.is_facility(place_of_service))
    return fees.percent_of(medicare, contract.percent)


def import_pfs(
    uow: UnitOfWork,
    *,
    year: int,
    rvu_lines: Iterable[str],
    gpci_lines: Iterable[str],
    codes: frozenset[str] | None = None,
) -> tuple[int, int]:
    """Load a year's PFS RVUs and GPCIs (replacing that year); ``codes`` limits which codes load."""
    rvus = [r for r in fees.read_rvu_file(rvu_lines) if codes is None or r.code in codes]
    gpcis = list(fees.read_gpci_file(gpci_lines))
    if not rvus or not gpcis:
        raise FieldErrors.single("file", "the PFS files held no RVU or no GPCI rows")
    uow.session.execute(delete(PfsRvuRow).where(PfsRvuRow.year == year))
    uow.session.execute(delete(PfsGpciRow).where(PfsGpciRow.year == year))
    unique = {(r.code, r.modifier): r for r in rvus}
    uow.session.execute(
        insert(PfsRvuRow),
        [
            {
                "year": year,
                "code": r.code,
                "modifier": r.modifier,
                "status": r.status[:1],
                "work": r.work,
                "pe_non_facility": r.pe_non_facility,
                "pe_facility": r.pe_facility,
                "malpractice": r.malpractice,
                "conversion_factor": r.conversion_factor,
            }
            for r in unique.values()
        ],
    )
    by_key = {g.key: g for g in gpcis}
    uow.session.execute(
        insert(PfsGpciRow),
        [
            {
                "year": year,
                "locality_key": g.key,
                "state": g.state,
                "name": g.name[:80],
                "work": g.work,
                "pe": g.pe,
                "malpractice": g.malpractice,
            }
            for g in by_key.values()
        ],
    )
    uow.flush()
    return len(unique), len(by_key)


# -- provider queries ------------------------------------------------------------------------
def ask_provider(
    uow: UnitOfWork, *, practice_id: int, encounter_id: int, question: str, asked_by: str
) -> ProviderQueryRow:
    """Ask the encounter's rendering provider a question; its claims wait until it is answered."""
    encounter = repo.encounters(uow, practice_id).get(encounter_id)
    if not question.strip():
        raise FieldErrors.single("question", "the question is empty")
    return repo.queries(uow, practice_id).add(
        ProviderQueryRow(
            practice_id=practice_id,
            encounter_id=encounter.id,
            provider_id=encounter.rendering_provider_id,
            question=question.strip(),
            asked_by=asked_by,
            asked_at=clock.now(),
        )
    )


def answer_query(uow: UnitOfWork, *, practice_id: int, query_id: int, answer: str) -> ProviderQueryRow:
    row = repo.queries(uow, practice_id).get(query_id)
    if row.answered_at is not None:
        raise Conflict(f"provider query {query_id} is already answered")
    if not answer.strip():
        raise FieldErrors.single("answer", "the answer is empty")
    row.answer, row.answered_at = answer.strip(), clock.now()
    uow.flush()
    return row


def open_queries(
    uow: UnitOfWork, *, practice_id: int, encounter_id: int | None = None
) -> list[ProviderQueryRow]:
    rows = repo.queries(uow, practice_id).find(**({"encounter_id": encounter_id} if encounter_id else {}))
    return [r for r in rows if r.answered_at is None]


def dates_of(view: EncounterView) -> tuple[date, date]:
    e = view.encounter
    return e.date_of_service, e.date_of_service_end or e.date_of_service
