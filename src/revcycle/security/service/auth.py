"""Who is asking: a bearer token or a session cookie becomes a :class:`Principal`."""

from __future__ import annotations

from dataclasses import replace

from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import AuthenticationRequired
from revcycle.security import repository
from revcycle.security.domain import BREAK_GLASS_PERMISSIONS, Principal
from revcycle.security.service.sessions import find_session
from revcycle.security.service.tokens import principal_from_token

SESSION_COOKIE = "rc_session"


def authenticate(uow: UnitOfWork, *, authorization: str | None, session_cookie: str | None) -> Principal:
    """The principal behind the request's credentials; a bearer token wins over a cookie."""
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationRequired("send Authorization: Bearer <token>")
        return with_break_glass(uow, principal_from_token(uow, token.strip()))
    if session_cookie:
        live = find_session(uow, session_cookie)
        if live.needs_mfa:
            raise AuthenticationRequired("enter the code from your authenticator app to finish signing in")
        return with_break_glass(uow, live.principal())
    raise AuthenticationRequired("sign in, or send Authorization: Bearer <token>")


def with_break_glass(uow: UnitOfWork, principal: Principal) -> Principal:
    """While an emergency grant is open, the user also holds the break-glass permissions."""
    if principal.user_id is None:
        return principal
    grant = repository.active_grant(uow, principal.user_id, clock.now())
    if grant is None:
        return principal
    return replace(
        principal, permissions=principal.permissions | BREAK_GLASS_PERMISSIONS, break_glass_id=grant.id
    )
