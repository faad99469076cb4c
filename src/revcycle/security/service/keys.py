"""Key rotation: a new key version, then everything that depends on the key redone under it.

- field encryption (``rotate_keys``): every encrypted value re-encrypted under the new AES key;
- blind indexes (``rotate_blind_index``): every member-ID index recomputed under the new index key;
- the audit chain (``rotate_audit_key``): new records are sealed under the new HMAC key, older ones
  keep verifying with theirs.

The key file is always saved before the database changes, and keeps every old version, so an
interrupted rotation loses nothing: running it again finishes the job.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Table, column, select, table, update

from revcycle.kit.crypto import EncryptedString, KeyRing, key_ring
from revcycle.kit.db import Base, Database, UnitOfWork
from revcycle.security.domain import AuditAction


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


def rotate_blind_index(uow: UnitOfWork, ring: KeyRing | None = None) -> RotationReport:
    """Add a blind-index key version, save the key ring, then recompute every member-ID index
    under it; the caller commits.

    Until the commit, lookups still find rows under the older index version they carry (the key
    ring keeps it), so searching by member ID keeps working during the rotation.
    """
    from revcycle.intake.tables import MEMBER_ID_PURPOSE

    ring = ring or key_ring()
    version = ring.add_index_version()
    ring.save()
    coverages = table(
        "coverages",
        column("id"),
        column("member_id_ciphertext"),
        column("member_id_index"),
        column("member_id_index_version"),
    )
    rows = uow.session.execute(
        select(coverages.c.id, coverages.c.member_id_ciphertext).where(
            coverages.c.member_id_index_version != version
        )
    ).all()
    for ident, ciphertext in rows:
        member_id = ring.decrypt(ciphertext, purpose=MEMBER_ID_PURPOSE)
        uow.session.execute(
            update(coverages)
            .where(coverages.c.id == ident)
            .values(
                member_id_index=ring.blind_index(member_id, purpose=MEMBER_ID_PURPOSE, version=version),
                member_id_index_version=version,
            )
        )
    uow.flush()
    return RotationReport(version, len(rows), ("coverages.member_id_index",))


def rotate_audit_key(database: Database, ring: KeyRing | None = None) -> RotationReport:
    """Add an audit-chain key version for new records and note in the key file where it took over.

    A first record sealed under the new key marks the hand-over; its chain position goes into the
    key file, so ``revcycle audit verify`` refuses any later record sealed under an older key.
    """
    from revcycle.security.service.audit import record_access

    ring = ring or key_ring()
    version = ring.add_audit_version()
    ring.save()
    with database.transaction() as uow:
        marker = record_access(
            uow,
            None,
            AuditAction.KEY_ROTATION,
            "audit_key",
            version,
            detail=f"audit key version {version} seals the records from here on",
        )
    if marker.position is not None:
        ring.audit_first_positions[version] = marker.position
        ring.save()
    return RotationReport(version, 0, ("audit_events",))
