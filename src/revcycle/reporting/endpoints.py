"""Reports over HTTP (``/api/v1/reports``), read only, for whoever may read reports.

Every report answers JSON (amounts and ratios as decimal strings) or, with ``format=csv``, a CSV file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from revcycle.api.deps import Scope, Uow, require
from revcycle.kit.clock import clock
from revcycle.reporting import schemas, service
from revcycle.reporting.domain import AgingBasis, AgingBy

router = APIRouter(prefix="/reports", tags=["reports"])

Reader = Annotated[Scope, require("reports:read")]
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
From = Annotated[date | None, Query(alias="from", description="First day (default: 30 days before `to`).")]
To = Annotated[date | None, Query(alias="to", description="Last day, inclusive (default: today).")]


def _period(start: date | None, end: date | None) -> tuple[date, date]:
    last = end or clock.today()
    return start or last - timedelta(days=29), last


def _answer(
    name: str,
    fmt: str,
    value: Any,
    as_json: Callable[[Any], Any],
    as_csv: Callable[[Any], tuple[Sequence[str], Sequence[Sequence[str]]]],
) -> Response:
    if fmt == "csv":
        header, rows = as_csv(value)
        return Response(
            schemas.to_csv(header, rows),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return JSONResponse(as_json(value))


@router.get("/ar-aging", summary="AR aging by payer or patient (0-30 ... 120+ days)")
def ar_aging(
    uow: Uow,
    scope: Reader,
    as_of: Annotated[date | None, Query(description="Balances as of this day (default today).")] = None,
    basis: Annotated[AgingBasis, Query(description="Age from the date of service or first submission.")] = (
        AgingBasis.DATE_OF_SERVICE
    ),
    by: Annotated[AgingBy, Query(description="payer or patient rows.")] = AgingBy.PAYER,
    billed_only: Annotated[bool, Query(description="Only claims already submitted.")] = False,
    format: Format = "json",
) -> Response:
    report = service.ar_aging(
        uow, practice_id=scope.practice_id, as_of=as_of, basis=basis, by=by, billed_only=billed_only
    )
    return _answer("ar-aging", format, report, schemas.aging_json, schemas.aging_csv)


@router.get("/kpis", summary="HFMA MAP Key ratios for a period")
def kpis(uow: Uow, scope: Reader, start: From = None, end: To = None, format: Format = "json") -> Response:
    first, last = _period(start, end)
    report = service.kpis(uow, practice_id=scope.practice_id, start=first, end=last)
    return _answer("kpis", format, report, schemas.kpis_json, schemas.kpis_csv)


@router.get("/denial-trends", summary="Denials per month by cause, payer and provider")
def denial_trends(
    uow: Uow, scope: Reader, start: From = None, end: To = None, format: Format = "json"
) -> Response:
    first, last = _period(start, end)
    report = service.denial_trends(uow, practice_id=scope.practice_id, start=first, end=last)
    return _answer("denial-trends", format, report, schemas.trends_json, schemas.trends_csv)


@router.get("/payer-performance", summary="Days to pay, denials and underpayments per payer")
def payer_performance(
    uow: Uow, scope: Reader, start: From = None, end: To = None, format: Format = "json"
) -> Response:
    first, last = _period(start, end)
    rows = service.payer_report(uow, practice_id=scope.practice_id, start=first, end=last)
    return _answer("payer-performance", format, rows, schemas.payers_json, schemas.payers_csv)


@router.get("/staff-productivity", summary="Claims worked and denials resolved per user and day")
def staff_productivity(
    uow: Uow, scope: Reader, start: From = None, end: To = None, format: Format = "json"
) -> Response:
    first, last = _period(start, end)
    rows = service.staff_productivity(uow, practice_id=scope.practice_id, start=first, end=last)
    return _answer("staff-productivity", format, rows, schemas.productivity_json, schemas.productivity_csv)


@router.get("/charges-payments", summary="Charges, payments and adjustments by provider or code")
def charges_payments(
    uow: Uow,
    scope: Reader,
    by: Annotated[Literal["provider", "code"], Query(description="provider or code rows.")] = "provider",
    start: From = None,
    end: To = None,
    format: Format = "json",
) -> Response:
    first, last = _period(start, end)
    rows = service.charges_and_payments(uow, practice_id=scope.practice_id, start=first, end=last, by=by)
    return _answer(f"charges-payments-by-{by}", format, rows, schemas.revenue_json, schemas.revenue_csv)
