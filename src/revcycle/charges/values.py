"""Input values (API bodies, forms, importers: plain mappings) as domain objects.

Shape only: a value that cannot be read (units that are not a number, an NDC that is not one)
is a field error here; every other rule runs in ``domain.validate_encounter``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from revcycle.charges import domain, institutional
from revcycle.kit.errors import FieldCollector, FieldErrors


def line_from(values: Mapping[str, Any], i: int) -> domain.ChargeLine:
    ndc = values.get("ndc")
    return domain.ChargeLine(
        code=str(values.get("code") or "").strip().upper(),
        units=domain.parse_units(values.get("units", 1), field=f"lines.{i}.units"),
        modifiers=tuple(str(m).strip().upper() for m in values.get("modifiers") or ()),
        charge=values.get("charge"),
        diagnosis_pointers=tuple(int(p) for p in values.get("diagnosis_pointers") or (1,)),
        service_date=values.get("service_date"),
        ndc=domain.normalise_ndc(ndc, field=f"lines.{i}.ndc") if ndc else None,
        ndc_quantity=values.get("ndc_quantity"),
        ndc_unit=values.get("ndc_unit") or "UN",
        revenue_code=values.get("revenue_code"),
    )


def encounter_from(values: Mapping[str, Any], place_of_service: str) -> domain.Encounter:
    c = FieldCollector()
    lines: list[domain.ChargeLine] = []
    for i, lv in enumerate(values.get("lines") or ()):
        try:
            lines.append(line_from(lv, i))
        except FieldErrors as exc:
            c.absorb(exc)
    c.raise_if_any()
    return domain.Encounter(
        date_of_service=values["date_of_service"],
        date_of_service_end=values.get("date_of_service_end"),
        place_of_service=place_of_service,
        diagnoses=tuple(domain.normalise_diagnosis(d) for d in values.get("diagnoses") or ()),
        lines=tuple(lines),
        claim_type=domain.ClaimType(values.get("claim_type") or "professional"),
        prior_authorization=values.get("prior_authorization"),
        referral_number=values.get("referral_number"),
        related_causes=tuple(domain.RelatedCause(r) for r in values.get("related_causes") or ()),
        accident_state=values.get("accident_state"),
        accident_date=values.get("accident_date"),
        onset_date=values.get("onset_date"),
        institutional=institutional_of(values),
    )


def institutional_of(values: Mapping[str, Any]) -> institutional.InstitutionalData | None:
    data = values.get("institutional")
    return institutional.institutional_from(data) if data else None
