"""Keys held outside the database: field encryption (AES-GCM), blind indexes and the audit HMAC key.

The key ring is one JSON file, ``keys.json`` in the data directory (``REVCYCLE_DATA_DIR``), or the
file named by ``REVCYCLE_KEY_FILE``; it is created on first use with mode 0600. Encryption keys are
versioned: new values are written under the active version, old versions stay readable until
``revcycle keys rotate`` has re-encrypted every value. A ciphertext reads ``v<version>:<base64>``.

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


@dataclass
class KeyRing:
    """Versioned AES-256 keys, a blind-index key and an audit-chain key."""

    encryption_keys: dict[int, bytes]
    active_version: int
    index_key: bytes
    audit_key: bytes
    path: Path | None = field(default=None, compare=False)

    @classmethod
    def generate(cls, path: Path | None = None) -> KeyRing:
        return cls(
            encryption_keys={1: AESGCM.generate_key(bit_length=256)},
            active_version=1,
            index_key=secrets.token_bytes(32),
            audit_key=secrets.token_bytes(32),
            path=path,
        )

    # -- storage -------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> KeyRing:
        try:
            data = json.loads(path.read_text())
            return cls(
                encryption_keys={int(v): _unb64(k) for v, k in data["encryption_keys"].items()},
                active_version=int(data["active_version"]),
                index_key=_unb64(data["index_key"]),
                audit_key=_unb64(data["audit_key"]),
                path=path,
            )
        except (OSError, ValueError, KeyError) as exc:
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
            "index_key": _b64(self.index_key),
            "audit_key": _b64(self.audit_key),
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

    def blind_index(self, value: str, *, purpose: str) -> str:
        """A keyed HMAC of the normalised value: equal values match, the value cannot be read back."""
        normalised = "".join(value.split()).upper()
        return hmac.new(self.index_key, f"{purpose}|{normalised}".encode(), hashlib.sha256).hexdigest()


_lock = threading.Lock()
_ring: KeyRing | None = None


def key_file_path() -> Path:
    from revcycle.kit.settings import get_settings

    named = os.environ.get("REVCYCLE_KEY_FILE")
    return Path(named) if named else get_settings().data_dir / KEY_FILE_NAME


def key_ring() -> KeyRing:
    """The process's key ring, loaded (or created) on first use."""
    global _ring
    with _lock:
        if _ring is None:
            _ring = KeyRing.load_or_create(key_file_path())
        return _ring


def install_key_ring(ring: KeyRing | None) -> None:
    """Use ``ring`` from now on (tests, key rotation); ``None`` reloads from the file on next use."""
    global _ring
    with _lock:
        _ring = ring


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
