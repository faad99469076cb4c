"""Every security query."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, aliased

from revcycle.kit.db import UnitOfWork, UTCDateTime
from revcycle.kit.errors import NotFound
from revcycle.security.tables import (
    ApiTokenRow,
    AuditEventRow,
    BreakGlassRow,
    CodedItemRow,
    CodingFindingRow,
    CodingSampleRow,
    SessionRow,
    UserRow,
)


def user_by_name(uow: UnitOfWork, username: str) -> UserRow | None:
    return uow.session.scalars(select(UserRow).where(UserRow.username == username)).first()


def user_by_id(uow: UnitOfWork, user_id: int) -> UserRow | None:
    return uow.session.get(UserRow, user_id)


def users_of(uow: UnitOfWork, practice_id: int) -> Sequence[UserRow]:
    return uow.session.scalars(
        select(UserRow).where(UserRow.practice_id == practice_id).order_by(UserRow.username)
    ).all()


def scoped_user(uow: UnitOfWork, practice_id: int, user_id: int) -> UserRow:
    row = uow.session.get(UserRow, user_id)
    if row is None or row.practice_id != practice_id:
        raise NotFound("user", user_id)
    return row


def token_by_hash(uow: UnitOfWork, token_hash: str) -> ApiTokenRow | None:
    return uow.session.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash)).first()


@cache
def _token_holder_query() -> Select[ApiTokenRow, UserRow, BreakGlassRow]:
    """Built once: an aliased join is costly to build, and every API request runs this."""
    now = bindparam("now", type_=UTCDateTime())
    open_grant = (
        select(BreakGlassRow.id)
        .where(
            BreakGlassRow.user_id == ApiTokenRow.user_id,
            BreakGlassRow.expires_at > now,
            BreakGlassRow.patient_id.is_not(None),
        )
        .order_by(BreakGlassRow.id.desc())
        .limit(1)
        .correlate(ApiTokenRow)
        .scalar_subquery()
    )
    grant = aliased(BreakGlassRow)
    return (
        select(ApiTokenRow, UserRow, grant)
        .join(UserRow, UserRow.id == ApiTokenRow.user_id)
        .outerjoin(grant, grant.id == open_grant)
        .where(ApiTokenRow.token_hash == bindparam("token_hash"))
    )


def token_holder(
    uow: UnitOfWork, token_hash: str, now: datetime
) -> tuple[ApiTokenRow, UserRow, BreakGlassRow | None] | None:
    """A token, its user and the user's newest open emergency grant, in one round trip: every API
    request starts with this."""
    row = uow.session.execute(_token_holder_query(), {"token_hash": token_hash, "now": now}).first()
    return None if row is None else (row[0], row[1], row[2])


def session_by_hash(uow: UnitOfWork, token_hash: str) -> SessionRow | None:
    return uow.session.scalars(select(SessionRow).where(SessionRow.token_hash == token_hash)).first()


def active_grant(uow: UnitOfWork, user_id: int, now: datetime) -> BreakGlassRow | None:
    return uow.session.scalars(
        select(BreakGlassRow)
        .where(
            BreakGlassRow.user_id == user_id,
            BreakGlassRow.expires_at > now,
            BreakGlassRow.patient_id.is_not(None),
        )
        .order_by(BreakGlassRow.id.desc())
    ).first()


def grants(uow: UnitOfWork, practice_id: int, status: str | None) -> Sequence[BreakGlassRow]:
    query = select(BreakGlassRow).where(BreakGlassRow.practice_id == practice_id)
    if status:
        query = query.where(BreakGlassRow.review_status == status)
    return uow.session.scalars(query.order_by(BreakGlassRow.id)).all()


def scoped_grant(uow: UnitOfWork, practice_id: int, grant_id: int) -> BreakGlassRow:
    row = uow.session.get(BreakGlassRow, grant_id)
    if row is None or row.practice_id != practice_id:
        raise NotFound("break-glass grant", grant_id)
    return row


def accesses_under(uow: UnitOfWork, grant_id: int) -> Sequence[AuditEventRow]:
    """Every audit record written under an emergency grant, oldest first."""
    return uow.session.scalars(
        select(AuditEventRow).where(AuditEventRow.break_glass_id == grant_id).order_by(AuditEventRow.id)
    ).all()


# -- audit ----------------------------------------------------------------------------------------
def last_chained(session: Session) -> AuditEventRow | None:
    return session.scalars(
        select(AuditEventRow)
        .where(AuditEventRow.position.is_not(None))
        .order_by(AuditEventRow.position.desc())
    ).first()


def chain(uow: UnitOfWork) -> Sequence[AuditEventRow]:
    """Every chained record in chain order (unsealed ones, which have no position, last)."""
    return uow.session.scalars(
        select(AuditEventRow).order_by(
            AuditEventRow.position.is_(None), AuditEventRow.position, AuditEventRow.id
        )
    ).all()


def search_audit(
    uow: UnitOfWork, practice_id: int, criteria: Mapping[str, Any], limit: int, offset: int
) -> tuple[Sequence[AuditEventRow], int]:
    query = select(AuditEventRow).where(AuditEventRow.practice_id == practice_id)
    for name in ("user_id", "patient_id", "action", "outcome", "entity", "entity_id", "purpose"):
        if criteria.get(name) is not None:
            query = query.where(getattr(AuditEventRow, name) == criteria[name])
    if criteria.get("since") is not None:
        query = query.where(AuditEventRow.occurred_at >= criteria["since"])
    if criteria.get("until") is not None:
        query = query.where(AuditEventRow.occurred_at < criteria["until"])
    if criteria.get("purposes") is not None:
        query = query.where(AuditEventRow.purpose.in_(criteria["purposes"]))
    total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = uow.session.scalars(query.order_by(AuditEventRow.id).limit(limit).offset(offset)).all()
    return rows, int(total)


# -- coding audit ---------------------------------------------------------------------------------
def coded_items(
    uow: UnitOfWork, practice_id: int, coder_user_id: int, start: datetime, end: datetime
) -> Sequence[CodedItemRow]:
    return uow.session.scalars(
        select(CodedItemRow).where(
            CodedItemRow.practice_id == practice_id,
            CodedItemRow.coder_user_id == coder_user_id,
            CodedItemRow.coded_at >= start,
            CodedItemRow.coded_at < end,
        )
    ).all()


def scoped_sample(uow: UnitOfWork, practice_id: int, sample_id: int) -> CodingSampleRow:
    row = uow.session.get(CodingSampleRow, sample_id)
    if row is None or row.practice_id != practice_id:
        raise NotFound("coding sample", sample_id)
    return row


def findings_of(uow: UnitOfWork, sample_id: int) -> Sequence[CodingFindingRow]:
    return uow.session.scalars(
        select(CodingFindingRow).where(CodingFindingRow.sample_id == sample_id).order_by(CodingFindingRow.id)
    ).all()


def scoped_finding(uow: UnitOfWork, practice_id: int, finding_id: int) -> CodingFindingRow:
    row = uow.session.get(CodingFindingRow, finding_id)
    if row is None or row.practice_id != practice_id:
        raise NotFound("coding finding", finding_id)
    return row


def findings_with_coder(
    uow: UnitOfWork, practice_id: int, start: datetime | None, end: datetime | None
) -> Sequence[tuple[CodingFindingRow, int]]:
    query = (
        select(CodingFindingRow, CodedItemRow.coder_user_id)
        .join(CodedItemRow, CodedItemRow.id == CodingFindingRow.coded_item_id)
        .where(CodingFindingRow.practice_id == practice_id)
    )
    if start is not None:
        query = query.where(CodedItemRow.coded_at >= start)
    if end is not None:
        query = query.where(CodedItemRow.coded_at < end)
    return [(f, int(c)) for f, c in uow.session.execute(query).all()]


def samples_with_progress(uow: UnitOfWork, practice_id: int) -> Sequence[tuple[CodingSampleRow, int, int]]:
    """The practice's coding samples, newest first, each with its item count and items reviewed."""
    query = (
        select(CodingSampleRow, func.count(CodingFindingRow.id), func.count(CodingFindingRow.correct))
        .outerjoin(CodingFindingRow, CodingFindingRow.sample_id == CodingSampleRow.id)
        .where(CodingSampleRow.practice_id == practice_id)
        .group_by(CodingSampleRow.id)
        .order_by(CodingSampleRow.id.desc())
    )
    return [(s, int(n), int(r)) for s, n, r in uow.session.execute(query).all()]


def coded_items_by_id(uow: UnitOfWork, practice_id: int, ids: Sequence[int]) -> dict[int, CodedItemRow]:
    rows = uow.session.scalars(
        select(CodedItemRow).where(CodedItemRow.practice_id == practice_id, CodedItemRow.id.in_(ids))
    ).all()
    return {r.id: r for r in rows}
