"""Coding audit pages: accuracy per coder, the samples drawn, drawing a sample of a coder's work in a
period, and recording a finding on each sampled item."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from revcycle.api.deps import Scope, Uow, require
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import Conflict, FieldErrors, NotFound
from revcycle.security.domain import Role
from revcycle.security.service import coding_audit, users
from revcycle.web.app import render, verify_csrf

router = APIRouter(include_in_schema=False)

MAX_SAMPLE = 500
CATEGORIES = {
    "dx_specificity": "Diagnosis not specific enough",
    "dx_wrong": "Wrong diagnosis",
    "dx_sequence": "Diagnoses in the wrong order",
    "cpt_level": "Wrong E/M level",
    "cpt_wrong": "Wrong procedure code",
    "modifier": "Missing or wrong modifier",
    "units": "Wrong units",
    "documentation": "Not supported by the documentation",
    "other": "Other (say what in the note)",
}
"""Kinds of coding error a reviewer may name (the service takes any short category)."""


def _date(value: str, field: str, errors: dict[str, str]) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors[field] = "enter a date"
        return None


def _names(uow: UnitOfWork, scope: Scope) -> dict[int, str]:
    return {u.id: u.username for u in users.practice_users(uow, scope)}


def _audits_page(
    request: Request, uow: UnitOfWork, scope: Scope, status: int = 200, **extra: Any
) -> Response:
    period = extra.pop("period", {})
    accuracy = coding_audit.accuracy_by_coder(
        uow, scope, period_start=period.get("start"), period_end=period.get("end")
    )
    today = clock.today()
    default = {"period_start": (today - timedelta(days=30)).isoformat(), "period_end": today.isoformat()}
    return render(
        request,
        "coding_audits.html",
        status,
        title="Coding audit",
        accuracy=accuracy,
        samples=coding_audit.list_samples(uow, scope),
        names=_names(uow, scope),
        coders=[u for u in users.practice_users(uow, scope) if u.role == Role.CODER and u.active],
        can_draw=scope.can("coding_audit:write"),
        period={k: v.isoformat() for k, v in period.items() if v},
        form=extra.pop("form", default | {"size": 10}),
        errors=extra.pop("errors", {}),
        **extra,
    )


@router.get("/coding-audits", name="coding_audits")
def audits_page(
    request: Request,
    uow: Uow,
    scope: Annotated[Scope, require("coding_audit:read")],
    period_start: str = "",
    period_end: str = "",
) -> Response:
    """Accuracy per coder (over every finding, or those of items coded in a period) and the samples."""
    errors: dict[str, str] = {}
    start = _date(period_start, "accuracy_start", errors) if period_start else None
    end = _date(period_end, "accuracy_end", errors) if period_end else None
    if (start is None) != (end is None) and not errors:
        errors["accuracy_start" if start is None else "accuracy_end"] = "give both ends of the period"
    if start and end and end < start:
        errors["accuracy_end"] = "the period ends before it starts"
    if errors:
        return _audits_page(request, uow, scope, 422, errors=errors)
    return _audits_page(request, uow, scope, period={"start": start, "end": end})


@router.post("/coding-audits/samples", dependencies=[Depends(verify_csrf)])
def draw(
    request: Request,
    uow: Uow,
    scope: Annotated[Scope, require("coding_audit:write")],
    coder_user_id: Annotated[str, Form(max_length=12)] = "",
    period_start: Annotated[str, Form(max_length=10)] = "",
    period_end: Annotated[str, Form(max_length=10)] = "",
    size: Annotated[str, Form(max_length=6)] = "",
) -> Response:
    form = {"coder_user_id": coder_user_id, "period_start": period_start, "period_end": period_end}
    form["size"] = size
    errors: dict[str, str] = {}
    coder = int(coder_user_id) if coder_user_id.isdigit() and int(coder_user_id) < 2**31 else None
    if coder is None:
        errors["coder_user_id"] = "choose a coder"
    start = _date(period_start, "period_start", errors)
    end = _date(period_end, "period_end", errors)
    count = int(size) if size.strip().isdigit() else None
    if count is None or not 1 <= count <= MAX_SAMPLE:
        errors["size"] = f"draw between 1 and {MAX_SAMPLE} items"
    if not errors:
        assert coder is not None and start is not None and end is not None and count is not None
        try:
            sample, _ = coding_audit.draw_coding_sample(
                uow, scope, coder_user_id=coder, period_start=start, period_end=end, size=count
            )
        except FieldErrors as exc:
            errors.update({e.field: e.message for e in exc.errors})
        except NotFound:
            errors["coder_user_id"] = "choose a coder of this practice"
        except Conflict as exc:
            errors[""] = exc.message
        else:
            return RedirectResponse(f"/coding-audits/samples/{sample.id}", status_code=303)
        uow.rollback()
    return _audits_page(request, uow, scope, 409 if "" in errors else 422, form=form, errors=errors)


def _sample_page(
    request: Request, uow: UnitOfWork, scope: Scope, sample_id: int, status: int = 200, **extra: Any
) -> Response:
    sample, findings = coding_audit.get_sample(uow, scope, sample_id)
    accuracy = [
        a
        for a in coding_audit.accuracy_by_coder(
            uow, scope, period_start=sample.period_start, period_end=sample.period_end
        )
        if a.coder_user_id == sample.coder_user_id
    ]
    return render(
        request,
        "coding_sample.html",
        status,
        title=f"Coding sample {sample.id}",
        sample=sample,
        findings=findings,
        items=coding_audit.sampled_items(uow, scope, findings),
        reviewed=sum(1 for f in findings if f.correct is not None),
        accuracy=accuracy[0] if accuracy else None,
        names=_names(uow, scope),
        categories=CATEGORIES,
        can_review=scope.can("coding_audit:write"),
        errors=extra.pop("errors", {}),
        form=extra.pop("form", {}),
        **extra,
    )


@router.get("/coding-audits/samples/{sample_id}", name="coding_sample")
def sample_page(
    request: Request, uow: Uow, sample_id: int, scope: Annotated[Scope, require("coding_audit:read")]
) -> Response:
    return _sample_page(request, uow, scope, sample_id)


@router.post("/coding-audits/findings/{finding_id}", dependencies=[Depends(verify_csrf)])
def record_finding(
    request: Request,
    uow: Uow,
    finding_id: int,
    scope: Annotated[Scope, require("coding_audit:write")],
    sample_id: Annotated[int, Form()],
    verdict: Annotated[str, Form(max_length=10)] = "",
    category: Annotated[str, Form(max_length=40)] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """``verdict`` is ``correct`` or ``error``; an error names its category."""
    errors: dict[str, str] = {}
    if verdict not in ("correct", "error"):
        errors["verdict"] = "say whether the item was coded correctly"
    else:
        try:
            row = coding_audit.record_finding(
                uow,
                scope,
                finding_id,
                correct=verdict == "correct",
                category=category.strip() or None,
                note=note.strip() or None,
            )
        except FieldErrors as exc:
            errors.update({e.field: e.message for e in exc.errors})
        else:
            back = f"/coding-audits/samples/{row.sample_id}#finding-{row.id}"
            return RedirectResponse(back, status_code=303)
    uow.rollback()
    form = {finding_id: {"verdict": verdict, "category": category, "note": note}}
    return _sample_page(request, uow, scope, sample_id, 422, errors={finding_id: errors}, form=form)
