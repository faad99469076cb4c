"""Security settings from the environment (``REVCYCLE_*``), read when first needed.

- ``REVCYCLE_SESSION_IDLE_MINUTES`` (15): automatic logoff after this long without a request.
- ``REVCYCLE_SESSION_MAX_HOURS`` (12): a session ends this long after sign-in, however busy.
- ``REVCYCLE_COOKIE_SECURE``: ``auto`` (default: Secure when the request came over https),
  ``true`` or ``false`` (plain http on a laptop).
- ``REVCYCLE_TLS``: ``true`` when revcycle is served behind TLS (turns on HSTS).
- ``REVCYCLE_PASSWORD_HASHING``: ``standard`` (argon2id, 64 MiB, t=3) or ``fast`` (tests only).
- ``REVCYCLE_SIGN_IN_LIMIT_PER_USER`` (10) and ``..._PER_IP`` (30): sign-in attempts per minute.
- ``REVCYCLE_UNAUTHENTICATED_AUDIT_PER_IP`` (20): refused calls to PHI routes without credentials
  recorded one by one per client address and minute; the rest go into one summary record.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from revcycle.security.domain import LockoutPolicy, SessionPolicy


@dataclass(frozen=True)
class SecuritySettings:
    session: SessionPolicy
    lockout: LockoutPolicy
    cookie_secure: str
    tls: bool
    password_hashing: str
    sign_in_per_user: int
    sign_in_per_ip: int
    unauthenticated_audit_per_ip: int

    @classmethod
    def from_env(cls) -> SecuritySettings:
        env = os.environ.get
        return cls(
            session=SessionPolicy(
                idle=timedelta(minutes=int(env("REVCYCLE_SESSION_IDLE_MINUTES", "15"))),
                absolute=timedelta(hours=int(env("REVCYCLE_SESSION_MAX_HOURS", "12"))),
            ),
            lockout=LockoutPolicy(),
            cookie_secure=env("REVCYCLE_COOKIE_SECURE", "auto").lower(),
            tls=env("REVCYCLE_TLS", "false").lower() == "true",
            password_hashing=env("REVCYCLE_PASSWORD_HASHING", "standard"),
            sign_in_per_user=int(env("REVCYCLE_SIGN_IN_LIMIT_PER_USER", "10")),
            sign_in_per_ip=int(env("REVCYCLE_SIGN_IN_LIMIT_PER_IP", "30")),
            unauthenticated_audit_per_ip=int(env("REVCYCLE_UNAUTHENTICATED_AUDIT_PER_IP", "20")),
        )


def security_settings() -> SecuritySettings:
    return SecuritySettings.from_env()
