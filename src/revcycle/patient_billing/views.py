"""Patient billing pages: record a patient payment (cash, check or card reference; to the oldest
balance or a chosen claim) and its receipt, statements as PDFs, the balances-due queue; and the
eligibility parts of the account: the last answer per coverage, "check now", the problems queue."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from revcycle.api.deps import Scope, Uow, require
from revcycle.eligibility import service as eligibility
from revcycle.intake import service as intake
from revcycle.intake.views import account_page
from revcycle.kit.clock import clock
from revcycle.kit.errors import ConfigurationError, Conflict, FieldErrors, NotFound
from revcycle.kit.money import Money
from revcycle.patient_billing.render import statement_pdf, text_pdf
from revcycle.patient_billing.service import accounts, documents
from revcycle.patient_billing.service import plans as plans_service
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access
from revcycle.web.app import render, verify_csrf
from revcycle.web.assign_views import assignment_context, keep_mine
from revcycle.web.lookups import payer_names
from revcycle.web.realtime import realtime_clearinghouse
from revcycle.web.worklists import balances_due, eligibility_problems

router = APIRouter(include_in_schema=False)

PROBLEMS = {
    "inactive": "Inactive coverage",
    "rejected": "Payer could not answer (AAA)",
    "check_failed": "Check failed",
    "changed": "Coverage changed since the last check",
    "not_checked": "Not checked for an upcoming visit",
}


def _apply_to(value: str) -> int | None:
    if value in ("", "oldest"):
        return None
    if not value.isdigit():
        raise FieldErrors.single("apply_to", "choose the oldest balance or one of the claims")
    return int(value)


@router.post("/patients/{patient_id}/payments", dependencies=[Depends(verify_csrf)])
def record_payment(
    request: Request,
    uow: Uow,
    patient_id: int,
    scope: Annotated[Scope, require("payments:write")],
    amount: Annotated[str, Form(max_length=12)] = "",
    method: Annotated[str, Form(max_length=10)] = "",
    reference: Annotated[str, Form(max_length=40)] = "",
    apply_to: Annotated[str, Form(max_length=12)] = "oldest",
) -> Response:
    form = {"amount": amount, "method": method, "reference": reference, "apply_to": apply_to}
    try:
        payment = accounts.record_payment(
            uow,
            practice_id=scope.practice_id,
            patient_id=patient_id,
            amount=Money.parse(amount.strip()),
            method=method,
            reference=reference,
            claim_id=_apply_to(apply_to),
            recorded_by=scope.username or f"user {scope.user_id}",
        )
    except FieldErrors as exc:
        uow.rollback()
        return account_page(request, uow, scope, patient_id, 422, error=str(exc), form=form)
    record_access(uow, scope, AuditAction.CREATE, "patient_payment", payment.id, patient_id, detail="web")
    return RedirectResponse(f"/payments/{payment.id}", status_code=303)


@router.post("/patients/{patient_id}/plans", dependencies=[Depends(verify_csrf)])
def set_up_plan(
    request: Request,
    uow: Uow,
    patient_id: int,
    scope: Annotated[Scope, require("payments:write")],
    total: Annotated[str, Form(max_length=12)] = "",
    installments: Annotated[str, Form(max_length=3)] = "",
    frequency: Annotated[str, Form(max_length=10)] = "monthly",
    first_due: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Spread what the patient owes over equal installments; payments then apply to them."""
    try:
        if not installments.strip().isdigit():
            raise FieldErrors.single("installments", "give the number of installments")
        try:
            first = date.fromisoformat(first_due)
        except ValueError:
            raise FieldErrors.single("first_due", "give the first due date") from None
        view = plans_service.create_plan(
            uow,
            practice_id=scope.practice_id,
            patient_id=patient_id,
            total=Money.parse(total.strip(), field="total"),
            first_due=first,
            frequency=frequency,
            installments_count=int(installments),
            today=clock.today(),
        )
    except (FieldErrors, Conflict) as exc:
        uow.rollback()
        code = 409 if isinstance(exc, Conflict) else 422
        return account_page(request, uow, scope, patient_id, code, error=exc.message)
    record_access(uow, scope, AuditAction.CREATE, "payment_plan", view.plan.id, patient_id, detail="web")
    return RedirectResponse(f"/patients/{patient_id}#plan-h", status_code=303)


@router.get("/payments/{payment_id}", name="payment_receipt")
def receipt(
    request: Request, uow: Uow, payment_id: int, scope: Annotated[Scope, require("payments:read")]
) -> Response:
    pid = scope.practice_id
    payment = accounts.get_payment(uow, practice_id=pid, payment_id=payment_id)
    record_access(
        uow, scope, AuditAction.READ, "patient_payment", payment.id, payment.patient_id, detail="web receipt"
    )
    return render(
        request,
        "receipt.html",
        title=f"Receipt {payment.receipt_number}",
        payment=payment,
        text=documents.receipt_text(uow, practice_id=pid, payment_id=payment.id),
        balance=accounts.get_account(uow, practice_id=pid, account=payment.account).summary,
    )


def _pdf(body: bytes, name: str) -> Response:
    return Response(
        body,
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{name}"', "cache-control": "no-store"},
    )


@router.get("/patients/{patient_id}/statement.pdf", name="statement_now")
def statement_now(uow: Uow, patient_id: int, scope: Annotated[Scope, require("payments:read")]) -> Response:
    pid = scope.practice_id
    account = accounts.account_of(
        uow, pid, intake.get(uow, intake.PATIENT, practice_id=pid, ident=patient_id).id
    )
    doc = documents.compose_statement(uow, practice_id=pid, account=account, on=clock.today())
    record_access(
        uow, scope, AuditAction.EXPORT, "statement", account, patient_id, detail="web statement pdf"
    )
    return _pdf(statement_pdf(doc), f"statement-{clock.today().isoformat()}.pdf")


@router.get("/patients/{patient_id}/statements/{statement_id}.pdf", name="statement_pdf")
def statement_sent(
    uow: Uow, patient_id: int, statement_id: int, scope: Annotated[Scope, require("payments:read")]
) -> Response:
    pid = scope.practice_id
    account = accounts.account_of(
        uow, pid, intake.get(uow, intake.PATIENT, practice_id=pid, ident=patient_id).id
    )
    found = [
        s for s in documents.statement_history(uow, practice_id=pid, account=account) if s.id == statement_id
    ]
    if not found:
        raise NotFound("statement", statement_id)
    record_access(
        uow, scope, AuditAction.EXPORT, "statement", statement_id, patient_id, detail="web statement pdf"
    )
    title = f"Statement of {found[0].statement_date.isoformat()}"
    return _pdf(text_pdf(title, found[0].content), f"statement-{found[0].statement_date.isoformat()}.pdf")


@router.post("/coverages/{coverage_id}/eligibility-check", dependencies=[Depends(verify_csrf)])
def check_now(
    request: Request, uow: Uow, coverage_id: int, scope: Annotated[Scope, require("coverages:write")]
) -> Response:
    pid = scope.practice_id
    coverage = intake.get(uow, intake.COVERAGE, practice_id=pid, ident=coverage_id)
    try:
        result = eligibility.check_coverage(
            uow,
            practice_id=pid,
            coverage_id=coverage.id,
            on=clock.today(),
            clearinghouse=realtime_clearinghouse(request),
        )
    except (ConfigurationError, FieldErrors) as exc:
        uow.rollback()
        return account_page(request, uow, scope, coverage.patient_id, 409, error=str(exc))
    record_access(
        uow,
        scope,
        AuditAction.READ,
        "eligibility_check",
        result.check.id,
        coverage.patient_id,
        detail="web check",
    )
    return RedirectResponse(f"/patients/{coverage.patient_id}#cov-h", status_code=303)


Mine = Annotated[bool, Query()]


@router.get("/queues/balances", name="queue_balances")
def balances_queue(
    request: Request, uow: Uow, scope: Annotated[Scope, require("payments:read")], mine: Mine = False
) -> Response:
    context = assignment_context(uow, scope, "balances", mine)
    items = keep_mine(balances_due(uow, scope.practice_id, clock.today()), lambda b: b.account, context)
    for item in items:
        record_access(
            uow,
            scope,
            AuditAction.READ,
            "account",
            item.account,
            item.patient_id,
            detail="web queue balances",
        )
    return render(request, "queue_balances.html", title="Patient balances", items=items, **context)


@router.get("/queues/eligibility", name="queue_eligibility")
def eligibility_queue(
    request: Request, uow: Uow, scope: Annotated[Scope, require("coverages:read")], mine: Mine = False
) -> Response:
    pid = scope.practice_id
    context = assignment_context(uow, scope, "eligibility", mine)
    items = keep_mine(eligibility_problems(uow, pid, clock.today()), lambda p: p.coverage.id, context)
    for item in items:
        record_access(
            uow,
            scope,
            AuditAction.READ,
            "coverage",
            item.coverage.id,
            item.coverage.patient_id,
            detail="web queue eligibility",
        )
    return render(
        request,
        "queue_eligibility.html",
        title="Eligibility problems",
        items=items,
        problems=PROBLEMS,
        payers=payer_names(uow, pid),
        today=clock.today(),
        **context,
    )
