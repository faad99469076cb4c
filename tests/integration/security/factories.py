"""Build users, tokens and sessions for tests: ``auth_headers(database, practice_id, role)``."""

from __future__ import annotations

import itertools
import os
from typing import Any

import pyotp

from revcycle.intake import schemas as intake_schemas
from revcycle.intake import service as intake_service
from revcycle.kit.crypto import KeyRing, install_key_ring
from revcycle.kit.db import Database
from revcycle.security.service import sessions, tokens, users

os.environ.setdefault("REVCYCLE_PASSWORD_HASHING", "fast")
TEST_KEY_RING = KeyRing.generate()
install_key_ring(TEST_KEY_RING)

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


def practice_values(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Test Clinic",
        "tin": "84-1234567",
        "billing_npi": "1234567893",
        "address": {"line1": "1 Main St", "city": "Denver", "state": "CO", "zip": "80202"},
    }
    return body | overrides


def make_practice(database: Database, **overrides: Any) -> dict[str, Any]:
    """A practice as the API shows it (``id``, ``tin``...)."""
    with database.transaction() as uow:
        row = intake_service.create_practice(uow, values=practice_values(**overrides))
        return intake_schemas.PracticeOut.model_validate(row).model_dump(mode="json")


def make_user(
    database: Database, practice_id: int, role: str, *, username: str | None = None
) -> users.NewUser:
    name = username or f"u{next(_numbers)}-{role.replace('_', '-')}"
    with database.transaction() as uow:
        return users.create_user(uow, username=name, role=role, practice_id=practice_id, password=PASSWORD)


def auth_headers(
    database: Database, practice_id: int, role: str = "admin", **token_args: Any
) -> dict[str, str]:
    """A new user of ``role`` in the practice, and the bearer header of a fresh token of theirs."""
    new = make_user(database, practice_id, role)
    with database.transaction() as uow:
        token = tokens.create_token(uow, user_id=new.user.id, **token_args).token
    return {"Authorization": f"Bearer {token}"}


def session_cookie(database: Database, practice_id: int, role: str) -> str:
    """A signed-in web session (second factor passed) for a new user of ``role``."""
    new = make_user(database, practice_id, role)
    with database.transaction() as uow:
        user = users.get_user(uow, new.user.id)
        session = sessions.start_session(uow, user)
        session.row.mfa_passed = True
        return session.cookie


def totp_now(secret: str) -> str:
    return pyotp.TOTP(secret).now()
