"""Password hashing with argon2id, and TOTP second factors."""

from __future__ import annotations

import os
from functools import lru_cache

import pyotp
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

STANDARD = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}
"""argon2id parameters for production (RFC 9106 second recommendation: 64 MiB, 3 passes)."""
FAST = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
"""Only when ``REVCYCLE_PASSWORD_HASHING=fast`` (the test suite): still argon2id, much cheaper."""


@lru_cache(maxsize=2)
def _hasher(profile: str) -> PasswordHasher:
    params = FAST if profile == "fast" else STANDARD
    return PasswordHasher(
        time_cost=params["time_cost"],
        memory_cost=params["memory_cost"],
        parallelism=params["parallelism"],
        hash_len=32,
        salt_len=16,
        type=Type.ID,
    )


def hasher() -> PasswordHasher:
    return _hasher(os.environ.get("REVCYCLE_PASSWORD_HASHING", "standard"))


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def spend_equal_time(password: str) -> None:
    """Hash anyway when the user is unknown, so timing does not reveal which names exist."""
    hasher().hash(password)


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="revcycle")


def verify_totp(secret: str, code: str) -> bool:
    """Accept the current 30-second code, or the one just before or after (clock drift)."""
    return pyotp.TOTP(secret).verify(code.strip().replace(" ", ""), valid_window=1)
