"""Intake use cases: create, change, read and list the practice's people and organisations.

Every function takes the unit of work and the caller's ``practice_id``; objects of another
practice are not found. Values arrive as plain dicts (an API body, a CSV row, demo data); the
whole object is validated after merging a change, and nothing is written when a rule fails.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select

from revcycle.intake import domain, repository
from revcycle.intake.repository import coverage_spans, practice_repo, repo
from revcycle.intake.tables import (
    CoverageRow,
    FacilityRow,
    GuarantorRow,
    PatientRow,
    PayerRow,
    PracticeRow,
    ProviderRow,
    member_id_lookups,
)
from revcycle.kit.clock import clock
from revcycle.kit.db import Base, UnitOfWork
from revcycle.kit.errors import FieldCollector, FieldErrors, NotFound
from revcycle.kit.ids import NPI, TIN, Phone, StateCode, ZipCode

Values = dict[str, Any]
Validator = Callable[[UnitOfWork, int, Values], None]

_ADDRESS_COLUMNS = {
    "line1": "address_line1",
    "line2": "address_line2",
    "city": "city",
    "state": "state",
    "zip": "zip",
}
_SUBSCRIBER_COLUMNS = {
    "first_name": "subscriber_first_name",
    "last_name": "subscriber_last_name",
    "date_of_birth": "subscriber_date_of_birth",
    "sex": "subscriber_sex",
}


def _flatten(values: Mapping[str, Any]) -> Values:
    """Nested API objects (address, subscriber) become the row's flat columns."""
    flat = {k: v for k, v in values.items() if k not in ("address", "subscriber")}
    if "address" in values:
        address = values["address"] or {}
        flat.update({col: address.get(key) for key, col in _ADDRESS_COLUMNS.items()})
    if "subscriber" in values:
        subscriber = values["subscriber"] or {}
        flat.update({col: subscriber.get(key) for key, col in _SUBSCRIBER_COLUMNS.items()})
    return flat


def _normalise(flat: Values) -> Values:
    """Store identifiers in one canonical form (digits only, upper-case state)."""
    for column, parse in (
        ("tin", TIN.parse),
        ("phone", Phone.parse),
        ("zip", ZipCode.parse),
        ("state", StateCode.parse),
    ):
        if flat.get(column):
            flat[column] = str(parse(flat[column], field=column))
    return flat


def _address(v: Values) -> domain.Address | None:
    if not v.get("address_line1") and not v.get("city") and not v.get("zip"):
        return None
    return domain.Address(
        line1=v.get("address_line1") or "",
        line2=v.get("address_line2"),
        city=v.get("city") or "",
        state=v.get("state") or "",
        zip=v.get("zip") or "",
    )


def _validate_provider(uow: UnitOfWork, practice_id: int, v: Values) -> None:
    domain.validate_provider(
        kind=domain.ProviderKind(v["kind"]),
        npi=v.get("npi") or "",
        first_name=v.get("first_name"),
        last_name=v.get("last_name"),
        organization_name=v.get("organization_name"),
        is_billing=bool(v.get("is_billing")),
        is_rendering=bool(v.get("is_rendering")),
        is_referring=bool(v.get("is_referring")),
    )


def _validate_facility(uow: UnitOfWork, practice_id: int, v: Values) -> None:
    c = FieldCollector()
    if not (v.get("name") or "").strip():
        c.add("name", "facility name is required")
    domain.check(c, NPI.parse, v.get("npi"), "npi")
    domain.validate_address(_address(v), c)
    c.raise_if_any()


def _validate_payer(uow: UnitOfWork, practice_id: int, v: Values) -> None:
    domain.validate_payer(
        name=v.get("name") or "",
        payer_code=v.get("payer_code") or "",
        timely_filing_days=int(v.get("timely_filing_days") or 0),
        member_id_pattern=v.get("member_id_pattern"),
        address=_address(v),
    )


def _validate_person(uow: UnitOfWork, practice_id: int, v: Values) -> None:
    domain.validate_person(
        first_name=v.get("first_name") or "",
        last_name=v.get("last_name") or "",
        date_of_birth=v.get("date_of_birth"),
        today=clock.today(),
        phone=v.get("phone"),
        email=v.get("email"),
        address=_address(v),
    )


def _validate_guarantor(uow: UnitOfWork, practice_id: int, v: Values) -> None:
    c = FieldCollector()
    try:
        domain.validate_person(
            first_name=v.get("first_name") or "",
            last_name=v.get("last_name") or "",
            date_of_birth=v.get("date_of_birth") or clock.today(),
            today=clock.today(),
            phone=v.get("phone"),
            email=v.get("email"),
            address=_address(v),
        )
    except FieldErrors as exc:
        c.absorb(exc)
    c.raise_if_any()


def _validate_patient(uow: UnitOfWork, practice_id: int, v: Values) -> None:
    c = FieldCollector()
    try:
        _validate_person(uow, practice_id, v)
    except FieldErrors as exc:
        c.absorb(exc)
    if v.get("guarantor_id") is not None:
        try:
            repo(uow, GuarantorRow, practice_id).get(v["guarantor_id"])
        except NotFound:
            c.add("guarantor_id", f"guarantor {v['guarantor_id']} does not exist in this practice")
        if not v.get("guarantor_relationship"):
            c.add("guarantor_relationship", "say how the guarantor is related to the patient")
    c.raise_if_any()


def _validate_coverage(uow: UnitOfWork, practice_id: int, v: Values) -> None:
    c = FieldCollector()
    payer: PayerRow | None = None
    for name, row_type in (("patient_id", PatientRow), ("payer_id", PayerRow)):
        try:
            row = repo(uow, row_type, practice_id).get(v[name])
            if row_type is PayerRow:
                payer = row  # type: ignore[assignment]
        except NotFound:
            c.add(name, f"{name.removesuffix('_id')} {v[name]} does not exist in this practice")
    c.raise_if_any()
    span = domain.CoverageSpan(
        id=v.get("id"),
        order=domain.CoverageOrder(v["order"]),
        effective_date=v["effective_date"],
        termination_date=v.get("termination_date"),
    )
    domain.validate_coverage(
        member_id=v.get("member_id") or "",
        relationship=domain.Relationship(v["relationship"]),
        subscriber=domain.Subscriber(
            v.get("subscriber_first_name"),
            v.get("subscriber_last_name"),
            v.get("subscriber_date_of_birth"),
            v.get("subscriber_sex"),
        ),
        span=span,
        today=clock.today(),
        member_id_pattern=payer.member_id_pattern if payer else None,
        others=coverage_spans(uow, practice_id, v["patient_id"]),
    )


@dataclass(frozen=True)
class Resource:
    """How one intake resource is stored and checked."""

    entity: str
    row: type[Base]
    validate: Validator
    defaults: Mapping[str, Any] = field(default_factory=dict)
    unique: str | None = None
    """A column that must not repeat within one practice."""


PROVIDER = Resource(
    "provider",
    ProviderRow,
    _validate_provider,
    {"kind": "individual", "is_billing": False, "is_rendering": True, "is_referring": False},
    unique="npi",
)
FACILITY = Resource("facility", FacilityRow, _validate_facility, {"place_of_service": "11"})
PAYER = Resource(
    "payer",
    PayerRow,
    _validate_payer,
    {"claim_filing_indicator": "CI", "timely_filing_days": 365},
    unique="payer_code",
)
GUARANTOR = Resource("guarantor", GuarantorRow, _validate_guarantor)
PATIENT = Resource("patient", PatientRow, _validate_patient, unique="account_number")
COVERAGE = Resource("coverage", CoverageRow, _validate_coverage, {"order": "primary", "relationship": "18"})


def _columns(row: Base) -> Values:
    return {name: getattr(row, name) for name in row.__mapper__.columns.keys()}  # noqa: SIM118


def _next_account_number(uow: UnitOfWork, practice_id: int) -> str:
    count = uow.session.scalar(select(func.count()).where(PatientRow.practice_id == practice_id)) or 0
    number = int(count) + 1
    taken = {
        r
        for r in uow.session.scalars(
            select(PatientRow.account_number).where(PatientRow.practice_id == practice_id)
        )
    }
    while f"A{number:07d}" in taken:
        number += 1
    return f"A{number:07d}"


def create(uow: UnitOfWork, resource: Resource, *, practice_id: int, values: Mapping[str, Any]) -> Any:
    """Validate and add one object of ``resource`` to the practice."""
    flat = dict(resource.defaults) | _flatten(values)
    resource.validate(uow, practice_id, flat)
    flat = _normalise(flat)
    if resource is PATIENT and not flat.get("account_number"):
        flat["account_number"] = _next_account_number(uow, practice_id)
    _ensure_unique(uow, resource, practice_id, flat, None)
    return repo(uow, resource.row, practice_id).add(resource.row(practice_id=practice_id, **flat))


def update(
    uow: UnitOfWork, resource: Resource, *, practice_id: int, ident: int, changes: Mapping[str, Any]
) -> Any:
    """Apply a partial change; the whole object is checked again before anything is written."""
    row = repo(uow, resource.row, practice_id).get(ident)
    merged = _columns(row) | _flatten(changes)
    resource.validate(uow, practice_id, merged)
    merged = _normalise(merged)
    _ensure_unique(uow, resource, practice_id, merged, ident)
    for name, value in merged.items():
        if name not in ("id", "practice_id", "created_at", "updated_at"):
            setattr(row, name, value)
    uow.flush()
    return row


def get(uow: UnitOfWork, resource: Resource, *, practice_id: int, ident: int) -> Any:
    return repo(uow, resource.row, practice_id).get(ident)


def list_page(
    uow: UnitOfWork,
    resource: Resource,
    *,
    practice_id: int,
    filters: Mapping[str, Any],
    limit: int,
    offset: int,
) -> tuple[Sequence[Any], int]:
    return repo(uow, resource.row, practice_id).page(filters=filters, limit=limit, offset=offset)


def _ensure_unique(
    uow: UnitOfWork, resource: Resource, practice_id: int, v: Values, ident: int | None
) -> None:
    unique = resource.unique
    if unique is None:
        return
    clash = [r for r in repo(uow, resource.row, practice_id).find(**{unique: v[unique]}) if r.id != ident]  # type: ignore[attr-defined]
    if clash:
        raise FieldErrors.single(
            unique, f"another {resource.entity} of this practice already has this {unique.replace('_', ' ')}"
        )


# -- practices (the tenants themselves) ---------------------------------------------------------
def _validate_practice(v: Values) -> None:
    domain.validate_practice(
        name=v.get("name") or "",
        tin=v.get("tin") or "",
        billing_npi=v.get("billing_npi") or "",
        phone=v.get("phone"),
        address=_address(v),
    )


def create_practice(uow: UnitOfWork, *, values: Mapping[str, Any]) -> PracticeRow:
    flat = _flatten(values)
    _validate_practice(flat)
    row = PracticeRow(**_normalise(flat))
    uow.session.add(row)
    uow.flush()
    return row


def update_practice(uow: UnitOfWork, *, practice_id: int, changes: Mapping[str, Any]) -> PracticeRow:
    row = practice_repo(uow).get(practice_id)
    merged = _columns(row) | _flatten(changes)
    _validate_practice(merged)
    for name, value in _normalise(merged).items():
        if name not in ("id", "created_at", "updated_at"):
            setattr(row, name, value)
    uow.flush()
    return row


def get_practice(uow: UnitOfWork, *, practice_id: int) -> PracticeRow:
    return practice_repo(uow).get(practice_id)


def search_patients(
    uow: UnitOfWork, *, practice_id: int, criteria: Mapping[str, Any], limit: int, offset: int
) -> tuple[Sequence[PatientRow], int]:
    """Find patients by name prefix (case-insensitive), date of birth or account number."""
    return repository.search_patients(uow, practice_id, criteria, limit, offset)


def find_coverages_by_member_id(
    uow: UnitOfWork, *, practice_id: int, member_id: str
) -> Sequence[CoverageRow]:
    """Coverages with this member ID, found through the blind index (the column itself is encrypted).

    Looked up under the active index key and, for rows a blind-index rotation has not re-indexed
    yet, under the older keys the key ring still holds.
    """
    matches = or_(
        *(
            and_(CoverageRow.member_id_index_version == version, CoverageRow.member_id_index == index)
            for version, index in member_id_lookups(member_id)
        )
    )
    return uow.session.scalars(
        select(CoverageRow).where(CoverageRow.practice_id == practice_id, matches).order_by(CoverageRow.id)
    ).all()
