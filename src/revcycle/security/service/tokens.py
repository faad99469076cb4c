"""API tokens for integrations: random, shown once, stored as a SHA-256 hash, scoped and expiring."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import AuthenticationRequired, FieldErrors
from revcycle.security import repository
from revcycle.security.domain import MATRIX, Principal, permissions_for, token_permissions
from revcycle.security.service.users import get_user
from revcycle.security.tables import ApiTokenRow

TOKEN_PREFIX = "rc_"  # noqa: S105 - a label, not a secret
MAX_DAYS = 366
LAST_USED_RESOLUTION = timedelta(minutes=1)
"""``last_used_at`` is rewritten at most this often: every request of a busy integration would
otherwise be a write (and a commit) before it is even routed."""


def digest(secret: str) -> str:
    """Tokens carry 256 random bits, so a plain SHA-256 is a sound way to store them."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    row: ApiTokenRow
    token: str
    """The secret itself: shown once, never stored."""


def create_token(
    uow: UnitOfWork, *, user_id: int, scopes: Iterable[str] = (), expires_days: int = 90
) -> NewToken:
    user = get_user(uow, user_id)
    wanted = sorted(set(scopes))
    unknown = [s for s in wanted if s not in MATRIX]
    if unknown:
        raise FieldErrors.single("scope", f"unknown permission(s): {', '.join(unknown)}")
    not_held = [s for s in wanted if s not in permissions_for(user.role)]
    if not_held:
        raise FieldErrors.single("scope", f"the user's role does not hold: {', '.join(not_held)}")
    if not 1 <= expires_days <= MAX_DAYS:
        raise FieldErrors.single("expires_days", f"between 1 and {MAX_DAYS} days")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiTokenRow(
        user_id=user.id,
        token_hash=digest(token),
        prefix=token[:10],
        scopes=wanted,
        expires_at=clock.now() + timedelta(days=expires_days),
    )
    uow.session.add(row)
    uow.flush()
    return NewToken(row, token)


def principal_from_token(uow: UnitOfWork, token: str) -> Principal:
    """The token's user, with their open emergency grant noted (see ``auth.with_break_glass``)."""
    now = clock.now()
    found = repository.token_holder(uow, digest(token), now)
    if found is None:
        raise AuthenticationRequired("the bearer token is unknown, revoked or expired")
    row, user, grant = found
    if row.revoked_at is not None or row.expires_at <= now:
        raise AuthenticationRequired("the bearer token is unknown, revoked or expired")
    if not user.active:
        raise AuthenticationRequired("the token's user is disabled")
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        row.last_used_at = now
    return Principal(
        practice_id=user.practice_id,
        user_id=user.id,
        role=user.role,
        permissions=token_permissions(user.role, row.scopes or ()),
        username=user.username,
        via="token",
        token_id=row.id,
        grant_id=grant.id if grant is not None else None,
        grant_patient_id=grant.patient_id if grant is not None else None,
    )


def revoke_token(uow: UnitOfWork, token_id: int) -> None:
    row = uow.session.get(ApiTokenRow, token_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = clock.now()
