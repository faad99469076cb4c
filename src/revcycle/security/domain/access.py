"""Roles, the permission matrix (deny by default), the signed-in principal, passwords and sessions,
break-glass and coding-audit sampling. Pure: no database, no web, no files."""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from revcycle.kit.errors import AccessDenied, FieldErrors


class Role(StrEnum):
    """What a user does in the billing office; each role holds a fixed set of permissions."""

    FRONT_DESK = "front_desk"
    """Registers patients and insurance, collects copays; never sees diagnoses."""
    CODER = "coder"
    """Codes encounters (diagnoses and procedures)."""
    BILLER = "biller"
    """Builds and follows claims, posts payments, works denials."""
    SUPERVISOR = "supervisor"
    """Oversees the office: reviews break-glass access and coding audits."""
    ADMIN = "admin"
    """Runs the installation: users, practice settings, code sets."""
    AUDITOR = "auditor"
    """Reads everything needed for compliance, including the audit log; changes nothing."""


FD, CO, BI, SU, AD, AU = (
    Role.FRONT_DESK,
    Role.CODER,
    Role.BILLER,
    Role.SUPERVISOR,
    Role.ADMIN,
    Role.AUDITOR,
)
ALL_ROLES = frozenset(Role)

PUBLIC = "public"
"""The pseudo-permission of routes anyone may call without signing in (sign-in page, health)."""

MATRIX: Mapping[str, frozenset[Role]] = {
    "self:read": ALL_ROLES,
    "practices:read": ALL_ROLES,
    "practices:write": frozenset({AD}),
    "practices:create": frozenset({AD}),
    "providers:read": ALL_ROLES,
    "providers:write": frozenset({SU, AD}),
    "facilities:read": ALL_ROLES,
    "facilities:write": frozenset({SU, AD}),
    "payers:read": ALL_ROLES,
    "payers:write": frozenset({BI, SU, AD}),
    "patients:read": frozenset({FD, CO, BI, SU, AD, AU}),
    "patients:write": frozenset({FD, BI, SU, AD}),
    "guarantors:read": frozenset({FD, BI, SU, AD, AU}),
    "guarantors:write": frozenset({FD, BI, SU, AD}),
    "coverages:read": frozenset({FD, BI, SU, AD, AU}),
    "coverages:write": frozenset({FD, BI, SU, AD}),
    "diagnoses:read": frozenset({CO, BI, SU, AU}),
    "diagnoses:write": frozenset({CO, SU}),
    "codes:read": ALL_ROLES,
    "codes:write": frozenset({SU, AD}),
    "charges:read": frozenset({CO, BI, SU, AU}),
    "charges:write": frozenset({CO, BI, SU}),
    "claims:read": frozenset({CO, BI, SU, AU}),
    "claims:write": frozenset({BI, SU}),
    "x12:read": frozenset({BI, SU, AU}),
    "x12:write": frozenset({BI, SU}),
    "payments:read": frozenset({FD, BI, SU, AU}),
    "payments:write": frozenset({FD, BI, SU}),
    "write_offs:approve": frozenset({SU}),
    "posting_rules:write": frozenset({SU, AD}),
    "reports:read": frozenset({BI, SU, AD, AU}),
    "audit:read": frozenset({SU, AD, AU}),
    "disclosures:read": frozenset({SU, AU}),
    "disclosures:write": frozenset({BI, SU}),
    "users:read": frozenset({AD, AU}),
    "users:write": frozenset({AD}),
    "break_glass:use": frozenset({FD, CO, BI, SU}),
    "break_glass:review": frozenset({SU}),
    "coding_audit:read": frozenset({SU, AU}),
    "coding_audit:write": frozenset({SU}),
}
"""Which roles hold each permission. A permission absent from this table is held by no one."""

MFA_ROLES = frozenset({AD, SU})
"""Roles that must pass a TOTP second factor to sign in to the web app."""

BREAK_GLASS_PERMISSIONS = frozenset(
    {"patients:read", "coverages:read", "guarantors:read", "diagnoses:read", "charges:read", "claims:read"}
)
"""What an emergency (break-glass) grant adds, for its short life, to the user's own permissions,
on the routes of the one patient it names (a path ``/patients/{id}...`` with that id), nowhere else."""

PHI_PERMISSIONS = frozenset(
    {
        "patients:read",
        "patients:write",
        "guarantors:read",
        "guarantors:write",
        "coverages:read",
        "coverages:write",
        "diagnoses:read",
        "diagnoses:write",
        "charges:read",
        "charges:write",
        "claims:read",
        "claims:write",
        "x12:read",
        "x12:write",
        "payments:read",
        "payments:write",
        "disclosures:read",
        "disclosures:write",
    }
)
"""Permissions that guard protected health information: refused calls to them are audited even
without credentials."""


def permissions_for(role: Role | str) -> frozenset[str]:
    """Every permission ``role`` holds under the matrix."""
    role = Role(role)
    return frozenset(p for p, roles in MATRIX.items() if role in roles)


def is_known_permission(permission: str) -> bool:
    return permission == PUBLIC or permission in MATRIX


def patient_in_path(template: str, params: Mapping[str, object]) -> int | None:
    """The patient id a route's path names (``/patients/{patient_id}/...``), if it names one."""
    parts = template.strip("/").split("/")
    for here, after in itertools.pairwise(parts):
        if here == "patients" and after.startswith("{") and after.endswith("}"):
            value = params.get(after[1:-1].split(":")[0])
            try:
                return int(str(value))
            except ValueError:
                return None
    return None


@dataclass(frozen=True)
class Principal:
    """Who is asking: the signed-in user (or token), their role, practice and permissions."""

    practice_id: int
    user_id: int | None = None
    role: str | None = None
    permissions: frozenset[str] = frozenset()
    username: str = ""
    via: str = ""
    """``token`` or ``session``."""
    session_id: int | None = None
    token_id: int | None = None
    break_glass_id: int | None = None
    """Set while a request is served under an emergency grant; every audit record carries it."""
    grant_id: int | None = None
    """The user's open emergency grant, if any (it widens nothing by itself)."""
    grant_patient_id: int | None = None
    """The one patient that grant names."""

    def can(self, permission: str) -> bool:
        return permission == PUBLIC or permission in self.permissions

    def for_patient(self, patient_id: int | None) -> Principal:
        """This principal on a route of ``patient_id``: an open grant naming that patient adds the
        break-glass permissions and flags every audit record; any other patient gets nothing more."""
        if self.grant_id is None or patient_id is None or patient_id != self.grant_patient_id:
            return self
        return replace(
            self, permissions=self.permissions | BREAK_GLASS_PERMISSIONS, break_glass_id=self.grant_id
        )

    def check(self, permission: str) -> None:
        """Raise ``AccessDenied`` unless this principal holds ``permission``."""
        if not self.can(permission):
            raise AccessDenied(f"your role ({self.role}) does not hold the permission {permission}")


# -- passwords, lock-out, sessions ----------------------------------------------------------------
MIN_PASSWORD_LENGTH = 12
USERNAME_PATTERN = "^[a-z][a-z0-9._-]{2,39}$"
SHARED_OR_DEFAULT_NAMES = frozenset(
    {"root", "user", "guest", "test", "shared", "frontdesk", "billing", "everyone", "office"}
)


def validate_password(password: str, *, username: str) -> None:
    """A password is long enough and is not the user name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise FieldErrors.single("password", f"use at least {MIN_PASSWORD_LENGTH} characters")
    if username.lower() in password.lower():
        raise FieldErrors.single("password", "the password must not contain the user name")


def validate_username(username: str) -> None:
    """One person, one account: no generic or shared names."""
    if not re.fullmatch(USERNAME_PATTERN, username):
        raise FieldErrors.single(
            "username", "use 3-40 lower-case letters, digits, dots, dashes or underscores, from a letter"
        )
    if username in SHARED_OR_DEFAULT_NAMES:
        raise FieldErrors.single("username", "shared or default account names are not allowed")


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_for: timedelta = timedelta(minutes=15)


def lock_until(failures: int, now: datetime, policy: LockoutPolicy) -> datetime | None:
    """When ``failures`` consecutive failures lock the account, until when."""
    return now + policy.lock_for if failures >= policy.max_failures else None


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta = timedelta(minutes=15)
    absolute: timedelta = timedelta(hours=12)


class SessionState(StrEnum):
    """Whether a web session may still be used."""

    ACTIVE = "active"
    """In use and within both limits."""
    IDLE_EXPIRED = "idle_expired"
    """Unused for longer than the idle timeout (automatic logoff)."""
    ABSOLUTE_EXPIRED = "absolute_expired"
    """Older than the absolute limit, however busy."""
    ENDED = "ended"
    """Signed out."""


def session_state(
    *, created_at: datetime, last_seen_at: datetime, ended: bool, now: datetime, policy: SessionPolicy
) -> SessionState:
    if ended:
        return SessionState.ENDED
    if now - created_at > policy.absolute:
        return SessionState.ABSOLUTE_EXPIRED
    if now - last_seen_at > policy.idle:
        return SessionState.IDLE_EXPIRED
    return SessionState.ACTIVE


def token_permissions(role: str, scopes: Iterable[str]) -> frozenset[str]:
    """An API token holds its user's permissions, narrowed to its scopes when it has any."""
    held = permissions_for(role)
    wanted = frozenset(scopes)
    return held & wanted if wanted else held


# -- break-glass ----------------------------------------------------------------------------------
MIN_BREAK_GLASS_REASON = 15
BREAK_GLASS_FOR = timedelta(hours=1)


def validate_break_glass_reason(reason: str) -> str:
    reason = reason.strip()
    if len(reason) < MIN_BREAK_GLASS_REASON:
        raise FieldErrors.single(
            "reason", f"state why you need emergency access (at least {MIN_BREAK_GLASS_REASON} characters)"
        )
    return reason


# -- coding audit sampling ------------------------------------------------------------------------
def draw_sample(item_ids: Sequence[int], size: int, seed: int) -> list[int]:
    """A reproducible random sample of ``size`` items (all of them when there are fewer)."""
    if size < 1:
        raise FieldErrors.single("size", "draw at least one item")
    chosen = random.Random(seed).sample(sorted(item_ids), min(size, len(item_ids)))  # noqa: S311
    return sorted(chosen)


@dataclass(frozen=True)
class CoderAccuracy:
    coder_user_id: int
    reviewed: int
    correct: int
    pending: int = 0
    errors_by_category: Mapping[str, int] = field(default_factory=dict)

    @property
    def accuracy(self) -> Decimal | None:
        """Share of reviewed items coded correctly, 0.0000-1.0000 (None before any review)."""
        if not self.reviewed:
            return None
        return (Decimal(self.correct) / Decimal(self.reviewed)).quantize(Decimal("0.0001"))
