"""Sign-in pages: user name and password, the TOTP step for admins and supervisors, sign-out."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from revcycle.api.deps import get_database, require
from revcycle.kit.errors import AuthenticationRequired
from revcycle.security.config import security_settings
from revcycle.security.domain import PUBLIC, AuditAction
from revcycle.security.service import audit, sessions, users
from revcycle.security.service.auth import SESSION_COOKIE
from revcycle.security.service.rate_limit import RateLimiter
from revcycle.web.app import render, set_cookie, verify_csrf

router = APIRouter(include_in_schema=False, dependencies=[require(PUBLIC)])
log = logging.getLogger("revcycle.security")
_limits: dict[str, RateLimiter] = {}


def limiter(kind: str) -> RateLimiter:
    if kind not in _limits:
        settings = security_settings()
        _limits[kind] = RateLimiter(settings.sign_in_per_user if kind == "user" else settings.sign_in_per_ip)
    return _limits[kind]


def reset_rate_limits() -> None:
    _limits.clear()


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/sign-in", name="sign_in")
def sign_in_page(request: Request) -> Response:
    return render(request, "sign_in.html", title="Sign in")


@router.post("/sign-in", dependencies=[Depends(verify_csrf)])
def sign_in(
    request: Request,
    username: Annotated[str, Form(max_length=40)],
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    username = username.strip().lower()
    if not limiter("user").hit(username) or not limiter("ip").hit(_client_ip(request)):
        log.warning("sign-in rate limit reached", extra={"client": _client_ip(request)})
        return render(
            request, "sign_in.html", 429, title="Sign in", error="Too many attempts; wait a minute."
        )
    with get_database(request).uow() as uow:
        try:
            user = users.check_password(uow, username=username, password=password)
        except users.SignInFailed as exc:
            uow.commit()  # the failure count, the lock and their audit records stay
            return render(request, "sign_in.html", 401, title="Sign in", error=exc.message, username=username)
        new = sessions.start_session(uow, user, ip=_client_ip(request))
        needs_mfa = not new.row.mfa_passed
        if not needs_mfa:
            audit.record_access(uow, users.principal_for(user), AuditAction.SIGN_IN, "user", user.id)
        uow.commit()
    response = RedirectResponse("/sign-in/totp" if needs_mfa else "/", status_code=303)
    set_cookie(response, request, SESSION_COOKIE, new.cookie)
    return response


def _pending(request: Request) -> sessions.LiveSession:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        raise AuthenticationRequired("please sign in")
    with get_database(request).transaction() as uow:
        return sessions.find_session(uow, cookie)


@router.get("/sign-in/totp", name="sign_in_totp")
def totp_page(request: Request) -> Response:
    live = _pending(request)
    if not live.needs_mfa:
        return RedirectResponse("/", status_code=303)
    return render(request, "totp.html", title="Second step")


@router.post("/sign-in/totp", dependencies=[Depends(verify_csrf)])
def totp_step(request: Request, code: Annotated[str, Form(max_length=12)]) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE) or ""
    with get_database(request).transaction() as uow:
        live = sessions.find_session(uow, cookie)
        passed, locked = users.check_second_factor(uow, live.user, code)
        if passed:
            cookie = sessions.pass_mfa(uow, live)
        elif locked:
            sessions.end_session(uow, cookie)
    if passed:
        done = RedirectResponse("/", status_code=303)
        set_cookie(done, request, SESSION_COOKIE, cookie)
        return done
    if locked:
        response: Response = RedirectResponse("/sign-in", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response
    return render(request, "totp.html", 401, title="Second step", error="That code is not right; try again.")


@router.post("/sign-out", name="sign_out", dependencies=[Depends(verify_csrf)])
def sign_out(request: Request) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        with get_database(request).transaction() as uow:
            sessions.end_session(uow, cookie)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
