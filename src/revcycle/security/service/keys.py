"""Key rotation: a new encryption key version, then every encrypted value re-encrypted under it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Table, column, select, table, update

from revcycle.kit.crypto import EncryptedString, KeyRing, key_ring
from revcycle.kit.db import Base, UnitOfWork


@dataclass(frozen=True)
class RotationReport:
    new_version: int
    values: int
    columns: tuple[str, ...]


def encrypted_columns() -> list[tuple[Table, Column[str], str]]:
    """Every ``EncryptedString`` column of every table, with its purpose (the AES-GCM context)."""
    found = []
    for tbl in Base.metadata.tables.values():
        for col in tbl.columns:
            if isinstance(col.type, EncryptedString):
                found.append((tbl, col, col.type.purpose))
    return found


def rotate_keys(uow: UnitOfWork, ring: KeyRing | None = None) -> RotationReport:
    """Add a key version, save the key ring, then re-encrypt every value; the caller commits.

    The key file is written first and keeps the old versions, so an interrupted rotation loses
    nothing: values not yet re-encrypted stay readable, and running the rotation again finishes it.
    """
    ring = ring or key_ring()
    version = ring.add_version()
    ring.save()
    count = 0
    names = []
    for tbl, col, purpose in encrypted_columns():
        names.append(f"{tbl.name}.{col.name}")
        raw = table(tbl.name, column("id"), column(col.name))
        rows = uow.session.execute(
            select(raw.c.id, raw.c[col.name]).where(raw.c[col.name].is_not(None))
        ).all()
        for ident, ciphertext in rows:
            plain = ring.decrypt(ciphertext, purpose=purpose)
            uow.session.execute(
                update(raw).where(raw.c.id == ident).values({col.name: ring.encrypt(plain, purpose=purpose)})
            )
            count += 1
    # TOTP secrets are encrypted by hand (not a column type): re-encrypt them too.
    from revcycle.security.service.users import TOTP_PURPOSE
    from revcycle.security.tables import UserRow

    for user in uow.session.scalars(select(UserRow).where(UserRow.totp_secret.is_not(None))):
        assert user.totp_secret is not None
        secret = ring.decrypt(user.totp_secret, purpose=TOTP_PURPOSE)
        user.totp_secret = ring.encrypt(secret, purpose=TOTP_PURPOSE)
        count += 1
    names.append("users.totp_secret")
    uow.flush()
    return RotationReport(version, count, tuple(names))
