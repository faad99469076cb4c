"""The dashboard: today's work per queue, and charts drawn from what the services know.

A chart shows only real data; without any, its place says why it is empty.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Request, Response
from markupsafe import Markup

from revcycle.api.deps import Scope, Uow, require
from revcycle.claims import followup, queries
from revcycle.claims.domain.lifecycle import ClaimState
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.remittance import queries as remittances
from revcycle.remittance.service import denials
from revcycle.web import charts
from revcycle.web.app import render
from revcycle.web.lookups import payer_names

router = APIRouter(include_in_schema=False)
WEEKS = 8


def _queue_counts(uow: UnitOfWork, scope: Scope) -> list[tuple[str, str, int, str]]:
    """(label, link, count, what it counts) for each queue this role may work."""
    if not scope.can("claims:read"):
        return []
    pid = scope.practice_id
    states = queries.count_by_state(uow, pid)
    due = followup.follow_up_queue(uow, practice_id=pid, due_only=True)
    return [
        ("Claims to fix", "/queues/to-fix", len(queries.to_fix(uow, pid)), "drafts the scrubber held"),
        (
            "Rejections",
            "/queues/rejections",
            states.get(ClaimState.REJECTED.value, 0),
            "rejected by clearinghouse or payer",
        ),
        (
            "Status checks due",
            "/queues/unpaid?days=0",
            len(due),
            "sent, unanswered past the payer's follow-up days",
        ),
    ]


def _aging_chart(uow: UnitOfWork, pid: int) -> Markup | None:
    rows = queries.open_charges_aging(uow, pid, clock.today())
    if not rows:
        return None
    names = payer_names(uow, pid)
    series = [
        charts.Series(label, [r.buckets[i].amount for r in rows])
        for i, (label, _, _) in enumerate(queries.AGING_BUCKETS)
    ]
    return charts.stacked_bars(
        "aging",
        "Charges awaiting the payer, by payer and days since the date of service",
        "; ".join(f"{names.get(r.payer_id, r.payer_id)}: {r.total.display()}" for r in rows),
        [names.get(r.payer_id, str(r.payer_id)) for r in rows],
        series,
        "$",
    )


def _clean_rate_chart(uow: UnitOfWork, pid: int) -> Markup | None:
    weeks = queries.clean_claim_rate_by_week(uow, pid, WEEKS, clock.today())
    if not weeks:
        return None
    rates = [(Decimal(w.clean) * 100 / w.scrubbed).quantize(Decimal(1)) for w in weeks]
    return charts.rate_line(
        "clean",
        "Clean claim rate by week: claims passing every edit on their first scrub",
        "; ".join(f"week of {w.week:%m/%d}: {w.clean} of {w.scrubbed}" for w in weeks),
        [f"{w.week:%m/%d}" for w in weeks],
        rates,
    )


def _denials_chart(uow: UnitOfWork, pid: int) -> Markup | None:
    causes = denials.causes_summary(uow, practice_id=pid)
    counts = [(cause.replace("_", " "), int(v["count"])) for cause, v in causes.items() if int(v["count"])]
    if not counts:
        return None
    return charts.pareto(
        "denials",
        "Open denials by cause, most frequent first, with the cumulative share",
        "; ".join(f"{c}: {n}" for c, n in counts),
        counts,
    )


def _payments_chart(uow: UnitOfWork, pid: int) -> Markup | None:
    weeks = remittances.payments_by_week(uow, pid, WEEKS, clock.today())
    if not weeks:
        return None
    return charts.bars(
        "payments",
        "Insurance payments posted from remittances, by week of payment",
        "; ".join(f"week of {w:%m/%d}: ${v:,.2f}" for w, v in weeks),
        [f"{w:%m/%d}" for w, _ in weeks],
        [v for _, v in weeks],
        "$",
    )


@router.get("/", name="home")
def home(request: Request, uow: Uow, scope: Annotated[Scope, require("self:read")]) -> Response:
    pid = scope.practice_id
    can_report = scope.can("reports:read")
    return render(
        request,
        "home.html",
        title="Dashboard",
        queues=_queue_counts(uow, scope),
        can_report=can_report,
        aging=_aging_chart(uow, pid) if can_report else None,
        clean_rate=_clean_rate_chart(uow, pid) if can_report else None,
        denials=_denials_chart(uow, pid) if can_report else None,
        payments=_payments_chart(uow, pid) if can_report else None,
    )
