"""Users: one account per person, a role, a practice; password sign-in with lock-out."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from revcycle.intake import service as intake_service
from revcycle.kit.clock import clock
from revcycle.kit.crypto import key_ring
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import AccessDenied, FieldCollector, FieldError, FieldErrors, NotFound
from revcycle.security import repository
from revcycle.security.config import security_settings
from revcycle.security.domain import (
    MFA_ROLES,
    AuditAction,
    Outcome,
    Principal,
    Role,
    lock_until,
    permissions_for,
    validate_password,
    validate_username,
)
from revcycle.security.service import audit
from revcycle.security.service.passwords import (
    hash_password,
    new_totp_secret,
    spend_equal_time,
    verify_password,
    verify_totp,
)
from revcycle.security.tables import UserRow

log = logging.getLogger("revcycle.security")
TOTP_PURPOSE = "users.totp_secret"


class SignInFailed(AccessDenied):
    """Wrong user name or password (the message never says which), or a locked account."""


@dataclass(frozen=True)
class NewUser:
    user: UserRow
    totp_secret: str | None
    """Shown once to enrol an authenticator app (admin and supervisor)."""


def create_user(
    uow: UnitOfWork,
    *,
    username: str,
    role: str,
    practice_id: int,
    password: str,
    full_name: str | None = None,
    must_change_password: bool = False,
) -> NewUser:
    """Add a user. Admins and supervisors get a TOTP secret; sign-in will ask for its codes.

    ``must_change_password`` marks ``password`` as one-time: the first web sign-in leads to the
    change-password page, and no other page opens until the user has chosen their own.
    """
    validate_username(username)
    try:
        role_value = Role(role)
    except ValueError:
        raise FieldErrors.single("role", f"one of {', '.join(r.value for r in Role)}") from None
    validate_password(password, username=username)
    intake_service.get_practice(uow, practice_id=practice_id)
    if repository.user_by_name(uow, username) is not None:
        raise FieldErrors.single("username", "this user name is taken")
    secret = new_totp_secret() if role_value in MFA_ROLES else None
    row = UserRow(
        practice_id=practice_id,
        username=username,
        full_name=full_name,
        role=role_value.value,
        password_hash=hash_password(password),
        totp_secret=key_ring().encrypt(secret, purpose=TOTP_PURPOSE) if secret else None,
        active=True,
        must_change_password=must_change_password,
        failed_attempts=0,
    )
    uow.session.add(row)
    uow.flush()
    log.info("user created", extra={"user_id": row.id, "role": row.role, "practice_id": practice_id})
    return NewUser(row, secret)


def one_time_password(username: str) -> str:
    """A random password to hand over once; the user must replace it at the first sign-in."""
    while True:
        password = secrets.token_urlsafe(15)
        if username.lower() not in password.lower():
            return password


def change_password(uow: UnitOfWork, user: UserRow, *, current: str, new: str) -> None:
    """Replace the user's password: the current one must be right; the new one long enough, not the
    user name, and not the current one. Clears the one-time flag; audited (never the passwords)."""
    if not verify_password(user.password_hash, current):
        user.failed_attempts = (user.failed_attempts or 0) + 1
        until = lock_until(user.failed_attempts, clock.now(), security_settings().lockout)
        if until is not None:
            user.locked_until = until
            user.failed_attempts = 0
            log.warning("account locked after repeated wrong current passwords", extra={"user_id": user.id})
        _audit_password(uow, user, Outcome.FAILED, "wrong current password")
        raise FieldErrors.single("current_password", "the current password is not right")
    collector = FieldCollector()
    try:
        validate_password(new, username=user.username)
    except FieldErrors as exc:
        collector.errors.extend(FieldError("new_password", e.message) for e in exc.errors)
    if new == current:
        collector.add("new_password", "choose a password different from the current one")
    collector.raise_if_any()
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.failed_attempts = 0
    _audit_password(uow, user, Outcome.ALLOWED, "password changed")
    log.info("password changed", extra={"user_id": user.id})


def _audit_password(uow: UnitOfWork, user: UserRow, outcome: Outcome, detail: str) -> None:
    audit.record_access(
        uow, principal_for(user), AuditAction.UPDATE, "user", user.id, outcome=outcome, detail=detail
    )


def totp_secret_of(user: UserRow) -> str | None:
    return key_ring().decrypt(user.totp_secret, purpose=TOTP_PURPOSE) if user.totp_secret else None


def principal_for(user: UserRow, **extra: object) -> Principal:
    return Principal(
        practice_id=user.practice_id,
        user_id=user.id,
        role=user.role,
        permissions=permissions_for(user.role),
        username=user.username,
        **extra,  # type: ignore[arg-type]
    )


def check_password(uow: UnitOfWork, *, username: str, password: str) -> UserRow:
    """The user, when the password is right and the account is neither locked nor disabled.

    Each failure counts; ``max_failures`` in a row lock the account for a while (logged and audited).
    """
    now = clock.now()
    user = repository.user_by_name(uow, username)
    if user is None or not user.active:
        spend_equal_time(password)
        log.warning("sign-in refused: unknown or disabled user")
        raise SignInFailed("wrong user name or password")
    if user.locked_until is not None and user.locked_until > now:
        spend_equal_time(password)
        _audit_sign_in(uow, user, Outcome.DENIED, "account locked")
        log.warning("sign-in refused: account locked", extra={"user_id": user.id})
        raise SignInFailed("this account is locked for a while after repeated failures; try later")
    if not verify_password(user.password_hash, password):
        user.failed_attempts = (user.failed_attempts or 0) + 1
        until = lock_until(user.failed_attempts, now, security_settings().lockout)
        detail = "wrong password"
        if until is not None:
            user.locked_until = until
            user.failed_attempts = 0
            detail = "wrong password; account locked"
            log.warning("account locked after repeated sign-in failures", extra={"user_id": user.id})
        _audit_sign_in(uow, user, Outcome.FAILED, detail)
        raise SignInFailed("wrong user name or password")
    user.failed_attempts = 0
    user.locked_until = None
    user.last_sign_in_at = now
    return user


def check_totp(user: UserRow, code: str) -> bool:
    secret = totp_secret_of(user)
    return bool(secret) and verify_totp(secret or "", code)


def check_second_factor(uow: UnitOfWork, user: UserRow, code: str) -> tuple[bool, bool]:
    """(passed, locked): a wrong code counts as a failed sign-in and can lock the account."""
    now = clock.now()
    if user.locked_until is not None and user.locked_until > now:
        _audit_sign_in(uow, user, Outcome.DENIED, "account locked")
        return False, True
    if check_totp(user, code):
        user.failed_attempts = 0
        user.last_sign_in_at = now
        _audit_sign_in(uow, user, Outcome.ALLOWED, "password and TOTP")
        return True, False
    user.failed_attempts = (user.failed_attempts or 0) + 1
    until = lock_until(user.failed_attempts, now, security_settings().lockout)
    if until is not None:
        user.locked_until = until
        user.failed_attempts = 0
        log.warning("account locked after repeated second-factor failures", extra={"user_id": user.id})
    _audit_sign_in(uow, user, Outcome.FAILED, "wrong TOTP code" + ("; account locked" if until else ""))
    return False, until is not None


def _audit_sign_in(uow: UnitOfWork, user: UserRow, outcome: Outcome, detail: str) -> None:
    audit.record_access(
        uow,
        principal_for(user),
        AuditAction.SIGN_IN,
        "user",
        user.id,
        outcome=outcome,
        detail=detail,
    )


def get_user(uow: UnitOfWork, user_id: int) -> UserRow:
    user = repository.user_by_id(uow, user_id)
    if user is None:
        raise NotFound("user", user_id)
    return user


def find_user(uow: UnitOfWork, username: str) -> UserRow:
    user = repository.user_by_name(uow, username)
    if user is None:
        raise NotFound("user", username)
    return user


def practice_users(uow: UnitOfWork, scope: Principal) -> Sequence[UserRow]:
    """The caller's practice's users, by user name (pages show names next to user ids)."""
    return repository.users_of(uow, scope.practice_id)
