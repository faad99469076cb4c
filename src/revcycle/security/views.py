"""Sign-in pages: user name and password, the TOTP step for admins and supervisors, the change of a
one-time password (before any other page opens), sign-out."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from revcycle.api.deps import get_database, require
from revcycle.kit.errors import AuthenticationRequired, FieldErrors
from revcycle.security.config import security_settings
from revcycle.security.domain import MIN_PASSWORD_LENGTH, PUBLIC, AuditAction
from revcycle.security.service import audit, sessions, users
from revcycle.security.service.auth import SESSION_COOKIE
from revcycle.security.service.rate_limit import RateLimiter
from revcycle.web.app import csrf_token, render, set_cookie, templates, verify_csrf

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
    audit.reset_unauthenticated_limit()


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _next_step(live: sessions.LiveSession) -> str:
    """Where a signed-in session goes next: the TOTP step, the password change, or the start page."""
    if live.needs_mfa:
        return "/sign-in/totp"
    if live.user.must_change_password:
        return "/change-password"
    return "/"


@router.get("/sign-in", name="sign_in")
def sign_in_page(request: Request) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        try:
            live = _pending(request)
        except AuthenticationRequired:
            pass
        else:
            if _next_step(live) != "/":
                return RedirectResponse(_next_step(live), status_code=303)
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
        next_step = _next_step(sessions.LiveSession(new.row, user))
    response = RedirectResponse(next_step, status_code=303)
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
        return RedirectResponse(_next_step(live), status_code=303)
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
        after = "/change-password" if live.user.must_change_password else "/"
    if passed:
        done = RedirectResponse(after, status_code=303)
        set_cookie(done, request, SESSION_COOKIE, cookie)
        return done
    if locked:
        response: Response = RedirectResponse("/sign-in", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response
    return render(request, "totp.html", 401, title="Second step", error="That code is not right; try again.")


_CHANGE_PAGE_TEMPLATE = """{% extends "base.html" %}
{% block main_class %}narrow{% endblock %}
{% block content %}
<h1>Choose your own password</h1>
<p>You signed in with a one-time password. Choose your own before going on.</p>
{% if errors %}
<ul class="error" role="alert">{% for e in errors %}<li>{{ e }}</li>{% endfor %}</ul>
{% endif %}
<form method="post" action="/change-password">
  <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
  <label for="current_password">Current (one-time) password</label>
  <input id="current_password" name="current_password" type="password" autocomplete="current-password"
    required maxlength="200" autofocus>
  <label for="new_password">New password (at least {{ min_length }} characters)</label>
  <input id="new_password" name="new_password" type="password" autocomplete="new-password"
    required minlength="{{ min_length }}" maxlength="200">
  <button type="submit">Change password</button>
</form>
{% endblock %}
"""


def _change_password_page(
    request: Request, status_code: int = 200, errors: list[str] | None = None
) -> Response:
    """The change-password page in the base layout; no navigation until the password is changed."""
    page = templates.env.from_string(_CHANGE_PAGE_TEMPLATE).render(
        request=request,
        principal=None,
        nav=[],
        csrf_token=csrf_token(request),
        title="Change your password",
        errors=errors or [],
        min_length=MIN_PASSWORD_LENGTH,
    )
    return HTMLResponse(page, status_code=status_code)


@router.get("/change-password", name="change_password")
def change_password_page(request: Request) -> Response:
    live = _pending(request)
    if live.needs_mfa:
        return RedirectResponse("/sign-in/totp", status_code=303)
    return _change_password_page(request)


@router.post("/change-password", dependencies=[Depends(verify_csrf)])
def change_password(
    request: Request,
    current_password: Annotated[str, Form(max_length=200)],
    new_password: Annotated[str, Form(max_length=200)],
) -> Response:
    """Check the current password, set the new one, and hand out a new session cookie."""
    cookie = request.cookies.get(SESSION_COOKIE) or ""
    with get_database(request).uow() as uow:
        live = sessions.find_session(uow, cookie)
        if live.needs_mfa:
            return RedirectResponse("/sign-in/totp", status_code=303)
        try:
            users.change_password(uow, live.user, current=current_password, new=new_password)
        except FieldErrors as exc:
            uow.commit()  # the failure count and its audit record stay
            return _change_password_page(request, 422, [e.message for e in exc.errors])
        cookie = sessions.renew_cookie(live)
        uow.commit()
    done = RedirectResponse("/", status_code=303)
    set_cookie(done, request, SESSION_COOKIE, cookie)
    return done


@router.post("/sign-out", name="sign_out", dependencies=[Depends(verify_csrf)])
def sign_out(request: Request) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        with get_database(request).transaction() as uow:
            sessions.end_session(uow, cookie)
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
