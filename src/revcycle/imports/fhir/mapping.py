"""FHIR R4 resources -> import records. Pure: no database.

Patient, Coverage (its payer Organization), Practitioner and Organization with an NPI, Encounter
(with its Conditions), ChargeItem (lines of its Encounter) and Claim (an encounter of its own,
or the lines and diagnoses of the Encounter its items name). A resource that cannot be read is an
error naming its type, id and field; an Encounter with a broken ChargeItem is not imported at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from revcycle.imports.fhir import codes, resources
from revcycle.imports.fhir.reader import Entry, Index
from revcycle.imports.model import Kind, Record, Ref
from revcycle.kit.errors import FieldCollector, FieldErrors

GENDER = {"male": "M", "female": "F", "other": "U", "unknown": "U"}
RELATIONSHIP = {"self": "18", "spouse": "01", "child": "19", "common": "53", "parent": "G8", "other": "G8"}
ORDER = {1: "primary", 2: "secondary", 3: "tertiary"}
ENCOUNTER_POS = {"AMB": "11", "IMP": "21", "EMER": "23", "HH": "12", "OBSENC": "22"}


@dataclass
class _Ctx:
    index: Index
    entry: Entry
    c: FieldCollector = field(default_factory=FieldCollector)

    @property
    def contained(self) -> str:
        """Where ``#id`` references of this resource are looked up (its container's key)."""
        return self.entry.key

    def ref(
        self, name: str, ref: resources.Reference | None, kind: Kind, types: tuple[str, ...]
    ) -> tuple[Ref, Entry | None] | None:
        if ref is None or not ref.reference:
            self.c.add(name, "a reference is required")
            return None
        found = self.index.resolve(ref.reference, self.contained)
        if found.error:
            self.c.add(name, found.error)
            return None
        if found.type not in types:
            self.c.add(name, f"{ref.reference} is a {found.type}, expected {' or '.join(types)}")
            return None
        return Ref(kind, found.key), found.entry


def _model(entry: Entry, model: type[resources.Resource]) -> Any:
    try:
        return model.model_validate(entry.resource)
    except ValidationError as exc:
        raise FieldErrors.single(".".join(str(p) for p in exc.errors()[0]["loc"]), _why(exc)) from None


def _why(exc: ValidationError) -> str:
    first = exc.errors()[0]
    return "is required" if first["type"] == "missing" else str(first["msg"])


def _name(names: list[resources.HumanName]) -> resources.HumanName:
    for n in names:
        if n.use in ("official", "usual", None):
            return n
    return names[0] if names else resources.HumanName()


def _npi(identifiers: list[resources.Identifier]) -> str | None:
    return next((i.value for i in identifiers if i.system == codes.NPI_SYSTEM and i.value), None)


def _address(addresses: list[resources.Address]) -> dict[str, Any] | None:
    if not addresses:
        return None
    a = addresses[0]
    return {
        "line1": a.line[0] if a.line else "",
        "line2": a.line[1] if len(a.line) > 1 else None,
        "city": a.city or "",
        "state": a.state or "",
        "zip": (a.postalCode or "").replace("-", ""),
    }


def _person(ctx: _Ctx, p: resources.Patient | resources.RelatedPerson, prefix: str = "") -> dict[str, Any]:
    n = _name(p.name)
    if not n.family:
        ctx.c.add(f"{prefix}name.family", "the family name is required")
    if not n.given:
        ctx.c.add(f"{prefix}name.given", "a given name is required")
    try:
        dob = codes.fhir_date(p.birthDate, field=f"{prefix}birthDate", required=True)
    except FieldErrors as exc:
        ctx.c.absorb(exc)
        dob = None
    return {
        "first_name": n.given[0] if n.given else "",
        "middle_name": " ".join(n.given[1:]) or None,
        "last_name": n.family or "",
        "date_of_birth": dob,
        "sex": GENDER.get(p.gender or "unknown", "U"),
    }


def _patient(ctx: _Ctx) -> Record:
    p: resources.Patient = _model(ctx.entry, resources.Patient)
    values = _person(ctx, p)
    values["suffix"] = next(iter(_name(p.name).suffix), None)
    if p.address:
        values["address"] = _address(p.address)
    for t in p.telecom:
        digits = "".join(ch for ch in t.value or "" if ch.isdigit())
        if t.system == "phone" and len(digits) == 10 and "phone" not in values:
            values["phone"] = digits
        if t.system == "email" and t.value and "email" not in values:
            values["email"] = t.value
    return _record(ctx, Kind.PATIENT, values)


def _record(ctx: _Ctx, kind: Kind, values: dict[str, Any], key: str | None = None) -> Record:
    ctx.c.raise_if_any()
    e = ctx.entry
    return Record(kind, key or e.key, e.type, e.ident, values)


def _payer(ctx: _Ctx) -> Record:
    org: resources.Organization = _model(ctx.entry, resources.Organization)
    code_from = next((i.value for i in org.identifier if i.value), None) or org.id or ""
    payer_code = "".join(ch for ch in code_from if ch.isalnum())[:80]
    if not org.name:
        ctx.c.add("name", "a payer Organization needs a name")
    return _record(ctx, Kind.PAYER, {"name": (org.name or "")[:60], "payer_code": payer_code})


def _provider(ctx: _Ctx) -> Record | None:
    if ctx.entry.type == "Organization":
        org: resources.Organization = _model(ctx.entry, resources.Organization)
        npi = _npi(org.identifier)
        if npi is None:
            return None
        values = {"kind": "organization", "organization_name": org.name, "npi": npi}
        return _record(ctx, Kind.PROVIDER, values | {"is_billing": True, "is_rendering": False})
    pr: resources.Practitioner = _model(ctx.entry, resources.Practitioner)
    npi = _npi(pr.identifier)
    if npi is None:
        return None
    n = _name(pr.name)
    first = n.given[0] if n.given else None
    return _record(
        ctx, Kind.PROVIDER, {"kind": "individual", "first_name": first, "last_name": n.family, "npi": npi}
    )


def _coverage(ctx: _Ctx) -> Record:
    cov: resources.Coverage = _model(ctx.entry, resources.Coverage)
    patient = ctx.ref("beneficiary", cov.beneficiary, Kind.PATIENT, ("Patient",))
    payer = ctx.ref("payor.0", cov.payor[0], Kind.PAYER, ("Organization",))
    rel_code = (
        next((cd.code for cd in cov.relationship.coding if cd.code), None) if cov.relationship else None
    )
    relationship = RELATIONSHIP.get(rel_code or "self", "G8")
    values: dict[str, Any] = {
        "member_id": cov.subscriberId or next((i.value for i in cov.identifier if i.value), ""),
        "relationship": relationship,
        "order": ORDER.get(cov.order or 1, "primary"),
        "group_number": next((k.value for k in cov.classes if _class(k) == "group"), None),
        "plan_name": next(((k.name or k.value)[:60] for k in cov.classes if _class(k) == "plan"), None),
    }
    for name, text in (
        ("effective_date", cov.period.start if cov.period else None),
        ("termination_date", cov.period.end if cov.period else None),
    ):
        try:
            values[name] = codes.fhir_date(
                text,
                field=f"period.{name[:-5].replace('effective', 'start').replace('termination', 'end')}",
                required=name == "effective_date",
            )
        except FieldErrors as exc:
            ctx.c.absorb(exc)
    if relationship != "18" and cov.subscriber is not None:
        sub = ctx.ref("subscriber", cov.subscriber, Kind.PATIENT, ("Patient", "RelatedPerson"))
        if sub is not None and sub[1] is not None:
            person = resources.RelatedPerson.model_validate(sub[1].resource)
            s = _person(ctx, person, "subscriber.")
            values["subscriber"] = {k: s[k] for k in ("first_name", "last_name", "date_of_birth", "sex")}
    rec = _record(ctx, Kind.COVERAGE, values)
    assert patient is not None and payer is not None
    rec.refs = {"patient_id": patient[0], "payer_id": payer[0]}
    return rec


def _class(k: resources.CoverageClass) -> str:
    return next((cd.code for cd in k.type.coding if cd.code), "")


def _diagnoses_of_encounter(ctx: _Ctx, enc: resources.Encounter, rec: Record) -> None:
    ranked = sorted(enumerate(enc.diagnosis), key=lambda d: (d[1].rank or 99, d[0]))
    for i, d in ranked:
        found = ctx.index.resolve(d.condition.reference or "", ctx.contained)
        if found.error or found.entry is None:
            ctx.c.add(
                f"diagnosis[{i}].condition", found.error or f"{d.condition.reference} is not in the input"
            )
            continue
        cond = resources.Condition.model_validate(found.entry.resource)
        if cond.code is None:
            ctx.c.add(f"diagnosis[{i}].condition", "the Condition has no code")
            continue
        _add_code(ctx, rec, cond.code, f"diagnosis[{i}].condition.code")
    if not enc.diagnosis:
        for i, concept in enumerate(enc.reasonCode):
            _add_code(ctx, rec, concept, f"reasonCode[{i}]")


def _add_code(ctx: _Ctx, rec: Record, concept: resources.CodeableConcept, name: str) -> int:
    """Add a diagnosis (once) and return its 1-based pointer (0 when it could not be read)."""
    try:
        code = codes.pick_code(concept, field=name, procedure=False)
    except FieldErrors as exc:
        ctx.c.absorb(exc)
        return 0
    if code not in rec.diagnoses:
        rec.diagnoses.append(code)
    return rec.diagnoses.index(code) + 1


def _encounter(ctx: _Ctx) -> Record:
    enc: resources.Encounter = _model(ctx.entry, resources.Encounter)
    patient = ctx.ref("subject", enc.subject, Kind.PATIENT, ("Patient",))
    rendering = None
    for i, p in enumerate(enc.participant):
        if p.individual is not None and rendering is None:
            rendering = ctx.ref(
                f"participant[{i}].individual", p.individual, Kind.PROVIDER, ("Practitioner",)
            )
    values: dict[str, Any] = {}
    try:
        values["date_of_service"] = codes.fhir_date(
            enc.period.start if enc.period else None, field="period.start", required=True
        )
        values["date_of_service_end"] = codes.fhir_date(
            enc.period.end if enc.period else None, field="period.end"
        )
    except FieldErrors as exc:
        ctx.c.absorb(exc)
    if enc.class_ is not None and enc.class_.code in ENCOUNTER_POS:
        values["place_of_service"] = ENCOUNTER_POS[enc.class_.code]
    rec = Record(Kind.ENCOUNTER, ctx.entry.key, "Encounter", ctx.entry.ident, values)
    _diagnoses_of_encounter(ctx, enc, rec)
    ctx.c.raise_if_any()
    assert patient is not None
    rec.refs["patient_id"] = patient[0]
    if rendering is not None:
        rec.refs["rendering_provider_id"] = rendering[0]
    return rec


MAPPERS = {
    "Patient": _patient,
    "Practitioner": _provider,
    "Coverage": _coverage,
    "Encounter": _encounter,
}
