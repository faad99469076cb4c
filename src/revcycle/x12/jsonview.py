"""Plain JSON views of parsed models (amounts as decimal strings, dates ISO, absent values null)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from revcycle.kit.money import Money
from revcycle.x12.core.common import Adjustment, Name
from revcycle.x12.core.levels import Level, LevelTransaction
from revcycle.x12.ta1 import InterchangeAcknowledgment
from revcycle.x12.x835.models import Remittance835
from revcycle.x12.x837i.models import Institutional837
from revcycle.x12.x837p.models import Professional837
from revcycle.x12.x999.models import Acknowledgment999

JSON = dict[str, Any]


def _m(value: Money | None) -> str | None:
    return None if value is None else str(value.amount)


def _d(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _s(value: str) -> str | None:
    return value or None


def _adjustments(items: Iterable[Adjustment]) -> list[JSON]:
    return [
        {
            "group": a.group,
            "reason": r.reason,
            "amount": _m(r.amount),
            "quantity": None if r.quantity is None else str(r.quantity),
        }
        for a in items
        for r in a.reasons
    ]


def _person(name: Name | None) -> JSON | None:
    if name is None:
        return None
    return {
        "member_id": _s(name.identifier),
        "last_name": _s(name.last_name),
        "first_name": _s(name.first_name),
    }


def to_json(models: Iterable[Any]) -> JSON:
    """``{"transactions": [...]}``, one entry per parsed transaction set (or TA1)."""
    return {"transactions": [transaction_json(m) for m in models]}


def transaction_json(model: Any) -> JSON:
    if isinstance(model, InterchangeAcknowledgment):
        return {
            "transaction_set": "TA1",
            "implementation_guide": None,
            "control_number": model.envelope.interchange_control_number,
            "acknowledged_control_number": model.acknowledged_control_number,
            "code": model.code,
            "note_code": model.note_code,
        }
    base: JSON = {
        "transaction_set": model.transaction_set,
        "implementation_guide": model.implementation_guide,
        "control_number": model.envelope.transaction_control_number,
    }
    if isinstance(model, Remittance835):
        base.update(_835(model))
    elif isinstance(model, (Professional837, Institutional837)):
        base["claims"] = _837(model)
    elif isinstance(model, Acknowledgment999):
        base["functional_group_acknowledgment"] = _999(model)
    elif isinstance(model, LevelTransaction):
        base.update(_levels(model))
    return base


def _835(m: Remittance835) -> JSON:
    claims = []
    for c in m.claims():
        claims.append(
            {
                "patient_control_number": c.patient_control_number,
                "status_code": c.status_code,
                "charge_amount": _m(c.charge_amount),
                "paid_amount": _m(c.paid_amount),
                "patient_responsibility_amount": _m(c.patient_responsibility_amount),
                "payer_claim_control_number": _s(c.payer_claim_control_number),
                "adjustments": _adjustments(c.adjustments),
                "remarks": list(c.outpatient.remark_codes) if c.outpatient else [],
                "services": [
                    {
                        "procedure_code": s.procedure_code,
                        "modifiers": list(s.modifiers),
                        "charge_amount": _m(s.charge_amount),
                        "paid_amount": _m(s.paid_amount),
                        "units": None if s.units is None else str(s.units),
                        "service_date": _d(s.service_date or s.service_period_start),
                        "adjustments": _adjustments(s.adjustments),
                        "remarks": list(s.remarks),
                    }
                    for s in c.services
                ],
            }
        )
    return {
        "payment": {
            "amount": _m(m.payment.amount),
            "method": m.payment.method,
            "trace_number": m.trace.trace_number,
            "date": _d(m.payment.date),
        },
        "payer": {"name": m.payer.name, "id": _s(m.payer.identifier) or _s(m.trace.originating_company_id)},
        "payee": {"name": m.payee.name, "npi": m.payee.identifier if m.payee.id_qualifier == "XX" else None},
        "claims": claims,
        "provider_adjustments": [
            {"reason": i.reason, "reference": _s(i.reference), "amount": _m(i.amount)}
            for p in m.provider_adjustments
            for i in p.items
        ],
    }


def _837(m: Professional837 | Institutional837) -> list[JSON]:
    out = []
    for ctx in m.claims():
        c = ctx.claim
        services: list[JSON] = []
        claim: JSON = {
            "patient_control_number": c.patient_control_number,
            "total_charge_amount": _m(c.total_claim_charge_amount),
            "frequency_code": c.frequency_code,
        }
        if isinstance(m, Professional837):
            claim["place_of_service"] = getattr(c, "place_of_service", None)
        else:
            claim["type_of_bill"] = getattr(c, "type_of_bill", None)
        claim["diagnoses"] = list(c.diagnoses)
        provider = ctx.provider
        claim["billing_provider"] = {"npi": _s(provider.npi), "name": provider.name.last_name}
        claim["subscriber"] = _person(ctx.subscriber.name)
        claim["patient"] = _person(ctx.patient.name) if ctx.patient else None
        claim["payer"] = {"id": _s(ctx.subscriber.payer.identifier), "name": ctx.subscriber.payer.last_name}
        for s in c.services:
            services.append(
                {
                    "procedure_code": _s(s.procedure_code),
                    "modifiers": list(s.modifiers),
                    "charge_amount": _m(s.charge_amount),
                    "units": str(s.units),
                    "diagnosis_pointers": list(getattr(s, "diagnosis_pointers", ())),
                    "service_date": _d(s.service_date),
                }
            )
        claim["services"] = services
        out.append(claim)
    return out


def _999(m: Acknowledgment999) -> JSON:
    return {
        "code": m.code,
        "transaction_sets": [
            {
                "control_number": t.control_number,
                "code": t.code,
                "errors": [
                    {
                        "segment_id": n.segment_id,
                        "position": n.position,
                        "loop": _s(n.loop_id),
                        "code": n.code,
                        "elements": [{"position": e.position, "code": e.code} for e in n.elements],
                    }
                    for n in t.segments
                ],
            }
            for t in m.transaction_sets
        ],
    }


def _claim_status(level: Level) -> JSON:
    status = level.statuses[0] if level.statuses else None
    trace = next((t.number for t in level.traces if t.trace_type == "2"), None)
    return {
        "patient_control_number": trace,
        "status_category": status.category if status else None,
        "status_code": status.code if status else None,
        "payer_claim_control_number": _s(level.reference("1K")),
        "amount": _m(status.amount) if status else None,
    }


def _levels(m: LevelTransaction) -> JSON:
    levels = m.all_levels()
    if m.transaction_set in ("277", "276"):
        claims = [
            _claim_status(lv)
            for lv in levels
            if lv.level_code in ("PT", "22", "23") and any(t.trace_type in ("1", "2") for t in lv.traces)
        ]
        return {"claims": claims}
    if m.transaction_set in ("271", "270"):
        subscriber = next((lv for lv in levels if lv.level_code == "22"), None)
        person = _person(subscriber.name if subscriber else None)
        if person is not None and subscriber is not None:
            person["birth_date"] = _d(subscriber.birth_date)
            person["sex"] = _s(subscriber.sex)
        benefits = [
            {
                "code": b.code,
                "coverage_level": _s(b.coverage_level),
                "service_types": list(b.service_types),
                "insurance_type": _s(b.insurance_type),
                "plan": _s(b.plan),
                "time_period": _s(b.time_period),
                "amount": _m(b.amount),
                "percent": None if b.percent is None else str(b.percent),
                "in_network": _s(b.in_network),
            }
            for lv in levels
            for b in lv.benefits
        ]
        rejections = [{"code": r.code, "follow_up": _s(r.follow_up)} for lv in levels for r in lv.rejections]
        return {"subscriber": person, "benefits": benefits, "rejections": rejections}
    return {}
