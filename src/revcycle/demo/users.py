"""Demo users: one per role for the demo practice, each with its own one-time password.

The first sign-in of each leads to the change-password page; nothing else opens until then.

The passwords (and the TOTP secrets of the admin and the supervisor) are written once to
``demo-credentials.txt`` in the data directory (mode 0600); nothing is printed but its location.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from revcycle.kit.db import UnitOfWork
from revcycle.security.domain import Role
from revcycle.security.repository import user_by_name
from revcycle.security.service.passwords import totp_uri
from revcycle.security.service.users import create_user, one_time_password

DEMO_USERS = (
    ("admin", Role.ADMIN),
    ("front.desk", Role.FRONT_DESK),
    ("coder", Role.CODER),
    ("biller", Role.BILLER),
    ("supervisor", Role.SUPERVISOR),
    ("auditor", Role.AUDITOR),
)
CREDENTIALS_FILE = "demo-credentials.txt"


@dataclass(frozen=True)
class DemoUsers:
    created: int
    credentials: Path


def load_demo_users(uow: UnitOfWork, *, practice_id: int, data_dir: Path) -> DemoUsers:
    """Create the demo users once; later loads leave them (and the credentials file) alone."""
    path = data_dir / CREDENTIALS_FILE
    lines = []
    for username, role in DEMO_USERS:
        if user_by_name(uow, username) is not None:
            continue
        password = one_time_password(username)
        new = create_user(
            uow,
            username=username,
            role=role,
            practice_id=practice_id,
            password=password,
            must_change_password=True,
        )
        line = f"{username}\t{role.value}\tone-time password: {password}"
        if new.totp_secret:
            line += f"\ttotp secret: {new.totp_secret}\t{totp_uri(new.totp_secret, username)}"
        lines.append(line)
    if lines:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a") as handle:
            handle.write(
                "# revcycle demo users: one-time passwords, changed at the first sign-in; "
                "admin and supervisor need the TOTP code\n"
            )
            handle.write("\n".join(lines) + "\n")
        os.chmod(path, 0o600)
    return DemoUsers(len(lines), path)
