"""Reports as JSON (amounts and ratios as decimal strings) and as CSV rows: one shape for the API,
the CLI and exports. Patients appear by id and account number, never by name."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from revcycle.kit.money import Money
from revcycle.reporting.domain import AgingBy, AgingReport, KpiReport, Party, Rate
from revcycle.reporting.operational import DenialTrends, PayerPerformance, Productivity, RevenueRow


def _money(value: Money) -> str:
    return str(value.amount)


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def rate_json(rate: Rate) -> dict[str, str | None]:
    return {"value": _dec(rate.value), "numerator": str(rate.numerator), "denominator": str(rate.denominator)}


def _party(party: Party) -> dict[str, Any]:
    if party.kind is AgingBy.PAYER:
        return {"payer": {"id": party.id, "name": party.label}}
    if party.id is None:
        return {"payer": None}
    return {"patient": {"id": party.id, "account_number": party.label}}


def aging_json(report: AgingReport) -> dict[str, Any]:
    return {
        "as_of": report.as_of.isoformat(),
        "basis": report.basis.value,
        "by": report.by.value,
        "buckets": list(report.buckets),
        "rows": [
            {**_party(r.party), "amounts": [_money(a) for a in r.amounts], "total": _money(r.total)}
            for r in report.rows
        ],
        "totals": [_money(a) for a in report.totals],
        "total": _money(report.total),
        "ledger_total": _money(report.ledger_total),
        "ties": report.ties,
    }


def aging_csv(report: AgingReport) -> tuple[list[str], list[list[str]]]:
    header = ["kind", "id", "label", *report.buckets, "total"]
    rows = [
        [
            "payer" if r.party.kind is AgingBy.PAYER else "patient",
            "" if r.party.id is None else str(r.party.id),
            r.party.label,
            *(_money(a) for a in r.amounts),
            _money(r.total),
        ]
        for r in report.rows
    ]
    rows.append(["total", "", "", *(_money(a) for a in report.totals), _money(report.total)])
    return header, rows


def kpis_json(report: KpiReport) -> dict[str, Any]:
    days = report.days_in_ar
    return {
        "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "clean_claim_rate": rate_json(report.clean_claim_rate),
        "first_pass_resolution_rate": rate_json(report.first_pass_resolution_rate),
        "initial_denial_rate": {
            "by_count": rate_json(report.initial_denial_rate_count),
            "by_dollars": rate_json(report.initial_denial_rate_dollars),
        },
        "days_in_ar": {
            "value": _dec(days.value),
            "net_ar": _money(days.ar),
            "net_revenue": _money(days.net_revenue),
            "window_days": days.days,
        },
        "net_collection_rate": rate_json(report.net_collection_rate),
        "ar_over_90": rate_json(report.ar_over_90),
        "ar_over_120": rate_json(report.ar_over_120),
    }


def kpis_csv(report: KpiReport) -> tuple[list[str], list[list[str]]]:
    data = kpis_json(report)
    rows = []
    for name in (
        "clean_claim_rate",
        "first_pass_resolution_rate",
        "net_collection_rate",
        "ar_over_90",
        "ar_over_120",
    ):
        rows.append([name, *_rate_cells(data[name])])
    for how in ("by_count", "by_dollars"):
        rows.append([f"initial_denial_rate_{how}", *_rate_cells(data["initial_denial_rate"][how])])
    days = data["days_in_ar"]
    rows.append(["days_in_ar", days["value"] or "", days["net_ar"], days["net_revenue"]])
    return ["kpi", "value", "numerator", "denominator"], rows


def _rate_cells(rate: dict[str, str | None]) -> list[str]:
    return [rate["value"] or "", rate["numerator"] or "", rate["denominator"] or ""]


def _points(points: Iterable[Any]) -> list[dict[str, Any]]:
    return [{"month": p.month, "key": p.key, "count": p.count, "amount": _money(p.amount)} for p in points]


def trends_json(report: DenialTrends) -> dict[str, Any]:
    return {
        "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "total": report.total,
        "by_cause": _points(report.by_cause),
        "by_payer": _points(report.by_payer),
        "by_provider": _points(report.by_provider),
    }


def trends_csv(report: DenialTrends) -> tuple[list[str], list[list[str]]]:
    rows = [
        [dimension, p.month, p.key, str(p.count), _money(p.amount)]
        for dimension, points in (
            ("cause", report.by_cause),
            ("payer", report.by_payer),
            ("provider", report.by_provider),
        )
        for p in points
    ]
    return ["dimension", "month", "key", "count", "amount"], rows


def payers_json(rows: Sequence[PayerPerformance]) -> list[dict[str, Any]]:
    return [
        {
            "payer": {"id": r.payer_id, "name": r.payer},
            "claims_paid": r.claims_paid,
            "claims_denied": r.claims_denied,
            "days_to_pay": _dec(r.days_to_pay),
            "underpaid": r.underpaid,
            "underpaid_amount": _money(r.underpaid_amount),
            "underpayment_rate": rate_json(r.underpayment_rate),
        }
        for r in rows
    ]


def payers_csv(rows: Sequence[PayerPerformance]) -> tuple[list[str], list[list[str]]]:
    header = [
        "payer_id",
        "payer",
        "claims_paid",
        "claims_denied",
        "days_to_pay",
        "underpaid",
        "underpaid_amount",
    ]
    return header, [
        [
            str(r.payer_id),
            r.payer,
            str(r.claims_paid),
            str(r.claims_denied),
            _dec(r.days_to_pay) or "",
            str(r.underpaid),
            _money(r.underpaid_amount),
        ]
        for r in rows
    ]


def productivity_json(rows: Sequence[Productivity]) -> list[dict[str, Any]]:
    return [{**asdict(r), "day": r.day.isoformat()} for r in rows]


def productivity_csv(rows: Sequence[Productivity]) -> tuple[list[str], list[list[str]]]:
    header = ["user_id", "day", "claims_worked", "actions", "denials_resolved"]
    return header, [
        [str(v) for v in (r.user_id, r.day, r.claims_worked, r.actions, r.denials_resolved)] for r in rows
    ]


def revenue_json(rows: Sequence[RevenueRow]) -> list[dict[str, Any]]:
    return [
        {
            "key": r.key,
            "charges": _money(r.charges),
            "payments": _money(r.payments),
            "adjustments": _money(r.adjustments),
        }
        for r in rows
    ]


def revenue_csv(rows: Sequence[RevenueRow]) -> tuple[list[str], list[list[str]]]:
    return ["key", "charges", "payments", "adjustments"], [
        [r.key, _money(r.charges), _money(r.payments), _money(r.adjustments)] for r in rows
    ]


def to_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
