"""Keys held outside the database: field encryption (AES-GCM), blind indexes and the audit HMAC key.

The key ring is one JSON file, ``keys.json`` in the data directory (``REVCYCLE_DATA_DIR``), or the
file named by ``REVCYCLE_KEY_FILE``; it is created on first use with mode 0600. Encryption keys are
versioned: new values are written under the active version, old versions stay readable until
``revcycle keys rotate`` has re-encrypted every value. A ciphertext reads ``v<version>:<base64>``.

The blind-index key and the audit HMAC key are versioned too. A blind index is stored with the
version it was computed under (lookups try every version the ring holds, the active one first, so
they keep working while ``revcycle keys rotate --blind-index`` re-indexes). Each audit record
stores the version of the key that sealed it; ``audit_first_positions`` remembers where in the
chain each later audit key took over, so records after a rotation cannot be re-sealed under an
older (possibly leaked) key without ``revcycle audit verify`` noticing.

The ring is re-read when the key file changes, so a running server picks up a rotation.

``EncryptedString`` is the column type: the service reads and writes plain strings.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from revcycle.kit.errors import ConfigurationError

KEY_FILE_NAME = "keys.json"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode())


def _versioned(data: dict[str, object], plural: str, single: str) -> dict[int, bytes]:
    """``{"1": key, ...}`` under ``plural``; a key file from before versioning has one ``single`` key."""
    if plural in data:
        return {int(v): _unb64(str(k)) for v, k in dict(data[plural]).items()}  # type: ignore[call-overload]
    return {1: _unb64(str(data[single]))}


@dataclass
class KeyRing:
    """Versioned AES-256 keys, versioned blind-index keys and versioned audit-chain keys."""

    encryption_keys: dict[int, bytes]
    active_version: int
    index_keys: dict[int, bytes]
    index_version: int
    audit_keys: dict[int, bytes]
    audit_version: int
    audit_first_positions: dict[int, int] = field(default_factory=dict)
    """Audit key version -> the chain position of the first record it sealed (versions after 1)."""
    path: Path | None = field(default=None, compare=False)

    @classmethod
    def generate(cls, path: Path | None = None) -> KeyRing:
        return cls(
            encryption_keys={1: AESGCM.generate_key(bit_length=256)},
            active_version=1,
            index_keys={1: secrets.token_bytes(32)},
            index_version=1,
            audit_keys={1: secrets.token_bytes(32)},
            audit_version=1,
            path=path,
        )

    @property
    def index_key(self) -> bytes:
        """The active blind-index key."""
        return self.index_keys[self.index_version]

    @property
    def audit_key(self) -> bytes:
        """The active audit-chain key (new records are sealed with it)."""
        return self.audit_keys[self.audit_version]

    # -- storage -------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> KeyRing:
        try:
            data = json.loads(path.read_text())
            index_keys = _versioned(data, "index_keys", "index_key")
            audit_keys = _versioned(data, "audit_keys", "audit_key")
            return cls(
                encryption_keys={int(v): _unb64(k) for v, k in data["encryption_keys"].items()},
                active_version=int(data["active_version"]),
                index_keys=index_keys,
                index_version=int(data.get("index_version", max(index_keys))),
                audit_keys=audit_keys,
                audit_version=int(data.get("audit_version", max(audit_keys))),
                audit_first_positions={
                    int(v): int(p) for v, p in data.get("audit_first_positions", {}).items()
                },
                path=path,
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigurationError(f"the key file {path.name} cannot be read: {exc}") from None

    @classmethod
    def load_or_create(cls, path: Path) -> KeyRing:
        if path.exists():
            return cls.load(path)
        ring = cls.generate(path)
        ring.save()
        return ring

    def save(self) -> None:
        if self.path is None:
            return
        data = {
            "active_version": self.active_version,
            "encryption_keys": {str(v): _b64(k) for v, k in self.encryption_keys.items()},
            "index_version": self.index_version,
            "index_keys": {str(v): _b64(k) for v, k in self.index_keys.items()},
            "audit_version": self.audit_version,
            "audit_keys": {str(v): _b64(k) for v, k in self.audit_keys.items()},
            "audit_first_positions": {str(v): p for v, p in self.audit_first_positions.items()},
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(data, handle, indent=2)
        os.chmod(tmp, 0o600)
        tmp.replace(self.path)

    # -- use -----------------------------------------------------------------------------------
    def add_version(self) -> int:
        """A new active encryption key; older ones stay for reading. Returns the new version."""
        version = max(self.encryption_keys) + 1
        self.encryption_keys[version] = AESGCM.generate_key(bit_length=256)
        self.active_version = version
        return version

    def add_index_version(self) -> int:
        """A new active blind-index key; older ones stay so lookups work until re-indexing ends."""
        version = max(self.index_keys) + 1
        self.index_keys[version] = secrets.token_bytes(32)
        self.index_version = version
        return version

    def add_audit_version(self) -> int:
        """A new active audit-chain key for new records; older records keep verifying with theirs."""
        version = max(self.audit_keys) + 1
        self.audit_keys[version] = secrets.token_bytes(32)
        self.audit_version = version
        return version

    def encrypt(self, plaintext: str, *, purpose: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self.encryption_keys[self.active_version]).encrypt(
            nonce, plaintext.encode(), purpose.encode()
        )
        return f"v{self.active_version}:{_b64(nonce + sealed)}"

    def decrypt(self, ciphertext: str, *, purpose: str) -> str:
        version_text, _, body = ciphertext.partition(":")
        try:
            key = self.encryption_keys[int(version_text.removeprefix("v"))]
        except (KeyError, ValueError):
            raise ConfigurationError(
                f"no key of version {version_text} in the key file: restore the key file"
            ) from None
        raw = _unb64(body)
        return AESGCM(key).decrypt(raw[:12], raw[12:], purpose.encode()).decode()

    @staticmethod
    def version_of(ciphertext: str) -> int:
        return int(ciphertext.partition(":")[0].removeprefix("v"))

    def blind_index(self, value: str, *, purpose: str, version: int | None = None) -> str:
        """A keyed HMAC of the normalised value: equal values match, the value cannot be read back.

        Computed under the active index key unless ``version`` names another one the ring holds.
        """
        key = self.index_keys[self.index_version if version is None else version]
        normalised = "".join(value.split()).upper()
        return hmac.new(key, f"{purpose}|{normalised}".encode(), hashlib.sha256).hexdigest()

    def index_versions(self) -> list[int]:
        """The blind-index versions to look a value up under: the active one first."""
        return [
            self.index_version,
            *sorted((v for v in self.index_keys if v != self.index_version), reverse=True),
        ]


_lock = threading.Lock()
_ring: KeyRing | None = None
_ring_stamp: int | None = None
"""The key file's modification time when ``_ring`` was read from it."""


def key_file_path() -> Path:
    from revcycle.kit.settings import get_settings

    named = os.environ.get("REVCYCLE_KEY_FILE")
    return Path(named) if named else get_settings().data_dir / KEY_FILE_NAME


def _stamp(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def key_ring() -> KeyRing:
    """The process's key ring, loaded (or created) on first use and re-read when its file changes."""
    global _ring, _ring_stamp
    with _lock:
        if _ring is None:
            _ring = KeyRing.load_or_create(key_file_path())
            _ring_stamp = _stamp(_ring.path) if _ring.path else None
        elif _ring.path is not None and _ring_stamp is not None:
            stamp = _stamp(_ring.path)
            if stamp is not None and stamp != _ring_stamp:
                _ring = KeyRing.load(_ring.path)
                _ring_stamp = stamp
        return _ring


def install_key_ring(ring: KeyRing | None) -> None:
    """Use ``ring`` from now on (tests, key rotation); ``None`` reloads from the file on next use."""
    global _ring, _ring_stamp
    with _lock:
        _ring = ring
        _ring_stamp = _stamp(ring.path) if ring is not None and ring.path is not None else None


class EncryptedString(TypeDecorator[str]):
    """A string column stored encrypted with AES-GCM under the key ring's active key."""

    impl = Text
    cache_ok = True

    def __init__(self, purpose: str) -> None:
        super().__init__()
        self.purpose = purpose

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return key_ring().encrypt(value, purpose=self.purpose)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return key_ring().decrypt(value, purpose=self.purpose)
