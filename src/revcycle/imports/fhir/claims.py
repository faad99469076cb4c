"""FHIR ChargeItem and Claim -> the lines and diagnoses of an encounter record. Pure."""

from __future__ import annotations

from decimal import Decimal

from revcycle.imports.fhir import codes, resources
from revcycle.imports.fhir.mapping import _add_code, _Ctx, _model
from revcycle.imports.model import Kind, LineData, Record
from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money


def _encounter_of(
    ctx: _Ctx,
    ref: resources.Reference | None,
    name: str,
    encounters: dict[str, Record],
    *,
    required: bool = True,
) -> Record | None:
    if ref is None or not ref.reference:
        return None
    found = ctx.index.resolve(ref.reference, ctx.contained)
    if found.error:
        ctx.c.add(name, found.error)
        return None
    if found.type != "Encounter" or found.key not in encounters:
        if not required:
            return None
        ctx.c.add(
            name,
            f"{ref.reference} is not an Encounter of this input (lines are imported with their encounter)",
        )
        return None
    return encounters[found.key]


def charge_item(ctx: _Ctx, encounters: dict[str, Record]) -> Record | None:
    """Add the ChargeItem's line (and reasons) to its Encounter (nothing new to return)."""
    ci: resources.ChargeItem = _model(ctx.entry, resources.ChargeItem)
    ctx.ref("subject", ci.subject, Kind.PATIENT, ("Patient",))
    if ci.context is None:
        ctx.c.add("context", "a ChargeItem must name its Encounter")
    rec = _encounter_of(ctx, ci.context, "context", encounters)
    try:
        code = codes.pick_code(ci.code, field="code", procedure=True)
        when = ci.occurrenceDateTime or (ci.occurrencePeriod.start if ci.occurrencePeriod else None)
        service_date = codes.fhir_date(when, field="occurrence")
        charge = codes.fhir_money(ci.priceOverride, field="priceOverride")
    except FieldErrors as exc:
        ctx.c.absorb(exc)
    ctx.c.raise_if_any()
    assert rec is not None
    pointers = [p for i, r in enumerate(ci.reason) if (p := _add_code(ctx, rec, r, f"reason[{i}]"))]
    if "rendering_provider_id" not in rec.refs:
        for i, perf in enumerate(ci.performer):
            found = ctx.ref(f"performer[{i}].actor", perf.actor, Kind.PROVIDER, ("Practitioner",))
            if found is not None:
                rec.refs["rendering_provider_id"] = found[0]
                break
    ctx.c.raise_if_any()
    rec.lines.append(
        LineData(
            code=code,
            units=codes.quantity(ci.quantity.value if ci.quantity else None),
            charge=charge,
            service_date=service_date,
            diagnosis_pointers=tuple(pointers[:4]) or (1,),
        )
    )
    rec.merged.append("ChargeItem")
    return None


def claim(ctx: _Ctx, encounters: dict[str, Record]) -> Record | None:
    """A Claim's diagnoses and items: added to the Encounter its items name, or an encounter of its
    own (returned). Pre-authorizations and predeterminations carry nothing to bill: ``None``."""
    cl: resources.Claim = _model(ctx.entry, resources.Claim)
    if cl.use not in (None, "claim"):
        return None
    patient = ctx.ref("patient", cl.patient, Kind.PATIENT, ("Patient",))
    target = None
    for i, item in enumerate(cl.item):
        for j, ref in enumerate(item.encounter):
            target = target or _encounter_of(
                ctx, ref, f"item[{i}].encounter[{j}]", encounters, required=False
            )
    rec = target or Record(Kind.ENCOUNTER, ctx.entry.key, "Claim", ctx.entry.ident)
    if target is not None:
        rec.merged.append("Claim")
        rec.diagnoses.clear()
    team = sorted(cl.careTeam, key=lambda t: t.sequence)
    rendering_ref = team[0].provider if team else cl.provider
    rendering = ctx.ref(
        "careTeam[0].provider" if team else "provider", rendering_ref, Kind.PROVIDER, ("Practitioner",)
    )
    pointer: dict[int, int] = {}
    for i, d in enumerate(sorted(cl.diagnosis, key=lambda d: d.sequence)):
        if d.diagnosisCodeableConcept is None:
            ctx.c.add(f"diagnosis[{i}]", "only coded diagnoses (diagnosisCodeableConcept) are read")
            continue
        pointer[d.sequence] = _add_code(
            ctx, rec, d.diagnosisCodeableConcept, f"diagnosis[{i}].diagnosisCodeableConcept"
        )
    lines, dates = [], []
    for i, item in enumerate(cl.item):
        try:
            lines.append(_item(item, f"item[{i}]", pointer))
            if lines[-1].service_date:
                dates.append(lines[-1].service_date)
        except FieldErrors as exc:
            ctx.c.absorb(exc)
    try:
        start = codes.fhir_date(
            cl.billablePeriod.start if cl.billablePeriod else None, field="billablePeriod.start"
        )
    except FieldErrors as exc:
        ctx.c.absorb(exc)
        start = None
    if start is None and not dates and not rec.values.get("date_of_service"):
        ctx.c.add("billablePeriod.start", "no date of service: give billablePeriod or item servicedDate")
    pos = next((p for item in cl.item if (p := codes.place_of_service(item.locationCodeableConcept))), None)
    ctx.c.raise_if_any()
    assert patient is not None and rendering is not None
    rec.lines.extend(lines)
    rec.refs.setdefault("patient_id", patient[0])
    rec.refs.setdefault("rendering_provider_id", rendering[0])
    rec.values.setdefault("date_of_service", start or min(dates))
    if dates and max(dates) > rec.values["date_of_service"]:
        rec.values["date_of_service_end"] = max(dates)
    if pos:
        rec.values["place_of_service"] = pos
    return None if target is not None else rec


def _item(item: resources.ClaimItem, name: str, pointer: dict[int, int]) -> LineData:
    code = codes.pick_code(item.productOrService, field=f"{name}.productOrService", procedure=True)
    units = codes.quantity(item.quantity.value if item.quantity else None)
    charge = codes.fhir_money(item.net, field=f"{name}.net")
    unit_price = codes.fhir_money(item.unitPrice, field=f"{name}.unitPrice")
    if charge is None and unit_price is not None:
        charge = unit_price if units == 1 else Money.of_decimal(unit_price.amount * Decimal(units))
    when = item.servicedDate or (item.servicedPeriod.start if item.servicedPeriod else None)
    missing = [s for s in item.diagnosisSequence if s not in pointer]
    if missing:
        raise FieldErrors.single(f"{name}.diagnosisSequence", f"no diagnosis with sequence {missing[0]}")
    return LineData(
        code=code,
        units=units,
        modifiers=tuple(cd.code.upper() for m in item.modifier for cd in m.coding[:1] if cd.code),
        charge=charge,
        service_date=codes.fhir_date(when, field=f"{name}.servicedDate"),
        diagnosis_pointers=tuple(pointer[s] for s in item.diagnosisSequence[:4] if pointer[s]) or (1,),
    )
