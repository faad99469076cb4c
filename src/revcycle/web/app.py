"""The web app's frame: templates, the base layout with navigation by role, CSRF, session cookies.

Each context adds pages in its own ``views.py`` (a ``router`` of server-rendered pages) and lists
the module in ``VIEWS``. Pages declare permissions like API routes (``require("patients:read")``)
and render with :func:`render`, which hands every template the signed-in ``principal``, the
navigation the role may see, and the ``csrf_token`` every form posts back (checked by
``verify_csrf``, which every form-handling route lists in its dependencies).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates

from revcycle.api.deps import get_database, optional_principal
from revcycle.kit.errors import AccessDenied
from revcycle.security import repository
from revcycle.security.config import security_settings
from revcycle.security.domain import Principal
from revcycle.security.service.auth import SESSION_COOKIE
from revcycle.security.service.tokens import digest

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
templates = Jinja2Templates(directory=WEB_DIR / "templates")
templates.env.filters["money"] = lambda m: "" if m is None else m.display()
templates.env.filters["us_date"] = lambda d: "" if d is None else d.strftime("%m/%d/%Y")
templates.env.filters["us_datetime"] = lambda d: "" if d is None else d.strftime("%m/%d/%Y %H:%M UTC")
templates.env.filters["words"] = lambda s: "" if s is None else str(s).replace("_", " ")

VIEWS: tuple[str, ...] = (
    "revcycle.security.views",
    "revcycle.web.home",
    "revcycle.intake.views",
    "revcycle.claims.views",
    "revcycle.claims.queue_views",
    "revcycle.charges.views",
    "revcycle.codes.views",
    "revcycle.web.assign_views",
    "revcycle.patient_billing.views",
    "revcycle.remittance.denial_views",
    "revcycle.remittance.views",
    "revcycle.security.review_views",
    "revcycle.security.disclosure_views",
    "revcycle.security.coding_views",
)
"""Modules whose ``router`` of pages is mounted at the site root."""

CSRF_COOKIE = "rc_csrf"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    permission: str
    unless: str | None = None
    """Hidden from roles holding this permission (they reach the page from another item)."""

    def shown_to(self, principal: Principal) -> bool:
        return principal.can(self.permission) and not (self.unless and principal.can(self.unless))


NAV: tuple[NavItem, ...] = (
    NavItem("Dashboard", "/", "self:read"),
    NavItem("Patients", "/patients", "patients:read"),
    NavItem("Claims to fix", "/queues/to-fix", "claims:read"),
    NavItem("Rejections", "/queues/rejections", "claims:read"),
    NavItem("Unpaid", "/queues/unpaid", "claims:read"),
    NavItem("Denials", "/queues/denials", "payments:read"),
    NavItem("Balances", "/queues/balances", "payments:read"),
    NavItem("Eligibility", "/queues/eligibility", "coverages:read"),
    NavItem("Remittances", "/remittances", "payments:read"),
    NavItem("Charge entry", "/encounters/new", "charges:write"),
    NavItem("Break-glass review", "/break-glass", "break_glass:review"),
    NavItem("Disclosures", "/disclosures", "disclosures:read"),
    NavItem("Disclosures", "/disclosures/new", "disclosures:write", unless="disclosures:read"),
    NavItem("Coding audit", "/coding-audits", "coding_audit:read"),
)
"""The navigation; each item shows only to roles holding its permission. Screens add theirs here."""


def cookie_secure(request: Request) -> bool:
    setting = security_settings().cookie_secure
    if setting in ("true", "false"):
        return setting == "true"
    return request.url.scheme == "https"


def set_cookie(
    response: Response, request: Request, name: str, value: str, *, max_age: int | None = None
) -> None:
    """Cookies are HttpOnly, SameSite=Strict, Secure over TLS (or when configured)."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=cookie_secure(request),
        path="/",
    )


def _session_csrf(request: Request) -> str | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    with get_database(request).uow() as uow:
        row = repository.session_by_hash(uow, digest(cookie))
        return row.csrf_token if row is not None and row.ended_at is None else None


def csrf_token(request: Request) -> str:
    """The token this browser's forms must post: the session's, or a pre-sign-in cookie's."""
    token = _session_csrf(request) or request.cookies.get(CSRF_COOKIE)
    if not token:
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


async def verify_csrf(request: Request) -> None:
    """Refuse a form post whose ``csrf_token`` does not match this browser's (403)."""
    form = await request.form()
    sent = str(form.get(CSRF_FIELD) or "")
    expected = _session_csrf(request) or request.cookies.get(CSRF_COOKIE) or ""
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise AccessDenied(
            "the form has expired or did not come from revcycle; reload the page and try again"
        )


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    """A page in the base layout, with ``principal``, ``nav`` and ``csrf_token`` in its context."""
    principal = getattr(request.state, "principal", None) or optional_principal(request)
    nav = [item for item in NAV if principal is not None and item.shown_to(principal)]
    token = csrf_token(request)
    response = templates.TemplateResponse(
        request,
        template,
        {"principal": principal, "nav": nav, "csrf_token": token, **context},
        status_code=status_code,
    )
    if getattr(request.state, "new_csrf", None):
        set_cookie(response, request, CSRF_COOKIE, token)
    return response
