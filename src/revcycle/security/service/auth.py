"""Who is asking: a bearer token or a session cookie becomes a :class:`Principal`."""

from __future__ import annotations

from dataclasses import replace

from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import AuthenticationRequired
from revcycle.security import repository
from revcycle.security.domain import Principal
from revcycle.security.service.sessions import find_session
from revcycle.security.service.tokens import principal_from_token

SESSION_COOKIE = "rc_session"


class PasswordChangeRequired(AuthenticationRequired):
    """The user signed in with a one-time password and must choose their own before anything else."""


def authenticate(uow: UnitOfWork, *, authorization: str | None, session_cookie: str | None) -> Principal:
    """The principal behind the request's credentials; a bearer token wins over a cookie."""
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationRequired("send Authorization: Bearer <token>")
        return principal_from_token(uow, token.strip())
    if session_cookie:
        live = find_session(uow, session_cookie)
        if live.needs_mfa:
            raise AuthenticationRequired("enter the code from your authenticator app to finish signing in")
        if live.user.must_change_password:
            raise PasswordChangeRequired("change your one-time password first (/change-password)")
        return with_break_glass(uow, live.principal())
    raise AuthenticationRequired("sign in, or send Authorization: Bearer <token>")


def with_break_glass(uow: UnitOfWork, principal: Principal) -> Principal:
    """Note the user's open emergency grant and its patient. It widens nothing here: only a route of
    that patient does (``Principal.for_patient``), and only until the grant expires."""
    if principal.user_id is None:
        return principal
    grant = repository.active_grant(uow, principal.user_id, clock.now())
    if grant is None or grant.patient_id is None:
        return principal
    return replace(principal, grant_id=grant.id, grant_patient_id=grant.patient_id)
