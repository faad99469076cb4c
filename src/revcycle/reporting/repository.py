"""Every reporting query. Read only; each returns small, grouped facts for ``domain`` to judge.

Reports read other contexts' tables (ledger, claims, charges, intake, remittance) directly, as a
read model: grouping in SQL is what keeps them fast at a million claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    and_,
    case,
    func,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from revcycle.charges.tables import ChargeLineRow, EncounterRow
from revcycle.claims.tables import ClaimEventRow, ClaimLineRow, ClaimRow
from revcycle.intake.tables import PatientRow, PayerRow, ProviderRow
from revcycle.kit.money import Money
from revcycle.ledger.domain import AR_KINDS, AccountKind, EntryKind
from revcycle.ledger.tables import LedgerAccountRow, LedgerEntryRow, LedgerLineRow
from revcycle.remittance.tables import WorkItemRow
from revcycle.reporting import sql
from revcycle.reporting.domain import AgingBasis, AgingBy, ClaimFacts, Outcome, Party
from revcycle.reporting.tables import ArBalanceRow, ArMovementRow

_AR = sorted(k.value for k in AR_KINDS)
_SUM = type_coerce(func.sum(LedgerLineRow.amount), BigInteger)

ADJUDICATIONS = ("paid", "partially_paid", "denied")
REJECTIONS = ("ack_rejected", "payer_rejected")
FAILED_EDITS = ("scrub_failed", "edit", "ack_rejected", "payer_rejected", "correct")


# -- aging -------------------------------------------------------------------------------------------
def _receivables(session: Session, practice_id: int, as_of: date) -> Any:
    """(account dims, amount) rows whose sum per account is its AR balance as of ``as_of``: the
    summary's non-zero balances, less the lines of entries effective after ``as_of`` (none in
    the usual "as of today" case; an index range otherwise)."""
    s = ArBalanceRow
    dims = (s.account_id, s.kind, s.payer_id, s.patient_id, s.claim_id, s.charge_line_id, s.opened_on)
    current = select(*dims, type_coerce(s.balance, BigInteger).label("amount")).where(
        s.practice_id == practice_id, s.balance != Money.zero()
    )
    later = (
        select(*dims, type_coerce(-LedgerLineRow.amount, BigInteger).label("amount"))
        .select_from(LedgerEntryRow)
        .join(LedgerLineRow, LedgerLineRow.entry_id == LedgerEntryRow.id)
        .join(s, s.account_id == LedgerLineRow.account_id)
        .where(LedgerEntryRow.practice_id == practice_id, LedgerEntryRow.effective_date > as_of)
    )
    return union_all(current, later).subquery("receivables")


def ar_total(session: Session, practice_id: int, as_of: date) -> Money:
    """The ledger's AR as of the day from the other half of the summary: the per-day AR movements
    of every posting effective by then (a few hundred rows). The aging buckets come from the
    per-account balances, so ``ties`` checks one against the other to the cent."""
    m = ArMovementRow
    query = select(type_coerce(func.coalesce(func.sum(m.amount), 0), BigInteger)).where(
        m.practice_id == practice_id, m.effective_date <= as_of
    )
    return Money.from_cents(int(session.scalar(query) or 0))


def aging_facts(
    session: Session, practice_id: int, as_of: date, basis: AgingBasis, by: AgingBy, *, billed_only: bool
) -> list[tuple[Party, date, Money]]:
    """AR as of ``as_of`` by party and basis date (a claim's date of service or first submission,
    ``claims.first_submitted_at``).

    A self-pay visit line (no claim) ages from its date of service; other lines on accounts
    without a claim age from the account's opening day.
    """
    r = _receivables(session, practice_id, as_of)
    query = select().select_from(r).outerjoin(ClaimRow, ClaimRow.id == r.c.claim_id)
    self_pay_served = (  # looked up by key only for the few receivables without a claim
        select(ChargeLineRow.service_date)
        .where(ChargeLineRow.id == r.c.charge_line_id)
        .correlate(r)
        .scalar_subquery()
    )
    served: Any = func.coalesce(ClaimRow.date_of_service, self_pay_served)
    basis_date: Any = func.coalesce(served, r.c.opened_on)
    if basis is AgingBasis.SUBMISSION:
        basis_date = func.coalesce(sql.day_of(session, ClaimRow.first_submitted_at), served, r.c.opened_on)
    if billed_only:  # claims sent, and self-pay visits (billed to the patient when captured)
        query = query.where(or_(ClaimRow.submitted_at.is_not(None), r.c.charge_line_id.is_not(None)))
    basis_date = type_coerce(basis_date, Date).label("basis_date")
    total = type_coerce(func.sum(r.c.amount), BigInteger)
    if by is AgingBy.PATIENT:
        per_patient = (
            query.add_columns(r.c.patient_id.label("patient_id"), basis_date, total.label("cents"))
            .group_by(r.c.patient_id, basis_date)
            .subquery()
        )
        p = per_patient.c
        rows = session.execute(
            select(p.patient_id, PatientRow.account_number, p.basis_date, p.cents)
            .select_from(per_patient)
            .outerjoin(PatientRow, PatientRow.id == p.patient_id)
        ).all()
        return [
            (Party(AgingBy.PATIENT, patient, account or ""), day, Money.from_cents(int(cents)))
            for patient, account, day, cents in rows
        ]
    dims: list[Any] = [r.c.kind, r.c.payer_id]
    rows = session.execute(query.add_columns(*dims, basis_date, total).group_by(*dims, basis_date)).all()
    ids = {payer for kind, payer, _, _ in rows if kind == AccountKind.INSURANCE_AR.value}
    names = payer_names(session, ids)
    parties: dict[int | None, Party] = {i: Party(AgingBy.PAYER, i, names.get(i, f"payer {i}")) for i in ids}
    parties[None] = Party(AgingBy.PATIENT, None, "patient responsibility")
    return [
        (
            parties[payer if kind == AccountKind.INSURANCE_AR.value else None],
            day,
            Money.from_cents(int(cents)),
        )
        for kind, payer, day, cents in rows
    ]


def ar_movements(session: Session, practice_id: int, start: date, end: date) -> dict[EntryKind, Money]:
    """Receivable movement per entry kind for entries effective from ``start`` to ``end`` (the
    summary's per-day rows: a few hundred, whatever the number of claims)."""
    m = ArMovementRow
    query = (
        select(m.entry_kind, type_coerce(func.sum(m.amount), BigInteger))
        .where(m.practice_id == practice_id, m.effective_date >= start, m.effective_date <= end)
        .group_by(m.entry_kind)
    )
    return {EntryKind(kind): Money.from_cents(int(cents)) for kind, cents in session.execute(query).all()}


# -- claim KPIs -------------------------------------------------------------------------------------
def _touched(low: datetime, high: datetime, events: Sequence[str]) -> Any:
    """Claims with one of ``events`` in [low, high): only their histories need reading."""
    ev = ClaimEventRow
    return select(ev.claim_id).where(ev.event.in_(events), ev.at >= sql.at(low), ev.at < sql.at(high))


def claim_cohorts(
    session: Session, practice_id: int, start: date, end: date
) -> list[tuple[ClaimFacts, int, Money]]:
    """Claims grouped by what their history says about the period (see ``domain.ClaimFacts``)."""
    ev = ClaimEventRow
    low, high = sql.bounds(start, end)

    def first_id(*events: str) -> Any:
        return func.min(ev.id).filter(ev.event.in_(events))

    per_claim = (
        select(
            ev.claim_id.label("claim_id"),
            func.min(ev.at).filter(ev.event == "submit").label("first_submit"),
            func.min(ev.at).filter(ev.event.in_(ADJUDICATIONS)).label("first_adjudication"),
            first_id("paid").label("paid_id"),
            first_id("partially_paid").label("partial_id"),
            first_id("denied").label("denied_id"),
            first_id(*ADJUDICATIONS).label("adjudication_id"),
            first_id(*REJECTIONS).label("rejection_id"),
            func.count(ev.id).filter(ev.event.in_(FAILED_EDITS)).label("failed_edits"),
            type_coerce(func.max(ClaimRow.total_charge), BigInteger).label("charge"),
        )
        .join(ClaimRow, ClaimRow.id == ev.claim_id)
        .where(
            ClaimRow.practice_id == practice_id,
            ev.claim_id.in_(_touched(low, high, ("submit", *ADJUDICATIONS))),
        )
        .group_by(ev.claim_id)
        .subquery()
    )
    c = per_claim.c
    submitted = and_(c.first_submit >= sql.at(low), c.first_submit < sql.at(high))
    adjudicated = and_(c.first_adjudication >= sql.at(low), c.first_adjudication < sql.at(high))
    outcome = case(
        (and_(adjudicated, c.adjudication_id == c.denied_id), Outcome.DENIED.value),
        (and_(adjudicated, c.adjudication_id == c.partial_id), Outcome.PARTIALLY_PAID.value),
        (adjudicated, Outcome.PAID.value),
        else_=None,
    ).label("outcome")
    rejected = and_(
        c.rejection_id.is_not(None), or_(c.adjudication_id.is_(None), c.rejection_id < c.adjudication_id)
    )
    keys = (
        case((submitted, 1), else_=0).label("sent"),
        outcome,
        case((rejected, 1), else_=0).label("rejected"),
        case((c.failed_edits > 0, 1), else_=0).label("failed"),
    )
    query = (
        select(*keys, func.count(), type_coerce(func.sum(c.charge), BigInteger))
        .select_from(per_claim)
        .where(or_(submitted, adjudicated))
        .group_by(*keys)
    )
    return [
        (
            ClaimFacts(bool(sent), Outcome(out) if out else None, bool(rej), bool(failed)),
            int(count),
            Money.from_cents(int(cents or 0)),
        )
        for sent, out, rej, failed, count, cents in session.execute(query).all()
    ]


# -- ledger movements by dimension ------------------------------------------------------------------
def movements_by(
    session: Session, practice_id: int, start: date, end: date, dimension: str
) -> list[tuple[Any, EntryKind, Money]]:
    """Receivable movement per (provider | code, entry kind) for entries effective in the period
    (a self-pay visit line's come from its encounter and charge line)."""
    dim: Any = (
        EncounterRow.rendering_provider_id
        if dimension == "provider"
        else func.coalesce(ClaimLineRow.code, ChargeLineRow.code)
    )
    query = (
        select(dim, LedgerEntryRow.kind, _SUM)
        .select_from(LedgerLineRow)
        .join(LedgerEntryRow, LedgerEntryRow.id == LedgerLineRow.entry_id)
        .join(LedgerAccountRow, LedgerAccountRow.id == LedgerLineRow.account_id)
        .outerjoin(ClaimRow, ClaimRow.id == LedgerAccountRow.claim_id)
        .outerjoin(ChargeLineRow, ChargeLineRow.id == LedgerAccountRow.charge_line_id)
        .where(
            LedgerAccountRow.practice_id == practice_id,
            LedgerAccountRow.kind.in_(_AR),
            LedgerEntryRow.effective_date >= start,
            LedgerEntryRow.effective_date <= end,
        )
        .group_by(dim, LedgerEntryRow.kind)
    )
    if dimension == "provider":
        encounter = func.coalesce(ClaimRow.encounter_id, ChargeLineRow.encounter_id)
        query = query.outerjoin(EncounterRow, EncounterRow.id == encounter)
    else:
        query = query.outerjoin(ClaimLineRow, ClaimLineRow.id == LedgerAccountRow.claim_line_id)
    return [
        (key, EntryKind(kind), Money.from_cents(int(cents))) for key, kind, cents in session.execute(query)
    ]


def provider_labels(session: Session, ids: set[int]) -> dict[int, str]:
    rows = session.execute(
        select(ProviderRow.id, ProviderRow.npi, ProviderRow.last_name, ProviderRow.organization_name).where(
            ProviderRow.id.in_(ids)
        )
    ).all()
    return {i: f"{npi} {last or org or ''}".strip() for i, npi, last, org in rows}


# -- denials, payers, people ------------------------------------------------------------------------
def denial_counts(
    session: Session, practice_id: int, start: date, end: date
) -> list[tuple[date, str, int | None, int | None, int, Money]]:
    """Denial work items raised in the period by (day, cause, payer, rendering provider)."""
    day = sql.day_of(session, WorkItemRow.created_at)
    low, high = sql.bounds(start, end)
    dims = (day, WorkItemRow.cause, ClaimRow.payer_id, EncounterRow.rendering_provider_id)
    query = (
        select(*dims, func.count(), type_coerce(func.sum(WorkItemRow.amount), BigInteger))
        .select_from(WorkItemRow)
        .outerjoin(ClaimRow, ClaimRow.id == WorkItemRow.claim_id)
        .outerjoin(EncounterRow, EncounterRow.id == ClaimRow.encounter_id)
        .where(
            WorkItemRow.practice_id == practice_id,
            WorkItemRow.queue == "denial",
            WorkItemRow.created_at >= sql.at(low),
            WorkItemRow.created_at < sql.at(high),
        )
        .group_by(*dims)
    )
    return [
        (d, cause or "unknown", payer, provider, int(n), Money.from_cents(int(cents or 0)))
        for d, cause, payer, provider, n, cents in session.execute(query)
    ]


def payer_payment_times(
    session: Session, practice_id: int, start: date, end: date
) -> dict[int, tuple[int, float, int]]:
    """payer id -> (claims first paid in the period, sum of days from first submission to that
    payment, claims first denied in the period)."""
    ev = ClaimEventRow
    low, high = sql.bounds(start, end)
    per_claim = (
        select(
            ev.claim_id.label("claim_id"),
            func.min(ev.at).filter(ev.event == "submit").label("first_submit"),
            func.min(ev.at).filter(ev.event.in_(("paid", "partially_paid"))).label("first_paid"),
            func.min(ev.at).filter(ev.event == "denied").label("first_denied"),
        )
        .join(ClaimRow, ClaimRow.id == ev.claim_id)
        .where(ClaimRow.practice_id == practice_id, ev.claim_id.in_(_touched(low, high, ADJUDICATIONS)))
        .group_by(ev.claim_id)
        .subquery()
    )
    c = per_claim.c
    paid = and_(c.first_paid >= sql.at(low), c.first_paid < sql.at(high), c.first_submit.is_not(None))
    denied = and_(c.first_denied >= sql.at(low), c.first_denied < sql.at(high))
    query = (
        select(
            ClaimRow.payer_id,
            func.sum(case((paid, 1), else_=0)),
            func.sum(case((paid, sql.days_between(session, c.first_paid, c.first_submit)), else_=0)),
            func.sum(case((denied, 1), else_=0)),
        )
        .select_from(per_claim)
        .join(ClaimRow, ClaimRow.id == c.claim_id)
        .where(or_(paid, denied))
        .group_by(ClaimRow.payer_id)
    )
    return {
        int(payer): (int(n or 0), float(days or 0), int(d or 0))
        for payer, n, days, d in session.execute(query)
    }


def underpayments(session: Session, practice_id: int, start: date, end: date) -> dict[int, tuple[int, Money]]:
    """payer id -> (underpaid work items raised in the period, their amount)."""
    low, high = sql.bounds(start, end)
    query = (
        select(ClaimRow.payer_id, func.count(), type_coerce(func.sum(WorkItemRow.amount), BigInteger))
        .select_from(WorkItemRow)
        .join(ClaimRow, ClaimRow.id == WorkItemRow.claim_id)
        .where(
            WorkItemRow.practice_id == practice_id,
            WorkItemRow.queue == "underpaid",
            WorkItemRow.created_at >= sql.at(low),
            WorkItemRow.created_at < sql.at(high),
        )
        .group_by(ClaimRow.payer_id)
    )
    return {int(p): (int(n), Money.from_cents(int(c or 0))) for p, n, c in session.execute(query)}


def payer_names(session: Session, ids: set[int]) -> dict[int, str]:
    return dict(session.execute(select(PayerRow.id, PayerRow.name).where(PayerRow.id.in_(ids))).all())


def user_activity(
    session: Session, practice_id: int, start: date, end: date
) -> list[tuple[str, date, int, int, int]]:
    """(actor, day, distinct claims worked, events, denials resolved) for people (``user <id>``)."""
    ev = ClaimEventRow
    day = sql.day_of(session, ev.at)
    low, high = sql.bounds(start, end)
    query = (
        select(
            ev.actor,
            day,
            func.count(ev.claim_id.distinct()),
            func.count(),
            func.count(ev.claim_id.distinct()).filter(ev.from_state == "denied"),
        )
        .join(ClaimRow, ClaimRow.id == ev.claim_id)
        .where(
            ClaimRow.practice_id == practice_id,
            ev.actor.like("user %"),
            ev.at >= sql.at(low),
            ev.at < sql.at(high),
        )
        .group_by(ev.actor, day)
    )
    return [(a, d, int(w), int(n), int(r)) for a, d, w, n, r in session.execute(query)]


def watermark(session: Session, practice_id: int) -> tuple[int, int, int]:
    """Cheap change markers (newest ledger entry, claim event, work item), in one round trip: a
    cached report is reused only while these stand still."""
    row = session.execute(
        select(
            select(func.max(LedgerEntryRow.id)).scalar_subquery(),
            select(func.max(ClaimEventRow.id)).scalar_subquery(),
            select(func.max(WorkItemRow.id)).scalar_subquery(),
        )
    ).one()
    return (int(row[0] or 0), int(row[1] or 0), int(row[2] or 0))
