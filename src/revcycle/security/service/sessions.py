"""Web sessions: a random cookie value stored hashed, an idle and an absolute timeout, a CSRF token."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import AuthenticationRequired
from revcycle.security import repository
from revcycle.security.config import security_settings
from revcycle.security.domain import MFA_ROLES, Principal, SessionState, session_state
from revcycle.security.service.tokens import digest
from revcycle.security.service.users import principal_for
from revcycle.security.tables import SessionRow, UserRow


@dataclass(frozen=True)
class NewSession:
    row: SessionRow
    cookie: str
    """The cookie value: shown to the browser once, stored only as a hash."""


def start_session(uow: UnitOfWork, user: UserRow, *, ip: str | None = None) -> NewSession:
    """A session after a correct password; admins and supervisors still owe a TOTP code."""
    cookie = secrets.token_urlsafe(32)
    now = clock.now()
    row = SessionRow(
        user_id=user.id,
        token_hash=digest(cookie),
        csrf_token=secrets.token_urlsafe(32),
        mfa_passed=user.role not in MFA_ROLES,
        created_at=now,
        last_seen_at=now,
        ip=ip,
    )
    uow.session.add(row)
    uow.flush()
    return NewSession(row, cookie)


@dataclass(frozen=True)
class LiveSession:
    row: SessionRow
    user: UserRow

    @property
    def needs_mfa(self) -> bool:
        return not self.row.mfa_passed

    def principal(self) -> Principal:
        return principal_for(self.user, via="session", session_id=self.row.id)


def find_session(uow: UnitOfWork, cookie: str, *, touch: bool = True) -> LiveSession:
    """The live session behind ``cookie``; expired ones end here (automatic logoff)."""
    row = repository.session_by_hash(uow, digest(cookie))
    if row is None:
        raise AuthenticationRequired("please sign in")
    now = clock.now()
    state = session_state(
        created_at=row.created_at,
        last_seen_at=row.last_seen_at,
        ended=row.ended_at is not None,
        now=now,
        policy=security_settings().session,
    )
    if state is not SessionState.ACTIVE:
        if row.ended_at is None:
            row.ended_at = now
        raise AuthenticationRequired(
            "your session ended; please sign in again"
            if state is not SessionState.IDLE_EXPIRED
            else "you were signed out after a period of inactivity; please sign in again"
        )
    user = repository.user_by_id(uow, row.user_id)
    if user is None or not user.active:
        row.ended_at = now
        raise AuthenticationRequired("please sign in")
    if touch:
        row.last_seen_at = now
    return LiveSession(row, user)


def pass_mfa(uow: UnitOfWork, session: LiveSession) -> str:
    """Mark the second factor passed and issue a new cookie value: the one handed out before the
    TOTP step stops working (no session fixation)."""
    session.row.mfa_passed = True
    return renew_cookie(session)


def renew_cookie(session: LiveSession) -> str:
    """A new cookie value for the session (after a step up: TOTP, a password change); the old one
    stops working."""
    cookie = secrets.token_urlsafe(32)
    session.row.token_hash = digest(cookie)
    return cookie


def end_session(uow: UnitOfWork, cookie: str) -> None:
    row = repository.session_by_hash(uow, digest(cookie))
    if row is not None and row.ended_at is None:
        row.ended_at = clock.now()
